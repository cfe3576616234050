/**
 * `btc-engine ingest` + `store export`: the export equals `btc-engine features` byte
 * for byte (CSV and JSONL), raw replays the recording exactly, a source already
 * stored is skipped, and a second source over the same rows is counted as overwrites.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedFile } from '../helpers/shared-data.js';
import { Store } from '../../src/store/store.js';
import { cli, featuresOutput, RECVTS_FRAMES, RECVTS_ROWS, recvtsFile, tempDir } from './store-fixtures.js';

const JSONL = 'bybit/bybit_linear_BTCUSDT_ob200_trades_2026-08-09.jsonl';
const ZIP = 'bybit/xrpusdt-ob500.data.zip';

test('export --format csv|jsonl equals btc-engine features on the same file; raw export replays the file', () => {
  const dir = join(tempDir('ingest'), 's');
  const file = recvtsFile();
  const r = cli(['ingest', '--store', dir, '--backend', 'ts', file]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`stored source 1 in .*: ${RECVTS_FRAMES} frames, ${RECVTS_ROWS} feature rows`));
  const csv = cli(['store', 'export', '--store', dir]);
  assert.equal(csv.status, 0, csv.stderr);
  assert.equal(csv.stdout, featuresOutput([file]));
  const jsonl = cli(['store', 'export', '--store', dir, '--format', 'jsonl']);
  assert.equal(jsonl.stdout, featuresOutput([file], 'jsonl'));
  // Receive times are 19-digit ns in this file, so the replay lines are the file's lines.
  const raw = cli(['store', 'export', '--store', dir, '--table', 'raw']);
  assert.equal(raw.stdout, readFileSync(file, 'utf8'));
  const v = cli(['store', 'verify', '--store', dir]);
  assert.equal(v.status, 0, v.stdout);
  assert.match(v.stdout, /5 checks, 0 failed/);
});

test('read-before-write: the same source again is skipped; the same rows from another file are overwrites', async () => {
  const dir = join(tempDir('rbw'), 's');
  const recvts = recvtsFile();
  assert.equal(cli(['ingest', '--store', dir, '--backend', 'ts', recvts]).status, 0);
  const again = cli(['ingest', '--store', dir, '--backend', 'ts', recvts]);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stderr, /already stored at feature-set version 1 \(source 1: 430 frames, 414 rows\): nothing to do/);
  // The same frames without receive times: another source, the same keys and rows.
  const plain = cli(['ingest', '--store', dir, '--backend', 'ts', sharedFile(JSONL)]);
  assert.equal(plain.status, 0, plain.stderr);
  const store = Store.open(dir);
  try {
    const runs = store.ingestRuns();
    assert.deepEqual(runs.map((x) => [x.sourceNo, x.status, x.attempts.length]), [[1, 'complete', 1], [2, 'complete', 1]]);
    assert.equal(runs[1].counters.overwrites, RECVTS_ROWS);
    assert.equal(store.features.getKeysCount(), RECVTS_ROWS);
    assert.equal(store.raw.getKeysCount(), 2 * RECVTS_FRAMES);
  } finally {
    await store.close();
  }
  assert.equal(cli(['store', 'verify', '--store', dir]).status, 0);
  assert.equal(cli(['store', 'export', '--store', dir]).stdout, featuresOutput([recvts]));
  const only2 = cli(['store', 'export', '--store', dir, '--table', 'raw', '--source', '2']);
  assert.equal(only2.stdout, readFileSync(sharedFile(JSONL), 'utf8'));
});

test('a zip archive: parts are recorded and the export equals features', async () => {
  const dir = join(tempDir('zip'), 's');
  const zip = sharedFile(ZIP);
  const r = cli(['ingest', '--store', dir, '--backend', 'ts', zip]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(cli(['store', 'export', '--store', dir]).stdout, featuresOutput([zip]));
  const store = Store.open(dir);
  try {
    const [run] = store.ingestRuns();
    assert.equal(run.progress.parts.length, 1);
    assert.match(run.progress.parts[0].name, /xrpusdt-ob500\.data\.zip!/);
    assert.equal(store.meta().instrument.symbol, 'XRPUSDT');
  } finally {
    await store.close();
  }
  const info = cli(['store', 'info', '--store', dir]);
  assert.equal(info.status, 0);
  assert.match(info.stdout, /instrument {8}bybit linear XRPUSDT \(tick 0\.0001, lot 1\)/);
});

test('one store, one instrument: another symbol is refused with what to do', () => {
  const dir = join(tempDir('instr'), 's');
  assert.equal(cli(['ingest', '--store', dir, '--backend', 'ts', recvtsFile()]).status, 0);
  const r = cli(['ingest', '--store', dir, '--backend', 'ts', sharedFile(ZIP)]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /holds instrument bybit linear BTCUSDT \(tick 0\.1, lot 0\.001\), this ingest has bybit linear XRPUSDT .*use a new store/);
  const ext = cli(['ingest', '--store', dir, '--backend', 'ts', '--extended', recvtsFile()]);
  assert.equal(ext.status, 1);
  assert.match(ext.stderr, /holds feature columns the core set .* this ingest has the extended set/);
  const missing = cli(['store', 'info', '--store', join(dir, 'nope')]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /no store at .*nope \(create one with: btc-engine ingest --store/);
});
