/** The streaming reader yields exactly the lines the in-memory reader does, in whole-line chunks. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { decodeContainer } from '../../src/feed/containers.js';
import { streamFile, type StreamItem } from '../../src/feed/stream.js';
import { prng } from '../../src/feed/demo-stream.js';

const dir = mkdtempSync(join(tmpdir(), 'btc-engine-stream-'));
const rnd = prng(7);
// ~12 MiB of lines of random length: several 4 MiB read chunks, lines cut across them.
const text = Buffer.from(Array.from({ length: 60_000 }, (_, i) => `${i} ${'x'.repeat(Math.floor(rnd() * 400))}`).join('\n') + '\n');

async function collect(path: string): Promise<{ parts: Map<string, Buffer>; problems: string[]; items: StreamItem[] }> {
  const parts = new Map<string, Buffer>();
  const problems: string[] = [];
  const items: StreamItem[] = [];
  for await (const item of streamFile(path)) {
    items.push(item);
    if ('problem' in item) { problems.push(item.problem); continue; }
    assert.equal(item.first, !parts.has(item.part), 'first marks the first chunk of each part');
    parts.set(item.part, Buffer.concat([parts.get(item.part) ?? Buffer.alloc(0), item.bytes]));
  }
  return { parts, problems, items };
}

function save(name: string, bytes: Buffer | Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

test('plain and gzip files stream back byte for byte, every chunk ending at a line end', async () => {
  for (const [name, bytes] of [['plain.jsonl', text], ['x.gz', gzipSync(text)]] as const) {
    const r = await collect(save(name, bytes));
    assert.deepEqual(r.problems, []);
    assert.ok(r.parts.get(join(dir, name))!.equals(text), name);
    const chunks = r.items.filter((i): i is Extract<StreamItem, { bytes: Buffer }> => 'bytes' in i);
    assert.ok(chunks.length > 1, 'more than one chunk');
    for (const c of chunks) assert.equal(c.bytes[c.bytes.length - 1], 10);
  }
});

test('a last line without a newline is still delivered', async () => {
  const r = await collect(save('nonl.jsonl', Buffer.from('a\nb')));
  assert.equal(r.parts.get(join(dir, 'nonl.jsonl'))!.toString(), 'a\nb');
});

test('a truncated gzip keeps the same complete lines as the in-memory reader and reports once', async () => {
  const gz = gzipSync(text);
  const cut = gz.subarray(0, Math.floor(gz.length * 0.7));
  const p = save('cut.gz', cut);
  const r = await collect(p);
  const mem = decodeContainer(p, Buffer.from(cut));
  assert.equal(r.problems.length, 1);
  assert.match(r.problems[0], /gzip stream is damaged/);
  assert.ok(r.parts.get(p)!.equals(mem.parts[0].bytes));
});

test('zip entries stream in archive order; a damaged zip reports a problem', async () => {
  const zip = Buffer.from(zipSync({ 'day1.data': new Uint8Array(text), 'day2.data': new Uint8Array(Buffer.from('z\n')) }));
  const p = save('days.data.zip', zip);
  const r = await collect(p);
  assert.deepEqual([...r.parts.keys()], [`${p}!day1.data`, `${p}!day2.data`]);
  assert.ok(r.parts.get(`${p}!day1.data`)!.equals(text));
  assert.deepEqual(r.problems, []);
  const bad = save('bad.zip', zip.subarray(0, Math.floor(zip.length / 2)));
  const rb = await collect(bad);
  assert.equal(rb.problems.length, 1);
  const kept = rb.parts.get(`${bad}!day1.data`) ?? Buffer.alloc(0);
  assert.ok(text.subarray(0, kept.length).equals(kept), 'what was kept is a prefix of whole lines');
});
