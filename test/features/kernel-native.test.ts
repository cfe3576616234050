/**
 * The native feature kernel's wrapper (src/features/native.ts, native/src/feature_*.cc):
 * views and strides, argument and capacity errors, a full trade tape, close() and
 * reset(), a missing addon, and raw records (malformed values, the mid held still
 * so the kernel carries its sums over rows, bursts of level changes) giving the TS
 * reference engine's rows. No timing assertions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { prng } from '../../src/feed/demo-stream.js';
import type { BackendName } from '../../src/book/types.js';
import { KernelError } from '../../src/errors.js';
import { createFeatureKernel } from '../../src/features/backends.js';
import type { Calibration } from '../../src/features/calibrate.js';
import { DEFAULT_IOFI_WEIGHTS } from '../../src/features/flow.js';
import { DEFAULT_MICROPRICE_TABLE } from '../../src/features/microprice.js';
import type { FeatureKernel } from '../../src/features/kernel.js';
import { createNativeFeatureKernel, NativeFeatureKernel } from '../../src/features/native.js';
import { MAX_TAPE } from '../../src/features/trades-tape.js';
import { E_CAPACITY, E_OUT_FULL } from '../../src/layout/book-out.js';
import {
  EV_AUX_U32, EV_EXCH_TS, EV_FLAGS, EV_FVAL, EV_ID, EV_IVAL, EV_LOCAL_TS, EV_PX, EV_QTY, EVENT_F64, EVENT_U32,
  KIND_DEPTH, KIND_LEVEL, KIND_TRADE, DEPTH_SNAPSHOT, SIDE_ASK, SIDE_BID, SIDE_BUY, SIDE_SELL,
} from '../../src/layout/event.js';
import { ROW_STRIDE, ROW_STRIDE_EXTENDED } from '../../src/layout/feature-row.js';
import { PROJECT_ROOT } from '../../src/native/load.js';
import { diffRuns, type FeatureRun } from '../helpers/feature-diff.js';
import { BTC } from './fixtures.js';

/** One record: flags, aux (DEPTH: level count), exchange time ns, px, qty, id, ival, fval. */
type Rec = [flags: number, aux: number, tsNs: bigint, px: number, qty: number, id: number, ival: number, fval: number];

const ns = (tMs: number): bigint => BigInt(Math.round(tMs * 1e6));
const trade = (tMs: number, buy: boolean, px: number, qty: number): Rec =>
  [KIND_TRADE | (buy ? SIDE_BUY : SIDE_SELL), 0, ns(tMs), px, qty, 0, 0, 0];
/** A depth message: header then its levels ([bid, px ticks, qty lots]). */
function depth(tMs: number, u: number, levels: [boolean, number, number][], snapshot = false): Rec[] {
  return [[KIND_DEPTH | (snapshot ? DEPTH_SNAPSHOT : 0), levels.length, ns(tMs), 0, 0, u, u, -1],
    ...levels.map(([bid, px, qty]): Rec => [KIND_LEVEL | (bid ? SIDE_BID : SIDE_ASK), 0, ns(tMs), px, qty, 0, 0, 0])];
}
/** n levels a side around bid `px` (ticks), spread 1 tick. */
function ladder(px: number, n: number, lots: (i: number) => number): [boolean, number, number][] {
  const out: [boolean, number, number][] = [];
  for (let i = 0; i < n; i++) out.push([true, px - i, lots(i)], [false, px + 1 + i, lots(i + 3)]);
  return out;
}

function put(k: FeatureKernel, at: number, r: Rec): void {
  k.inputU32[at * EVENT_U32 + EV_FLAGS] = r[0];
  k.inputU32[at * EVENT_U32 + EV_AUX_U32] = r[1];
  k.inputI64[at * EVENT_F64 + EV_EXCH_TS] = r[2];
  k.inputI64[at * EVENT_F64 + EV_LOCAL_TS] = 0n;
  k.input[at * EVENT_F64 + EV_PX] = r[3];
  k.input[at * EVENT_F64 + EV_QTY] = r[4];
  k.input[at * EVENT_F64 + EV_ID] = r[5];
  k.input[at * EVENT_F64 + EV_IVAL] = r[6];
  k.input[at * EVENT_F64 + EV_FVAL] = r[7];
}

/** Feeds `recs` in batches of whole messages of at most `batch` records; returns the rows. */
function feed(k: FeatureKernel, recs: readonly Rec[], batch: number): Float64Array {
  const chunks: Float64Array[] = [];
  for (let i = 0; i < recs.length;) {
    let j = i;
    while (j < recs.length) {
      const len = (recs[j][0] & 0xf) === KIND_DEPTH ? 1 + recs[j][1] : 1;
      if (j + len - i > batch && j > i) break;
      j += len;
    }
    for (let r = i; r < j; r++) put(k, r - i, recs[r]);
    chunks.push(k.output.slice(0, k.applyBatch(j - i) * k.rowStride));
    i = j;
  }
  const rows = new Float64Array(chunks.reduce((a, c) => a + c.length, 0));
  let at = 0;
  for (const c of chunks) { rows.set(c, at); at += c.length; }
  return rows;
}

