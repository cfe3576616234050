/**
 * `btc-engine exchange`: serves the local Bybit v5 public WebSocket
 * (src/exchange/) from the synthetic market or recordings until SIGINT or
 * SIGTERM, then exits 0. The first stdout line is the ws URL; the rest of what
 * it says (source, end of a replay, final counters) goes to stderr.
 */
import { accessSync, constants as fsc } from 'node:fs';
import { UsageError } from '../errors.js';
import { loadParams } from '../feed/synthetic/params.js';
import { startLocalExchange, type FaultOptions } from '../exchange/server.js';

export interface ExchangeCommandOptions {
  port: number;
  host: string;
  replay?: string[];
  synthetic?: boolean;
  params?: string;
  speed: number;
  depth: string;
  seed: number;
  maxBuffered?: number;
  faultDropEvery?: number;
  faultGapEvery?: number;
  faultMalformedEvery?: number;
  faultCorruptEvery?: number;
  faultStallEvery?: number;
  faultStallMs?: number;
}

export async function runExchange(o: ExchangeCommandOptions): Promise<number> {
  const who = 'btc-engine exchange';
  if (o.replay && o.synthetic) throw new UsageError('--replay and --synthetic exclude each other');
  if (o.replay && o.params) throw new UsageError('--params applies to --synthetic only');
  for (const f of o.replay ?? []) {
    try { accessSync(f, fsc.R_OK); } catch (err) { throw new UsageError(`cannot read ${f}: ${(err as Error).message}`); }
  }
  if ((o.faultStallEvery === undefined) !== (o.faultStallMs === undefined)) throw new UsageError('--fault-stall-every and --fault-stall-ms go together');
  const faults: FaultOptions = {
    dropEveryMs: o.faultDropEvery, gapEveryFrames: o.faultGapEvery, malformedEveryFrames: o.faultMalformedEvery, corruptEveryFrames: o.faultCorruptEvery,
    stallEveryMs: o.faultStallEvery, stallMs: o.faultStallMs,
  };
  // Handlers first: a signal during start-up also ends in a clean close and exit 0.
  const stopped = new Promise<void>((resolve) => {
    const stop = (): void => { process.off('SIGINT', stop); process.off('SIGTERM', stop); resolve(); };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  const ex = await startLocalExchange({
    port: o.port, host: o.host, source: o.replay ? { replay: o.replay } : 'synthetic',
    params: o.params ? loadParams(o.params) : undefined, seed: o.seed, speed: o.speed,
    depth: o.depth === '50' ? 50 : 200, faults, maxBufferedBytes: o.maxBuffered,
    onEnd: () => process.stderr.write(`${who}: replay finished; still serving (SIGINT or SIGTERM to stop)\n`),
  });
  process.stdout.write(`${ex.url}\n`);
  process.stderr.write(`${who}: ${o.replay ? `replaying ${o.replay.join(', ')}` : `synthetic market, seed ${o.seed}${o.params ? `, parameters ${o.params}` : ''}`} at ${o.speed}x; ` +
    `topics ${Object.keys(ex.stats().subscriptions).join(', ')}\n`);
  await stopped;
  const s = ex.stats();
  await ex.close();
  process.stderr.write(`${who}: stopped: ${s.connections} connections, ${s.framesSent} frames sent (${s.bytesSent} bytes), ` +
    `${s.droppedFrames} dropped to slow clients, ${s.resnapshots} re-snapshots, ${s.slowClosed} slow clients closed\n`);
  return 0;
}
