/**
 * `btc-engine paper [--config FILE] [--feed bybit|local|synthetic|replay:FILE[,FILE…]]`
 * (src/runtime/paper.ts): `npm start` runs it with the defaults, the synthetic
 * market on the project's own loopback exchange.
 */
import { loadConfig } from '../config/load.js';
import { FEEDS } from '../config/paper-section.js';
import { UsageError } from '../errors.js';
import { runPaper } from '../runtime/paper.js';

export interface PaperCommandOptions {
  config?: string;
  feed?: string;
  stateDir?: string;
  port?: number;
  strategy?: string;
  duration?: number;
}

export async function runPaperCommand(o: PaperCommandOptions): Promise<number> {
  let feed: string | undefined;
  let files: string[] | undefined;
  if (o.feed !== undefined) {
    if (o.feed.startsWith('replay:')) {
      feed = 'replay';
      files = o.feed.slice('replay:'.length).split(',').filter((f) => f.length > 0);
      if (files.length === 0) throw new UsageError('--feed replay: needs files: --feed replay:FILE[,FILE…]');
    } else if ((FEEDS as readonly string[]).includes(o.feed) && o.feed !== 'replay') {
      feed = o.feed;
    } else {
      throw new UsageError(`--feed must be one of synthetic, local, bybit or replay:FILE[,FILE…], was "${o.feed}"`);
    }
  }
  const cfg = loadConfig(o.config, [
    [['paper', 'feed'], feed], [['paper', 'replayFiles'], files], [['paper', 'stateDir'], o.stateDir],
    [['dashboard', 'port'], o.port], [['execution', 'strategy'], o.strategy],
  ]);
  return runPaper({ cfg, configFile: o.config, durationMs: o.duration !== undefined ? o.duration * 1000 : undefined });
}