/** Rows, counters and (native) the carried-over row count of a run. */
interface Run extends FeatureRun { incrementalRows?: number }

function run(backend: BackendName, recs: readonly Rec[], extended: boolean, batch: number): Run {
  const k = createFeatureKernel(backend, BTC, { extended, recordCapacity: Math.max(batch, 4096), outputCapacity: 4096 });
  const rows = feed(k, recs, batch);
  const counters = k.counters();
  const incrementalRows = k instanceof NativeFeatureKernel ? k.stats().incrementalRows : undefined;
  k.close();
  return { instrument: BTC, rows, n: rows.length / k.rowStride, stride: k.rowStride, counters, incrementalRows };
}

function sameAsTs(recs: readonly Rec[], what: string, extended: boolean, batch = 4096): Run {
  const ref = run('ts', recs, extended, batch);
  const got = run('native', recs, extended, batch);
  assert.deepEqual(got.counters, ref.counters, `${what}: counters`);
  assert.deepEqual(diffRuns(ref, got).errors, [], `${what}: rows differ from the TS engine`);
  return got;
}

test('the kernel is a FeatureKernel over its own buffers: views, strides, backend', () => {
  for (const extended of [false, true]) {
    const k = createNativeFeatureKernel(BTC, { extended, recordCapacity: 1000, outputCapacity: 10 });
    assert.ok(k instanceof NativeFeatureKernel);
    assert.equal(k.backend, 'native');
    assert.equal(k.depth, 1);
    assert.equal(k.extended, extended);
    assert.equal(k.rowStride, extended ? ROW_STRIDE_EXTENDED : ROW_STRIDE);
    assert.equal(k.output.length, 10 * k.rowStride);
    assert.equal(k.input.length, 1000 * EVENT_F64);
    assert.equal(k.inputI64.buffer, k.input.buffer, 'the record views share one buffer');
    k.close();
  }
});

test('bad counts, a full output and bad options are errors naming the cause', () => {
  const k = createNativeFeatureKernel(BTC, { recordCapacity: 64, outputCapacity: 1 });
  assert.throws(() => k.applyBatch(65), { name: 'RangeError', message: /count must be an integer in \[0, 64\], was 65/ });
  const recs = [...depth(1000, 1, ladder(650000, 3, () => 5), true), ...depth(1100, 2, [[true, 649999, 1]])];
  recs.forEach((r, i) => put(k, i, r));
  assert.throws(() => k.applyBatch(recs.length), (e: unknown) => e instanceof KernelError && e.code === E_OUT_FULL && /output capacity/.test(e.message));
  k.close();
  assert.throws(() => createNativeFeatureKernel(BTC, { outputCapacity: -1 }), { name: 'RangeError', message: /outputCapacity/ });
  const cal = (over: Partial<Calibration>): Calibration =>
    ({ vpinBucketBtc: 2, iofi: DEFAULT_IOFI_WEIGHTS, microprice: DEFAULT_MICROPRICE_TABLE, ...over }) as Calibration;
  assert.throws(() => createNativeFeatureKernel(BTC, { calibration: cal({ iofi: { levels: 2, weights: [0.7, 0.7] } }) }),
    { name: 'RangeError', message: /iofi weights must have l1 norm 1/ });
  assert.throws(() => createNativeFeatureKernel(BTC, { calibration: cal({ vpinBucketBtc: 0.0005 }) }),
    { name: 'RangeError', message: /vpinBucketBtc must be a positive whole number of lots/ });
});

test('a full trade tape (more than MAX_TAPE trades inside 60 s) is a KernelError; batches then fail until reset()', () => {
  const batch = 1 << 16;
  const k = createNativeFeatureKernel(BTC, { recordCapacity: batch, outputCapacity: 16 });
  const fill = (n: number): void => {
    for (let i = 0; i < n; i++) put(k, i, trade(1000, i % 2 === 0, 650000, 1));
    k.applyBatch(n);
  };
  for (let sent = 0; sent < MAX_TAPE; sent += batch) fill(batch); // exactly MAX_TAPE: still fits
  const full = (e: unknown): boolean => e instanceof KernelError && e.code === E_CAPACITY && /trade tape is full/.test(e.message);
  assert.throws(() => fill(1), full);
  const snap = depth(2000, 1, ladder(650000, 2, () => 1), true);
  snap.forEach((r, i) => put(k, i, r));
  assert.throws(() => k.applyBatch(snap.length), full, 'sticky until reset');
  k.reset();
  snap.forEach((r, i) => put(k, i, r));
  assert.equal(k.applyBatch(snap.length), 1, 'usable again after reset()');
  assert.equal(k.counters().trades, 0, 'reset() zeroed the counters');
  k.close();
});

