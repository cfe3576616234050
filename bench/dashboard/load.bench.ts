/**
 * Dashboard load (issue 9): a replay at full speed with 50 WebSocket clients
 * (plus 2 that never read) on its dashboard, against the same replay without the
 * dashboard and with it but no clients. Engine throughput is book messages per
 * second of wall time between the start of the first row and the end; memory is
 * the engine process's RSS and heap, sampled every second by a timer (only runs
 * where the replay yields, i.e. with the dashboard on). The clients run in a
 * child process (clients.ts), so the engine's thread pays only for serving them.
 *
 * Input: the Bybit-shaped recording replayed `passes` times back to back, each
 * pass shifted in time (ts, T, cts) to follow the previous one, so 60 s of full
 * speed is real trading, not a clock running backwards.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { loadConfig } from '../../src/config/load.js';
import { replay, type ReplayProbe } from '../../src/engine/replay.js';
import { OncePerKind } from '../../src/cli/report.js';
import { detectInstrument } from '../../src/feed/detect.js';
import type { StreamItem } from '../../src/feed/stream.js';
import { ReplayDashboard, YIELD_EVERY_MS } from '../../src/dashboard/replay-dashboard.js';
import { PROJECT_ROOT } from '../../src/native/load.js';
import { DATA, sig3, type BenchConfig, type BenchRow } from '../lib.js';

const FILE = join(DATA, 'bybit', 'derived_bybit-shaped_ob200_BTCUSDT_2023-04-04.jsonl');
const CLIENTS_JS = join(PROJECT_ROOT, 'dist', 'bench', 'dashboard', 'clients.js');
const CHUNK_BYTES = 1 << 20;

/** Byte offsets of the 13-digit times after "ts":, "T": and "cts":. */
function timeOffsets(buf: Buffer): number[] {
  const text = buf.toString('latin1');
  const out: number[] = [];
  for (const m of text.matchAll(/"(?:ts|T|cts)":(\d{13})/g)) out.push(m.index! + m[0].length - 13);
  return out;
}

/** The file `passes` times, each pass shifted by `shiftMs`, in whole-line chunks. */
async function* looped(file: Buffer, offsets: number[], passes: number, shiftMs: number): AsyncGenerator<StreamItem> {
  for (let k = 0; k < passes; k++) {
    const b = Buffer.from(file);
    if (k > 0) for (const at of offsets) b.write(String(Number(file.toString('latin1', at, at + 13)) + k * shiftMs), at, 13, 'latin1');
    for (let from = 0; from < b.length;) {
      let to = Math.min(b.length, from + CHUNK_BYTES);
      if (to < b.length) to = b.indexOf(10, to) + 1 || b.length;
      yield { part: `pass-${k}`, bytes: b.subarray(from, to), first: from === 0 };
      from = to;
    }
  }
}

interface Variant { name: string; dashboard: boolean; clients: number; paused: number }
interface Result { messages: number; ms: number; rssStartMb: number; rssEndMb: number; rssMaxMb: number; heapStartMb: number; heapEndMb: number; skipped: number; dropped: number; framesMin: number; maxBufferedKb: number }

