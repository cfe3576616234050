/**
 * Tick-to-decision latency of the paper runtime (issue 8): frame received by the
 * WebSocket client → decision made on the row it produced, p50 / p99, with HHT
 * off and on. The whole `btc-engine paper` runs in this process against its own
 * local exchange (the market pipeline on its worker thread, the exchange and
 * the client on this one): the synthetic market in real time, and the
 * Bybit-shaped recording replayed at 100× (bursts, so queueing shows); the
 * worker sleeping on its ring (default) or busy-polling it, with and without the
 * pipeline warmer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { runPaper } from '../../src/runtime/paper.js';
import type { EngineStatus } from '../../src/runtime/metrics.js';
import { DATA, sig3, type BenchConfig, type BenchRow } from '../lib.js';

interface Case { name: string; feed: 'synthetic' | 'replay'; speed: number; hht: boolean; spinUs?: number; warmEveryUs?: number }

async function once(c: Case, seconds: number): Promise<EngineStatus> {
  const stateDir = mkdtempSync(join(tmpdir(), 'btc-engine-bench-paper-'));
  const cfg = loadConfig(undefined, [
    [['paper', 'feed'], c.feed], [['paper', 'replayFiles'], [join(DATA, 'bybit', 'derived_bybit-shaped_ob200_BTCUSDT_2023-04-04.jsonl')]],
    [['paper', 'replaySpeed'], c.speed], [['paper', 'stateDir'], stateDir], [['paper', 'statusEveryMs'], 0],
    [['dashboard', 'port'], 0], [['features', 'hht', 'enabled'], c.hht], [['risk', 'staleFeedMs'], 60_000],
    [['paper', 'pipeline', 'spinUs'], c.spinUs ?? 0], [['paper', 'pipeline', 'warmEveryUs'], c.warmEveryUs ?? 1000],
    // The stand-in rule: the shipped model has no HHT columns (it refuses to start with HHT on).
    [['decision', 'source'], 'rule'],
  ]);
  let status: EngineStatus | undefined;
  try {
    await runPaper({ cfg, durationMs: seconds * 1000, say: () => {}, onStopped: (s) => { status = s; } });
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
  if (!status) throw new Error('paper run ended without a status');
  return status;
}

export async function benchTickToDecision(cfg: BenchConfig): Promise<BenchRow[]> {
  const seconds = cfg.quick ? 3 : 20;
  const cases: Case[] = [
    { name: 'synthetic 1×', feed: 'synthetic', speed: 1, hht: false },
    { name: 'synthetic 1×, HHT', feed: 'synthetic', speed: 1, hht: true },
    // The shadow pipeline that keeps the hot path warm while idle (paper.pipeline.warmEveryUs) off.
    { name: 'synthetic 1×, HHT, no warming', feed: 'synthetic', speed: 1, hht: true, warmEveryUs: 0 },
    // The market worker busy-polls its ring instead of sleeping (paper.pipeline.spinUs): one core spins.
    { name: 'synthetic 1×, HHT, busy-poll, warm 250 µs', feed: 'synthetic', speed: 1, hht: true, spinUs: 1e9, warmEveryUs: 250 },
    { name: 'bybit-shaped replay 100×, HHT', feed: 'replay', speed: 100, hht: true },
    { name: 'bybit-shaped replay 100×, HHT, busy-poll, warm 250 µs', feed: 'replay', speed: 100, hht: true, spinUs: 1e9, warmEveryUs: 250 },
  ];
  const rows: BenchRow[] = [];
  for (const c of cases) {
    const s = await once(c, seconds);
    rows.push({
      suite: 'paper', task: `tick-to-decision, ${c.name}`, meanMs: seconds * 1000, samples: s.latency.samples,
      p50Us: sig3(s.latency.p50Us), p99Us: sig3(s.latency.p99Us), bookMessages: s.book.rows, fills: s.orders.fills,
    });
  }
  return rows;
}
