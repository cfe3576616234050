/**
 * Where the paper runtime's market data comes from. Every feed is a Bybit v5
 * public WebSocket, so the same client code runs in every mode:
 *   synthetic  the project's local exchange, in this process, on a loopback port,
 *              serving the synthetic market (default: offline, no keys, no internet);
 *   replay     the same local exchange replaying recordings at `paper.replaySpeed`;
 *   local      a `btc-engine exchange` already running at `paper.localUrl`;
 *   bybit      Bybit mainnet public linear stream (`paper.bybitUrl`).
 */
import type { Config } from '../config/schema.js';
import { defaultSpec, type Instrument } from '../feed/instrument.js';
import { parseGrid } from '../feed/decimal.js';
import { UsageError } from '../errors.js';
import { startLocalExchange } from '../exchange/server.js';

export interface FeedSource {
  /** WebSocket URL the client connects to. */
  readonly url: string;
  close(): Promise<void> | void;
}

export async function startFeedSource(cfg: Config): Promise<FeedSource> {
  const p = cfg.paper;
  switch (p.feed) {
    case 'bybit': return { url: p.bybitUrl, close: () => {} };
    case 'local': return { url: p.localUrl, close: () => {} };
    case 'synthetic':
    case 'replay': {
      if (p.feed === 'replay' && p.replayFiles.length === 0) throw new UsageError('paper.feed is replay but paper.replayFiles is empty (use --feed replay:FILE)');
      const ex = await startLocalExchange({
        host: '127.0.0.1', port: 0, seed: p.seed, speed: p.feed === 'replay' ? p.replaySpeed : 1,
        source: p.feed === 'synthetic' ? 'synthetic' : { replay: p.replayFiles },
      });
      return { url: ex.url, close: () => ex.close() };
    }
  }
}

/** The instrument the paper runtime trades: Bybit linear `paper.symbol`, tick and lot from the table or config. */
export function paperInstrument(cfg: Config): Instrument {
  const symbol = cfg.paper.symbol.toUpperCase();
  const table = defaultSpec('bybit', 'linear', symbol, cfg.instruments);
  const tick = cfg.instrument.tick ? parseGrid(cfg.instrument.tick) : table?.tick;
  const lot = cfg.instrument.lot ? parseGrid(cfg.instrument.lot) : table?.lot;
  if (!tick || !lot) {
    throw new UsageError(`paper.symbol ${symbol} is not in the instrument table: set instrument.tick and instrument.lot (or add it under instruments:)`);
  }
  return { exchange: 'bybit', market: 'linear', symbol, tick, lot, known: true };
}