async function run(v: Variant, file: Buffer, offsets: number[], passes: number, shiftMs: number): Promise<Result> {
  const cfg = loadConfig(undefined, [[['dashboard', 'port'], 0]]);
  const instrument = detectInstrument(file.subarray(0, 1 << 20));
  const dash = v.dashboard ? new ReplayDashboard({ dashboard: cfg.dashboard, extended: false, hhtEnabled: false, announce: () => {} }) : undefined;
  const mem: Array<{ rss: number; heap: number }> = [];
  const sample = (): void => { const m = process.memoryUsage(); mem.push({ rss: m.rss / 2 ** 20, heap: m.heapUsed / 2 ** 20 }); };
  let clientsOut: Promise<string> | undefined;
  let maxBuffered = 0;
  let t0 = 0;
  const timer = setInterval(() => { sample(); maxBuffered = Math.max(maxBuffered, dash?.dashboard?.hub.maxBufferedBytes ?? 0); }, 1000);
  const onStart = async (probe: ReplayProbe): Promise<void> => {
    await dash?.onStart(probe);
    if (dash && v.clients + v.paused > 0) {
      const child = spawn(process.execPath, [CLIENTS_JS, `${dash.http!.url.replace('http', 'ws')}/ws`, String(v.clients), String(v.paused)], { stdio: ['ignore', 'pipe', 'inherit'] });
      const lines = createInterface({ input: child.stdout! });
      const it = lines[Symbol.asyncIterator]();
      const first = await it.next();
      if (first.value !== 'ready') throw new Error(`dashboard clients did not start: ${String(first.value)}`);
      clientsOut = it.next().then((r) => String(r.value ?? '{}'));
    }
    sample();
    t0 = performance.now();
  };
  const r = await replay({
    cfg, instrument, items: looped(file, offsets, passes, shiftMs), report: new OncePerKind('bench', () => {}),
    onStart, yieldEveryMs: dash ? YIELD_EVERY_MS : undefined,
  });
  const ms = performance.now() - t0;
  sample();
  clearInterval(timer);
  const counters = dash?.dashboard?.hub.counters;
  dash?.close();
  const clients = clientsOut ? JSON.parse(await clientsOut) as { framesMin: number } : { framesMin: 0 };
  return {
    messages: r.messages, ms, rssStartMb: mem[0]!.rss, rssEndMb: mem.at(-1)!.rss, rssMaxMb: Math.max(...mem.map((m) => m.rss)),
    heapStartMb: mem[0]!.heap, heapEndMb: mem.at(-1)!.heap, skipped: counters?.framesSkipped ?? 0, dropped: counters?.clientsDropped ?? 0,
    framesMin: clients.framesMin, maxBufferedKb: maxBuffered / 1024,
  };
}

export async function benchDashboard(cfg: BenchConfig): Promise<BenchRow[]> {
  const file = readFileSync(FILE);
  const offsets = timeOffsets(file);
  const times = offsets.map((at) => Number(file.toString('latin1', at, at + 13)));
  const shiftMs = Math.max(...times) - Math.min(...times) + 1000;
  // Interleaved rounds (each variant once per round), medians reported: background load
  // drifts over minutes, and the ratio that matters is between neighbouring runs.
  // Full: 80 passes ≈ 1.2 M book messages ≈ 20–30 s per run, 3 rounds (the clients are
  // connected ≥ 60 s in all); quick: a smoke run.
  const passes = cfg.quick ? 2 : 80;
  const rounds = cfg.quick ? 1 : 3;
  const clients = cfg.quick ? 5 : 50;
  const variants: Variant[] = [
    { name: 'replay, no dashboard', dashboard: false, clients: 0, paused: 0 },
    { name: 'replay + dashboard, no clients', dashboard: true, clients: 0, paused: 0 },
    { name: `replay + dashboard, ${clients} clients + 2 paused`, dashboard: true, clients, paused: 2 },
  ];
  // Warm-up (JIT, kernels, the first session), not reported.
  await run(variants[0]!, file, offsets, 2, shiftMs);
  const results: Result[][] = variants.map(() => []);
  const ratios: number[][] = variants.map(() => []);
  for (let k = 0; k < rounds; k++) {
    let base = NaN;
    for (const [i, v] of variants.entries()) {
      const r = await run(v, file, offsets, passes, shiftMs);
      const perSec = r.messages / (r.ms / 1000);
      if (i === 0) base = perSec;
      results[i]!.push(r);
      ratios[i]!.push(perSec / base);
    }
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return variants.map((v, i) => {
    const rs = results[i]!;
    const ms = median(rs.map((r) => r.ms));
    const last = rs.at(-1)!;
    return {
      suite: 'dashboard', task: v.name, meanMs: sig3(ms), samples: rs.length, messages: last.messages,
      messagesPerSec: sig3(median(rs.map((r) => r.messages / (r.ms / 1000)))), vsNoDashboard: sig3(median(ratios[i]!)),
      rssStartMb: sig3(last.rssStartMb), rssEndMb: sig3(last.rssEndMb), rssMaxMb: sig3(Math.max(...rs.map((r) => r.rssMaxMb))),
      heapStartMb: sig3(last.heapStartMb), heapEndMb: sig3(last.heapEndMb), framesPerClientMin: Math.min(...rs.map((r) => r.framesMin)),
      framesSkipped: rs.reduce((n, r) => n + r.skipped, 0), clientsDropped: rs.reduce((n, r) => n + r.dropped, 0),
      maxBufferedKb: sig3(Math.max(...rs.map((r) => r.maxBufferedKb))),
    };
  });
}
