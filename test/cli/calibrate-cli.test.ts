/** `btc-engine calibrate` on a real recording, then `features` with the calibration named in config. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/native/load.js';
import { loadCalibration } from '../../src/features/calibrate.js';
import { sharedFile } from '../helpers/shared-data.js';

const CLI = join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');
const FILE = 'bybit/derived_bybit-shaped_ob200_BTCUSDT_2023-04-04.jsonl';
const cli = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });

test('calibrate writes a valid calibration; features --config uses it (microprice differs from mid)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'btc-engine-cal-'));
  const out = join(dir, 'cal.json');
  const r = cli(['calibrate', '--out', out, sharedFile(FILE)]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /vpinBucketBtc/);
  assert.match(r.stderr, /dropped \|dm\| > 1 tick/);
  const cal = loadCalibration(out);
  assert.equal(cal.iofi.levels, 10);
  assert.equal(cal.stats.iofiFitted, true);
  assert.equal(cal.microprice.adjustmentTicks.length, 2);
  assert.ok(cal.microprice.adjustmentTicks[0].some((g) => g !== 0));
  assert.ok(cal.range.lastMs > cal.range.firstMs);

  writeFileSync(join(dir, 'cfg.yaml'), 'features:\n  calibration: cal.json\n');
  const csv = join(dir, 'f.csv');
  const f = cli(['features', '--backend', 'ts', '--config', join(dir, 'cfg.yaml'), '--out', csv, sharedFile(FILE)]);
  assert.equal(f.status, 0, f.stderr);
  const lines = readFileSync(csv, 'utf8').trim().split('\n');
  const head = lines[0].split(',');
  const iMid = head.indexOf('mid_px');
  const iMicro = head.indexOf('microprice_px');
  let differ = 0;
  for (const l of lines.slice(1)) {
    const c = l.split(',');
    if (c[iMid] !== '' && c[iMicro] !== c[iMid]) differ++;
  }
  assert.ok(differ > 0, 'some microprice_px differ from mid_px');

  // A broken calibration file is a usage error naming the field.
  const bad = { ...JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>, vpinBucketBtc: 0 };
  writeFileSync(join(dir, 'cal.json'), JSON.stringify(bad));
  const e = cli(['features', '--backend', 'ts', '--config', join(dir, 'cfg.yaml'), '--out', csv, sharedFile(FILE)]);
  assert.equal(e.status, 2);
  assert.match(e.stderr, /vpinBucketBtc/);
});
