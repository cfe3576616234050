/** `btc-engine features`: the output contract (header, NaN as empty / null, --every, --out). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/native/load.js';
import { ALL_FEATURES, CORE_FEATURES } from '../../src/features/registry.js';
import { sharedFile } from '../helpers/shared-data.js';

const CLI = join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');
const FILE = 'bybit/bybit_linear_BTCUSDT_ob200_trades_2026-08-09.jsonl';
const cli = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });

test('CSV: header ts,u,book_flags,<registry order>; one row per applied book message; NaN is an empty cell', () => {
  const r = cli(['features', '--backend', 'ts', sharedFile(FILE)]);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines[0], ['ts', 'u', 'book_flags', ...CORE_FEATURES.map((d) => d.name)].join(','));
  const frames = readFileSync(sharedFile(FILE), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { topic: string; ts: number; data: { u: number } });
  const depth = frames.filter((f) => f.topic.startsWith('orderbook.'));
  assert.equal(lines.length - 1, depth.length, 'the snapshot row included');
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i].split(',');
    assert.equal(cells.length, 3 + CORE_FEATURES.length);
    assert.equal(Number(cells[0]), depth[i - 1].ts);
    assert.equal(Number(cells[1]), depth[i - 1].data.u);
    for (const c of cells) assert.ok(c === '' || Number.isFinite(Number(c)), `cell "${c}" is a number or empty`);
  }
});

test('JSONL with --every and --out: NaN as null, every K-th row', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'btc-engine-feat-')), 'f.jsonl');
  const r = cli(['features', '--backend', 'ts', '--format', 'jsonl', '--every', '100', '--out', out, sharedFile(FILE)]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '');
  const rows = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, number | null>);
  assert.equal(rows.length, Math.ceil(414 / 100));
  assert.deepEqual(Object.keys(rows[0]), ['ts', 'u', 'book_flags', ...CORE_FEATURES.map((d) => d.name)]);
  for (const row of rows) for (const v of Object.values(row)) assert.ok(v === null || Number.isFinite(v));
  assert.ok(rows.some((row) => Object.values(row).includes(null)), 'warm-up NaNs are written as null');
});

test('--backend wasm | native | auto print the rows of the ts reference (to 1e-9), --extended adds the extended columns', () => {
  const ref = cli(['features', '--backend', 'ts', '--extended', sharedFile(FILE)]);
  assert.equal(ref.status, 0, ref.stderr);
  const want = ref.stdout.trim().split('\n');
  assert.equal(want[0], ['ts', 'u', 'book_flags', ...ALL_FEATURES.map((d) => d.name)].join(','));
  for (const backend of ['wasm', 'native', 'auto']) {
    const r = cli(['features', '--backend', backend, '--extended', sharedFile(FILE)]);
    assert.equal(r.status, 0, r.stderr);
    const got = r.stdout.trim().split('\n');
    assert.equal(got.length, want.length, backend);
    assert.equal(got[0], want[0]);
    for (let i = 1; i < want.length; i++) {
      const a = want[i].split(',');
      const b = got[i].split(',');
      assert.equal(b.length, a.length);
      a.forEach((x, k) => {
        if (x === '' || b[k] === '') { assert.equal(b[k], x, `${backend} row ${i} col ${k}: NaN mask`); return; }
        const u = Number(x);
        const v = Number(b[k]);
        assert.ok(u === v || Math.abs(u - v) <= 1e-9 * Math.max(Math.abs(u), Math.abs(v)), `${backend} row ${i} col ${k}: ${x} vs ${b[k]}`);
      });
    }
  }
});

test('an unknown backend is a usage error', () => {
  const r = cli(['features', '--backend', 'gpu', sharedFile(FILE)]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /gpu/);
});