test('close() makes the kernel unusable and keeps the last counters; closing twice is harmless', () => {
  const k = createNativeFeatureKernel(BTC, { recordCapacity: 64, outputCapacity: 4 });
  const recs = depth(1000, 1, ladder(650000, 3, () => 2), true);
  recs.forEach((r, i) => put(k, i, r));
  assert.equal(k.applyBatch(recs.length), 1);
  k.close();
  assert.throws(() => k.applyBatch(0), { message: /closed/ });
  assert.throws(() => k.reset(), { message: /closed/ });
  assert.equal(k.counters().applied, 1);
  k.close();
});

test('reset() forgets the book, the counters and every feature history: rows equal a new kernel\'s', () => {
  const a = [...depth(1000, 1, ladder(650000, 20, (i) => 1 + i), true)];
  for (let i = 1; i < 200; i++) {
    a.push(trade(1000 + i * 97, i % 3 === 0, 650000, i));
    a.push(...depth(1000 + i * 100, 1 + i, [[i % 2 === 0, i % 2 === 0 ? 650000 - (i % 5) : 650001 + (i % 5), i % 7]]));
  }
  const b = a.map((r): Rec => [r[0], r[1], r[2] + ns(3_600_000), r[3] + 10, r[4], r[5], r[6], r[7]]);
  const k = createNativeFeatureKernel(BTC, { recordCapacity: 4096, outputCapacity: 4096 });
  feed(k, a, 4096);
  k.reset();
  assert.equal(k.counters().applied, 0);
  const again = feed(k, b, 4096);
  k.close();
  assert.ok(Buffer.from(again.buffer).equals(Buffer.from(run('native', b, false, 4096).rows.buffer)), 'byte-identical rows');
});

test('without the addon, createNativeFeatureKernel throws a UsageError naming the cause', () => {
  const script = `import { createNativeFeatureKernel } from ${JSON.stringify(pathToFileURL(join(PROJECT_ROOT, 'dist/src/features/native.js')).href)};
try { createNativeFeatureKernel(${JSON.stringify(BTC)}, {}); } catch (e) { console.log(e.name + ': ' + e.message); }`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, BTC_ENGINE_NO_NATIVE: '1' }, encoding: 'utf8' });
  assert.match(r.stdout, /UsageError: native backend unavailable: disabled by BTC_ENGINE_NO_NATIVE=1/);
});

/**
 * Messages that leave the touch alone most of the time (so the kernel carries
 * its band and pressure sums over rows), with level changes deep in the book,
 * on the touch, and across the mid; odd sizes and prices; trades; gaps.
 */
function quietMidStream(seed: number, messages: number): Rec[] {
  const rnd = prng(seed);
  const odd = [NaN, -1, 0.5, Infinity, 2 ** 32 + 1, 2 ** 53, 1e300, -0];
  const recs: Rec[] = [...depth(1000, 1, ladder(650000, 150, (i) => 1 + ((i * 7919) % 4000)), true)];
  let t = 1000;
  let u = 1;
  let bid = 650000;
  let resync = false;
  for (let m = 0; m < messages; m++) {
    t += rnd() < 0.05 ? 1500 : rnd() * 120;
    if (rnd() < 0.15) {
      recs.push(trade(t, rnd() < 0.5, rnd() < 0.05 ? odd[Math.floor(rnd() * odd.length)] : bid + Math.floor(rnd() * 3), 1 + Math.floor(rnd() * 500)));
      continue;
    }
    if (resync) { // the snapshot after a gap
      recs.push(...depth(t, ++u, ladder(bid, 150, (i) => 1 + ((i * 31 + m) % 3000)), true));
      resync = false;
      continue;
    }
    const gap = rnd() < 0.005;
    u += gap ? 3 : 1;
    resync = gap;
    const lv: [boolean, number, number][] = [];
    const n = 1 + Math.floor(rnd() ** 2 * (rnd() < 0.02 ? 400 : 25));
    for (let j = 0; j < n; j++) {
      const isBid = rnd() < 0.5;
      const deep = Math.floor(rnd() ** 2 * 600);
      const near = rnd() < 0.02; // sometimes the touch itself, or across it
      const px = isBid ? bid - (near ? Math.floor(rnd() * 3) - 1 : 1 + deep) : bid + 1 + (near ? Math.floor(rnd() * 3) - 1 : 1 + deep);
      const qty = rnd() < 0.02 ? odd[Math.floor(rnd() * odd.length)] : rnd() < 0.3 ? 0 : 1 + Math.floor(rnd() ** 3 * 20000);
      lv.push([isBid, px, qty]);
    }
    recs.push(...depth(t, u, lv));
  }
  return recs;
}

test('streams whose mid rarely moves (sums carried over rows) give the TS rows', { timeout: 300_000 }, () => {
  for (let seed = 1; seed <= 4; seed++) {
    const recs = quietMidStream(seed, 1500);
    const got = sameAsTs(recs, `seed ${seed}`, seed % 2 === 0, seed === 3 ? 97 : 4096);
    assert.ok((got.incrementalRows ?? 0) > got.n / 2, `seed ${seed}: ${got.incrementalRows} of ${got.n} rows carried over`);
  }
});
