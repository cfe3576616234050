/**
 * `btc-engine synthesize`: writes SECONDS of the synthetic market to a file as a
 * recording — exactly the Bybit v5 frames (orderbook.{depth} snapshot + deltas,
 * publicTrade) a client subscribed from the start would receive from the local
 * exchange, one JSON frame per line (src/exchange/offline.ts). `ingest`, `book`,
 * `features`, `replay` read it like any Bybit recording. Used to make the
 * default model's training and test streams (scripts/train-default-model.mjs).
 *
 * Frames are written as they are generated, in chunks of about 1 MiB, so memory
 * stays flat however long the stream is. The file is written as FILE.partial and
 * renamed to FILE at the end: an interrupted run never leaves a truncated FILE.
 */
import { closeSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from '../errors.js';
import { DEFAULT_START_TS_MS, syntheticRecording } from '../exchange/offline.js';
import { loadParams, type SyntheticParams } from '../feed/synthetic/params.js';
import { parseTimeArg } from './time-arg.js';

export interface SynthesizeCommandOptions {
  seconds: string;
  seed?: string;
  depth?: string;
  params?: string;
  start?: string;
  out?: string;
}

/** Longest stream one call writes: 31 days. */
export const MAX_SECONDS = 31 * 86_400;
const CHUNK_BYTES = 1 << 20;

export interface SynthesizeResult {
  frames: number;
  bytes: number;
  firstTsMs: number;
  lastTsMs: number;
}

/** Checks the options; every problem is a UsageError naming the flag and the value. */
export function synthesizeArgs(o: SynthesizeCommandOptions): { durationMs: number; seed: number; depth: 50 | 200; startTsMs: number; out: string } {
  const seconds = Number(o.seconds);
  if (o.seconds === undefined || o.seconds.trim() === '' || !Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_SECONDS) {
    throw new UsageError(`--seconds must be a number above 0 and at most ${MAX_SECONDS} (31 days), was "${o.seconds}"`);
  }
  const durationMs = Math.round(seconds * 1000);
  if (durationMs < 1) throw new UsageError(`--seconds must be at least 0.001 (one millisecond), was "${o.seconds}"`);
  const seed = o.seed === undefined ? 1 : Number(o.seed);
  if (!/^\d+$/.test(o.seed ?? '1') || !Number.isSafeInteger(seed) || seed > 2 ** 31) {
    throw new UsageError(`--seed must be an integer from 0 to ${2 ** 31}, was "${o.seed}"`);
  }
  const depthText = o.depth ?? '50';
  if (depthText !== '50' && depthText !== '200') throw new UsageError(`--depth must be 50 or 200 (the Bybit orderbook topic), was "${o.depth}"`);
  const startTsMs = parseTimeArg('--start', o.start) ?? DEFAULT_START_TS_MS;
  if (!o.out) throw new UsageError('--out FILE is required');
  try {
    if (!statSync(dirname(o.out)).isDirectory()) throw new Error('not a directory');
  } catch (err) {
    throw new UsageError(`--out ${o.out}: its directory ${dirname(o.out)} does not exist or is not a directory (${(err as Error).message})`);
  }
  return { durationMs, seed, depth: depthText === '50' ? 50 : 200, startTsMs, out: o.out };
}

/** Writes the stream to `out` (through out.partial); returns what was written. */
export function writeSyntheticStream(a: ReturnType<typeof synthesizeArgs>, params?: SyntheticParams): SynthesizeResult {
  const partial = `${a.out}.partial`;
  let fd: number;
  try {
    fd = openSync(partial, 'w');
  } catch (err) {
    throw new UsageError(`cannot write ${partial}: ${(err as Error).message}`);
  }
  let chunk: string[] = [];
  let chunkBytes = 0;
  let frames = 0;
  let bytes = 0;
  const flush = (): void => {
    if (chunk.length === 0) return;
    const buf = Buffer.from(chunk.join(''), 'utf8');
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    bytes += buf.length;
    chunk = [];
    chunkBytes = 0;
  };
  try {
    syntheticRecording({
      params, seed: a.seed, startTsMs: a.startTsMs, durationMs: a.durationMs, depth: a.depth,
      onFrame: (line) => {
        chunk.push(line, '\n');
        chunkBytes += line.length + 1;
        frames++;
        if (chunkBytes >= CHUNK_BYTES) flush();
      },
    });
    flush();
    closeSync(fd);
  } catch (err) {
    try { closeSync(fd); } catch { /* already closed */ }
    rmSync(partial, { force: true });
    throw err;
  }
  renameSync(partial, a.out);
  return { frames, bytes, firstTsMs: a.startTsMs, lastTsMs: a.startTsMs + a.durationMs };
}

export function runSynthesize(o: SynthesizeCommandOptions): number {
  const a = synthesizeArgs(o);
  const params = o.params ? loadParams(o.params) : undefined;
  const t0 = performance.now();
  const r = writeSyntheticStream(a, params);
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  process.stderr.write(`btc-engine synthesize: ${a.out}: ${r.frames} frames, ${r.bytes} bytes, ` +
    `${a.durationMs / 1000} s of exchange time from ${new Date(r.firstTsMs).toISOString()}, seed ${a.seed}, ` +
    `orderbook.${a.depth}${o.params ? `, parameters ${o.params}` : ''} (${s} s)\n`);
  return 0;
}
