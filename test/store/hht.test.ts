/**
 * A store with HHT columns: meta records the HHT settings and column names, the
 * export equals `btc-engine features --hht` byte for byte, verify passes, and an
 * ingest with other HHT settings (or none) is refused. A store without HHT has no
 * trace of it in meta.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rowFeatureDefs } from '../../src/features/registry.js';
import { Store } from '../../src/store/store.js';
import { sharedFile } from '../helpers/shared-data.js';
import { cli, tempDir } from './store-fixtures.js';

const work = tempDir('hht');
const input = join(work, 'derived-3k.jsonl');
writeFileSync(input, readFileSync(sharedFile('bybit/derived_bybit-shaped_ob200_BTCUSDT_2023-04-04.jsonl'), 'utf8').split('\n').slice(0, 3000).join('\n') + '\n');
const config = join(work, 'hht.yaml');
writeFileSync(config, 'features:\n  hht:\n    n: 64\n    k: 2\n    backend: ts\n');

test('ingest --hht: meta names the HHT settings and columns; export = features --hht; verify passes', async () => {
  const dir = join(work, 'with');
  const r = cli(['ingest', '--store', dir, '--backend', 'ts', '--hht', '--config', config, input]);
  assert.equal(r.status, 0, r.stderr);
  const store = Store.open(dir);
  try {
    const meta = store.meta();
    assert.deepEqual(meta.hht, { sampleMs: 100, n: 64, k: 2, mode: 'fast' });
    assert.deepEqual(meta.columns, rowFeatureDefs(false, 2).map((d) => d.name));
    assert.equal(store.ingestRuns()[0]!.hhtBackend, 'ts');
  } finally {
    await store.close();
  }
  const exported = cli(['store', 'export', '--store', dir]);
  assert.equal(exported.status, 0, exported.stderr);
  const features = cli(['features', '--backend', 'ts', '--hht', '--config', config, input]);
  assert.equal(exported.stdout, features.stdout);
  const v = cli(['store', 'verify', '--store', dir]);
  assert.equal(v.status, 0, v.stdout);
  assert.match(cli(['store', 'info', '--store', dir]).stdout, /HHT {15}2 IMFs, window 64 samples every 100 ms, fast mode/);

  const without = cli(['ingest', '--store', dir, '--backend', 'ts', sharedFile('bybit/bybit_linear_BTCUSDT_ob200_trades_2026-08-09.jsonl')]);
  assert.equal(without.status, 1);
  assert.match(without.stderr, /holds HHT columns \(features\.hht: k 2, n 64, sampleMs 100, mode fast\), this ingest has \(none: features\.hht\.enabled false\)/);
  const otherN = join(work, 'n128.yaml');
  writeFileSync(otherN, 'features:\n  hht:\n    n: 128\n    k: 2\n');
  const other = cli(['ingest', '--store', dir, '--backend', 'ts', '--hht', '--config', otherN, sharedFile('bybit/bybit_linear_BTCUSDT_ob200_trades_2026-08-09.jsonl')]);
  assert.equal(other.status, 1);
  assert.match(other.stderr, /n 64.*n 128/);
});

test('ingest without HHT: no hht key in meta or runs', async () => {
  const dir = join(work, 'without');
  assert.equal(cli(['ingest', '--store', dir, '--backend', 'ts', input]).status, 0);
  const store = Store.open(dir);
  try {
    assert.equal('hht' in store.meta(), false);
    assert.equal('hhtBackend' in store.ingestRuns()[0]!, false);
  } finally {
    await store.close();
  }
});
