/**
 * Bad input during ingest (issue 5 acceptance): malformed frames are reported and
 * kept in raw (exact replay), a truncated file keeps its complete lines, and a full
 * disk — a file-size limit on the child, since lmdb-js grows its map on demand and
 * a tiny map size never fills — is a clear error that leaves a store that verifies
 * and resumes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Store } from '../../src/store/store.js';
import { verifyStore } from '../../src/store/verify.js';
import { cli, cliWithFileLimit, featuresOutput, RECVTS_FRAMES, recvtsFile, tempDir } from './store-fixtures.js';

async function verified(dir: string): Promise<{ frames: number; rows: number; rejected: number; problems: number }> {
  const store = Store.open(dir);
  try {
    assert.deepEqual(verifyStore(store).filter((c) => c.problems.length > 0), []);
    const [run] = store.ingestRuns();
    return { frames: run?.progress.frames ?? 0, rows: run?.progress.rows ?? 0, rejected: run?.counters.rejected ?? 0, problems: run?.counters.problems ?? 0 };
  } finally {
    await store.close();
  }
}

test('malformed frames are reported with file and line, counted, and kept in raw for replay', async () => {
  const tmp = tempDir('bad');
  const lines = readFileSync(recvtsFile(), 'utf8').trim().split('\n');
  const bad = [...lines.slice(0, 100), '1786310819720003072 {"topic":"orderbook.200.BTCUSDT","type":"delta",', 'not json at all',
    '1786310819720003072 {"topic":"orderbook.200.BTCUSDT","type":"delta","ts":1786310818229,"data":{"s":"BTCUSDT","b":[["abc","1"]],"a":[],"u":1,"seq":1}}',
    '', ...lines.slice(100)];
  const file = join(tmp, 'bad.txt');
  writeFileSync(file, bad.join('\n') + '\n');
  const dir = join(tmp, 's');
  const r = cli(['ingest', '--store', dir, '--backend', 'ts', file]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /bad\.txt:101: malformed-json/);
  assert.match(r.stderr, /stored source 1 .*: 433 frames, \d+ feature rows; 3 rejected lines/);
  const s = await verified(dir);
  assert.deepEqual([s.frames, s.rejected], [RECVTS_FRAMES + 3, 3]);
  assert.equal(cli(['store', 'export', '--store', dir]).stdout, featuresOutput([file]));
  // Raw holds every non-blank line, rejected ones too: the replay meets the same rejections.
  assert.equal(cli(['store', 'export', '--store', dir, '--table', 'raw']).stdout, bad.filter((l) => l !== '').join('\n') + '\n');
});

test('a truncated gzip keeps its complete lines, is reported, and the store verifies', async () => {
  const tmp = tempDir('trunc');
  const gz = gzipSync(readFileSync(recvtsFile()));
  const file = join(tmp, 'cut.txt.gz');
  writeFileSync(file, gz.subarray(0, Math.floor(gz.length * 0.6)));
  const dir = join(tmp, 's');
  const r = cli(['ingest', '--store', dir, '--backend', 'ts', file]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /truncated-input: gzip stream is damaged/);
  const s = await verified(dir);
  assert.equal(s.problems, 1);
  assert.ok(s.frames > 0 && s.frames < RECVTS_FRAMES, `a prefix was stored (${s.frames} frames)`);
  assert.equal(cli(['store', 'export', '--store', dir]).stdout, featuresOutput([file]));
});

test('a full disk (file-size limit) is a clear error; the store verifies, and the same ingest resumes', async () => {
  const dir = join(tempDir('full'), 's');
  const file = recvtsFile();
  const r = cliWithFileLimit(320, ['ingest', '--store', dir, '--backend', 'ts', '--batch-frames', '16', file]);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /btc-engine: writing to store .* failed \(.*\): the disk may be full, the file-size limit reached or the device failing; the batch at frame \d+ of .* was rolled back/);
  const s = await verified(dir);
  assert.ok(s.frames < RECVTS_FRAMES, `the ingest stopped early (${s.frames} frames)`);
  const resumed = cli(['ingest', '--store', dir, '--backend', 'ts', '--batch-frames', '16', file]);
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.equal(cli(['store', 'export', '--store', dir]).stdout, featuresOutput([file]));
});
