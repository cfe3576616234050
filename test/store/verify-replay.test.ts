/**
 * `store verify --replay` re-derives l2_features from raw: a clean store passes bit
 * for bit with its own kernel and within the cross-kernel tolerance with another;
 * one stored value changed by one ulp passes every other check but fails this
 * one, naming the row and the column; a missing calibration is reported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Store } from '../../src/store/store.js';
import { featureKey } from '../../src/store/layout.js';
import { ROW_FEATURES } from '../../src/layout/feature-row.js';
import { cli, recvtsFile, RECVTS_FRAMES, RECVTS_ROWS, tempDir } from './store-fixtures.js';

const work = tempDir('verify-replay');

test('a clean store passes --replay bit for bit, and within 1e-9 with another kernel', () => {
  const dir = join(work, 'clean');
  assert.equal(cli(['ingest', '--store', dir, '--backend', 'ts', recvtsFile()]).status, 0);
  const v = cli(['store', 'verify', '--store', dir, '--replay']);
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.match(v.stdout, new RegExp(`ok {4}replay: 1 sources replayed from raw \\(${RECVTS_FRAMES} frames\\), ${RECVTS_ROWS} rows re-derived and compared with l2_features: source 1 bit for bit \\(kernel ts\\)`));
  assert.match(v.stdout, /6 checks, 0 failed/);
  const wasm = cli(['store', 'verify', '--store', dir, '--replay', '--backend', 'wasm']);
  assert.equal(wasm.status, 0, wasm.stdout);
  assert.match(wasm.stdout, /source 1 within 1e-9 relative \(kernel wasm; its rows came from kernel ts\)/);
  assert.equal(cli(['store', 'verify', '--store', dir, '--backend', 'wasm']).status, 2, '--backend needs --replay');
});

test('one stored value altered by one ulp: plain verify passes, --replay fails naming the row and column', async () => {
  const dir = join(work, 'altered');
  assert.equal(cli(['ingest', '--store', dir, '--backend', 'ts', recvtsFile()]).status, 0);
  const store = Store.open(dir, { writer: 'test: alter a row' });
  let ts = 0;
  let u = 0;
  const column = store.meta().columns[7];
  try {
    // The 200th row: change feature column 7 by one unit in the last place.
    const rows = [...store.features.getRange({ limit: 200 })];
    const { key, value } = rows[199];
    const row = Buffer.from(value);
    ts = row.readDoubleLE(0);
    u = row.readDoubleLE(8);
    assert.deepEqual(featureKey(ts, u), key);
    const at = (ROW_FEATURES + 7) * 8;
    const bits = row.readBigUInt64LE(at);
    row.writeBigUInt64LE(bits ^ 1n, at);
    store.write('altering a row for the test', () => store.features.putSync(key, row));
  } finally {
    await store.close();
  }
  assert.equal(cli(['store', 'verify', '--store', dir]).status, 0, 'the alteration is invisible to the structural checks');
  const v = cli(['store', 'verify', '--store', dir, '--replay']);
  assert.equal(v.status, 1, v.stdout);
  assert.match(v.stdout, /FAIL {2}replay: /);
  assert.match(v.stdout, new RegExp(`- source 1 row 199 ts=${ts} u=${u}: column ${column} stored \\S+, replay gives \\S+ \\(bits differ\\)\\n`));
  assert.match(v.stdout, /6 checks, 1 failed/);
  // One ulp is within the cross-kernel tolerance: only the bit-for-bit comparison sees it.
  assert.equal(cli(['store', 'verify', '--store', dir, '--replay', '--backend', 'wasm']).status, 0);
});

test('--replay of a calibrated store needs its calibration', () => {
  const dir = join(work, 'calibrated');
  const config = join(work, 'cal.yaml');
  const calibration = join(work, 'cal.json');
  const cal = cli(['calibrate', '--out', calibration, recvtsFile()]);
  assert.equal(cal.status, 0, cal.stderr);
  writeFileSync(config, `features:\n  calibration: ${calibration}\n`);
  assert.equal(cli(['ingest', '--store', dir, '--backend', 'ts', '--config', config, recvtsFile()]).status, 0);
  assert.equal(cli(['store', 'verify', '--store', dir, '--replay', '--config', config]).status, 0);
  const without = cli(['store', 'verify', '--store', dir, '--replay']);
  assert.equal(without.status, 1);
  assert.match(without.stdout, /FAIL {2}replay: nothing replayed\n {10}- the rows were computed with calibration sha256 \S+…, the config gives no calibration: pass --config naming the store's calibration/);
});
