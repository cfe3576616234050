/**
 * Fuzz-style: real frames mutated at random (seeded) must never crash or hang a
 * parser; every line is either accepted or counted as rejected; the native
 * scanner and the TS reference agree record for record; and the mutated streams
 * go through all three books without an exception.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readContainer } from '../../src/feed/containers.js';
import { detectInstrument } from '../../src/feed/detect.js';
import { TsFrameParser } from '../../src/feed/frame-parser.js';
import { NativeFrameParser } from '../../src/feed/native-parser.js';
import { prng } from '../../src/feed/demo-stream.js';
import { BACKEND_NAMES } from '../../src/book/types.js';
import { recordBuffer } from '../helpers/frames.js';
import { runParts } from '../helpers/run-stream.js';
import { sharedFile } from '../helpers/shared-data.js';

const SOURCES = [
  'bybit/bybit_linear_BTCUSDT_ob200_trades_2026-08-09.recvts.txt',
  'bybit/bybit_spot_BTCUSDT_ob200_trades_2026-08-09.jsonl',
  'binance/usdm/btcusdt_20230404.dat.gz',
  'binance/spot/btcusdt_20240808.gz',
];
const INSERTS = Buffer.from('"{}[],:\\0-.e \u00ff9');

function mutate(line: Buffer, rnd: () => number): Buffer {
  const b = [...line];
  const edits = 1 + Math.floor(rnd() * 3);
  for (let e = 0; e < edits && b.length > 0; e++) {
    const at = Math.floor(rnd() * b.length);
    const r = rnd();
    if (r < 0.3) b[at] = Math.floor(rnd() * 256);
    else if (r < 0.5) b.splice(at, 1 + Math.floor(rnd() * 4));
    else if (r < 0.7) b.splice(at, 0, INSERTS[Math.floor(rnd() * INSERTS.length)]);
    else if (r < 0.8) b.length = at; // truncation
    else if (r < 0.9) { const j = Math.floor(rnd() * b.length); [b[at], b[j]] = [b[j], b[at]]; }
    else b.splice(at, 0, ...b.slice(at, at + 1 + Math.floor(rnd() * 20))); // duplicate a run
  }
  return Buffer.from(b.filter((x) => x !== 10));
}

function mutatedStream(rel: string, seed: number, maxLines: number): { bytes: Buffer; lines: number } {
  const src = readContainer(sharedFile(rel)).parts[0].bytes;
  const lines = src.toString('latin1').split('\n').filter((l) => l.length > 0).slice(0, maxLines).map((l) => Buffer.from(l, 'latin1'));
  const rnd = prng(seed);
  const out = lines.map((l) => (rnd() < 0.5 ? mutate(l, rnd) : l));
  return { bytes: Buffer.concat(out.flatMap((l) => [l, Buffer.from('\n')])), lines: out.length };
}

for (const rel of SOURCES) {
  test(`mutated frames of ${rel}: counted, never fatal, native == ts`, { timeout: 300_000 }, () => {
    const clean = readContainer(sharedFile(rel)).parts[0].bytes;
    const inst = detectInstrument(clean.subarray(0, 1 << 20));
    for (const seed of [1, 2, 3]) {
      const { bytes } = mutatedStream(rel, seed, 1500);
      const a = recordBuffer(512, 64);
      const b = recordBuffer(512, 64);
      const ts = new TsFrameParser(inst, a);
      const nat = new NativeFrameParser(inst, b);
      let pa = 0;
      let pb = 0;
      while (pa < bytes.length) {
        const na = ts.parse(bytes, pa, bytes.length);
        const nb = nat.parse(bytes, pb, bytes.length);
        assert.equal(nb, na, `stopped at the same byte (seed ${seed})`);
        assert.equal(nat.records, ts.records);
        const bytesA = new Uint8Array(a.input.buffer, 0, ts.records * 64);
        const bytesB = new Uint8Array(b.input.buffer, 0, nat.records * 64);
        assert.ok(Buffer.compare(Buffer.from(bytesA), Buffer.from(bytesB)) === 0, `records differ in the batch ending at byte ${na} (seed ${seed})`);
        assert.ok(na > pa, 'progress');
        pa = na;
        pb = nb;
      }
      assert.deepEqual(nat.stats, ts.stats);
      const s = ts.stats;
      assert.equal(s.accepted + s.rejected, s.lines, 'every line is either accepted or counted as rejected');
      assert.ok(s.rejected > 0, 'mutations produced rejects');
      // The whole mutated stream through parser + book of every backend (default capacities).
      const runs = BACKEND_NAMES.map((backend) => runParts([{ name: rel, bytes }], backend, 5, inst));
      for (const r of runs.slice(1)) {
        assert.deepEqual(r.stats, runs[0].stats);
        assert.deepEqual(r.counters, runs[0].counters);
        assert.deepEqual(r.out, runs[0].out);
      }
    }
  });
}
