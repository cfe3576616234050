/**
 * `btc-engine calibrate-market` on the real recordings reproduces the shipped
 * default parameters exactly (they were fitted by it, not set by hand), and a
 * parameters file it writes drives the exchange's synthetic source.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from '../../src/native/load.js';
import { DEFAULT_PARAMS } from '../../src/feed/synthetic/default-params.js';
import { loadParams } from '../../src/feed/synthetic/params.js';
import { syntheticRecording } from '../../src/exchange/offline.js';
import { sharedFile } from '../helpers/shared-data.js';

const CLI = join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');

test('calibrate-market refits the shipped defaults from the recordings named in their fittedFrom', () => {
  const files = DEFAULT_PARAMS.fittedFrom.files.map((f) => f.path);
  for (const f of files) sharedFile(relative(join(PROJECT_ROOT, '..', 'shared', 'data'), join(PROJECT_ROOT, f)));
  const out = join(mkdtempSync(join(tmpdir(), 'btc-engine-calmkt-')), 'params.json');
  const r = spawnSync(process.execPath, [CLI, 'calibrate-market', ...files, '--out', out], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /market orders: Hawkes base/);
  assert.match(r.stderr, /inside-spread placements/);
  const fitted = loadParams(out);
  assert.deepEqual(fitted, JSON.parse(JSON.stringify(DEFAULT_PARAMS)));
  const lines = syntheticRecording({ params: fitted, seed: 2, durationMs: 5000, depth: 1 });
  assert.ok(lines.length > 10);
});

test('calibrate-market refuses a spot recording and a missing file', () => {
  const spot = spawnSync(process.execPath, [CLI, 'calibrate-market', sharedFile('bybit/bybit_spot_BTCUSDT_ob200_trades_2026-08-09.jsonl')], { encoding: 'utf8' });
  assert.equal(spot.status, 2);
  assert.match(spot.stderr, /linear/);
  const missing = spawnSync(process.execPath, [CLI, 'calibrate-market', '/nonexistent.jsonl'], { encoding: 'utf8' });
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /cannot read/);
});
