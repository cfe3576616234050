/** Containers: plain, gzip (whole and truncated), zip; decided by content, not by name. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { decodeContainer } from '../../src/feed/containers.js';

const text = Buffer.from(Array.from({ length: 2000 }, (_, i) => `{"line":${i},"pad":"${'x'.repeat(40)}"}`).join('\n') + '\n');

test('plain bytes pass through', () => {
  const r = decodeContainer('a.jsonl', text);
  assert.equal(r.parts.length, 1);
  assert.ok(r.parts[0].bytes.equals(text));
  assert.deepEqual(r.problems, []);
});

test('gzip is inflated whatever the file is called', () => {
  const r = decodeContainer('a.txt', gzipSync(text));
  assert.ok(r.parts[0].bytes.equals(text));
  assert.deepEqual(r.problems, []);
});

test('a truncated gzip keeps its complete lines and reports one problem', () => {
  const gz = gzipSync(text);
  const r = decodeContainer('cut.gz', gz.subarray(0, Math.floor(gz.length * 0.6)));
  assert.equal(r.problems.length, 1);
  assert.match(r.problems[0], /gzip stream is damaged/);
  const kept = r.parts[0].bytes;
  assert.ok(kept.length > 0 && kept.length < text.length);
  assert.ok(text.subarray(0, kept.length).equals(kept), 'kept bytes are a prefix of the original');
  assert.equal(kept[kept.length - 1], 10, 'only whole lines are kept');
});

test('zip entries come out in name order; a corrupt zip is a problem, not a crash', () => {
  const zip = Buffer.from(zipSync({ 'b.data': new Uint8Array(Buffer.from('2\n')), 'a.data': new Uint8Array(Buffer.from('1\n')) }));
  const r = decodeContainer('x.data.zip', zip);
  assert.deepEqual(r.parts.map((p) => p.bytes.toString()), ['1\n', '2\n']);
  assert.equal(r.parts[0].name, 'x.data.zip!a.data');
  const bad = decodeContainer('bad.zip', zip.subarray(0, 40));
  assert.equal(bad.parts.length, 0);
  assert.equal(bad.problems.length, 1);
});
