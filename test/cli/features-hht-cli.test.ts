/**
 * `btc-engine features` and features.hht: with HHT off the output is byte for byte
 * what the engine printed before HHT existed (digests taken from the committed
 * build, 9831ae4); with it on, the HHT columns follow the feature columns, the
 * feature columns are unchanged, and the HHT values equal a synchronous
 * computation of the same windows on this thread.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createParser } from '../../src/book/backends.js';
import { BookPipeline } from '../../src/book/pipeline.js';
import { readContainer } from '../../src/feed/containers.js';
import { detectInstrument } from '../../src/feed/detect.js';
import { createFeatureKernel } from '../../src/features/backends.js';
import { CORE_FEATURES, hhtFeatureDefs } from '../../src/features/registry.js';
import { HhtReferenceJoin } from '../../src/hht/reference-join.js';
import { PROJECT_ROOT } from '../../src/native/load.js';
import { csvHeader, csvRow } from '../../src/cli/row-format.js';
import { sharedFile } from '../helpers/shared-data.js';

const CLI = join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');
const cli = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, timeout: 300_000 });
const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
const BYBIT = 'bybit/bybit_linear_BTCUSDT_ob200_trades_2026-08-09.jsonl';
const dir = mkdtempSync(join(tmpdir(), 'btc-engine-hht-cli-'));
const config = (name: string, text: string): string => { const p = join(dir, name); writeFileSync(p, text); return p; };

/** `features --backend ts` on the Bybit linear recording, as printed by the build before HHT (9831ae4). */
const BEFORE_HHT: ReadonlyArray<[string[], string]> = [
  [[], '73fc955097684a4f4368c8e1eed798e2ffff497cd8f9140ea1e58471a013316d'],
  [['--format', 'jsonl'], '84505d1478e9ebd69185bd056895af961982175565172f7e4c6bb59c1f822ee1'],
  [['--extended'], 'b4d1480ca4f5839eb8bab83a2dd1084a16f5a4e0a1f66916022fb0dcf91cbb52'],
];

test('HHT off (the default, or enabled: false with other settings): output identical to before HHT', () => {
  const off = config('off.yaml', 'features:\n  hht:\n    enabled: false\n    n: 64\n    k: 2\n    sampleMs: 10\n');
  for (const [args, digest] of BEFORE_HHT) {
    for (const extra of [[], ['--config', off]]) {
      const r = cli(['features', '--backend', 'ts', ...args, ...extra, sharedFile(BYBIT)]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(sha256(r.stdout), digest, `${args.join(' ')} ${extra.join(' ')}`);
    }
  }
});

test('HHT on: columns after the feature columns; feature columns unchanged; values = a synchronous computation', () => {
  // 9000 lines of the Bybit-shaped Binance book: ~2.5 min of market with mid reversals (IMFs) late in it.
  const lines = readFileSync(sharedFile('bybit/derived_bybit-shaped_ob200_BTCUSDT_2023-04-04.jsonl'), 'utf8').split('\n');
  const input = join(dir, 'derived-9k.jsonl');
  writeFileSync(input, lines.slice(0, 9000).join('\n') + '\n');
  const opts = { sampleMs: 100, n: 128, k: 3, mode: 'fast' as const, backend: 'ts' as const };
  const on = config('on.yaml', `features:\n  hht:\n    n: ${opts.n}\n    k: ${opts.k}\n    backend: ts\n`);
  const r = cli(['features', '--backend', 'ts', '--hht', '--config', on, input]);
  assert.equal(r.status, 0, r.stderr);
  const got = r.stdout.trimEnd().split('\n');
  const names = [...CORE_FEATURES, ...hhtFeatureDefs(opts.k)].map((d) => d.name);
  assert.equal(got[0], csvHeader(names));
  assert.ok(got[0]!.endsWith('hht_imf3_edge_phase_cos,hht_imf_count,hht_residue_slope_bps_s,hht_sift_capped,hht_age_ms'));

  // The same rows on this thread: TS engine rows (so the feature columns are the engine's), then the reference join.
  const parts = readContainer(input).parts;
  const inst = detectInstrument(parts[0]!.bytes.subarray(0, 1 << 20));
  const engine = createFeatureKernel('ts', inst, {});
  const ref = new HhtReferenceJoin(engine.rowStride, opts);
  const want: string[] = [csvHeader(names)];
  const pipeline = new BookPipeline(engine, createParser(engine, inst), {
    holdBeforeSnapshot: false,
    onApplied: (rows, n) => { const j = ref.join(rows, n); for (let i = 0; i < n; i++) want.push(csvRow(j, i * ref.outStride, names)); },
  });
  for (const p of parts) { pipeline.parser.beginFile(); pipeline.feed(p.bytes); }
  ref.close();
  assert.deepEqual(got, want);

  const hht = got.slice(1).map((l) => l.split(',').slice(3 + CORE_FEATURES.length).map((c) => (c === '' ? NaN : Number(c))));
  const warm = hht.findIndex((v) => !Number.isNaN(v[v.length - 1]!));
  assert.ok(warm > 0, 'a warm-up of N samples first');
  const withImfs = hht.slice(warm).filter((v) => v[v.length - 4]! >= 1).length;
  for (const v of hht.slice(warm)) for (const x of v.slice(-4)) assert.ok(Number.isFinite(x), 'globals finite after warm-up');
  assert.ok(withImfs > 100, `${withImfs} rows with IMFs`);
});

test('a bad features.hht value is a usage error naming the field', () => {
  const bad = config('bad.yaml', 'features:\n  hht:\n    k: 6\n');
  const r = cli(['features', '--backend', 'ts', '--hht', '--config', bad, sharedFile(BYBIT)]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /features\.hht\.k: .*5/);
});
