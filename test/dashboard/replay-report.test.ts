/**
 * The dashboard only reads: `replay --dashboard` (full speed, yielding to serve
 * the page) writes the byte-identical report of the same replay without it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/native/load.js';
import { BYBIT_SHAPED, startReplay } from './replay-proc.js';

test('replay --dashboard gives the same report as replay without it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'btc-engine-dash-report-'));
  const plain = spawnSync(process.execPath, [join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js'), 'replay', '--report', join(dir, 'plain.json'), BYBIT_SHAPED], { encoding: 'utf8' });
  assert.equal(plain.status, 0, plain.stderr);
  const dash = startReplay(['--report', join(dir, 'dash.json'), BYBIT_SHAPED]);
  await dash.url;
  assert.equal((await dash.exit).code, 0, dash.stderr.join(''));
  assert.equal(readFileSync(join(dir, 'dash.json'), 'utf8'), readFileSync(join(dir, 'plain.json'), 'utf8'));
});
