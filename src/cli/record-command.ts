/**
 * `btc-engine record --store DIR`: records Bybit's public linear WebSocket (order
 * book + trades of one symbol) into a feature store until SIGINT/SIGTERM or
 * --duration: every frame with its receive time in `raw`, and the feature rows
 * they produce in `l2_features`, committed together (src/store/record.ts). Holds
 * the store's writer lock while it runs.
 */
import { loadConfig } from '../config/load.js';
import { resolveBackend, type BackendChoice } from '../book/backends.js';
import { UsageError } from '../errors.js';
import { parseGrid } from '../feed/decimal.js';
import { defaultSpec, type Instrument } from '../feed/instrument.js';
import type { LiveEvent } from '../feed/live/types.js';
import { FEATURE_SET_VERSION, rowFeatureDefs } from '../features/registry.js';
import { hhtStageOptions } from '../hht/stage.js';
import { checkCompatible, instrumentOf, storeHht, storeInstrument } from '../store/compat.js';
import { Recorder } from '../store/record.js';
import { recompute } from '../store/recompute.js';
import { fileSha256 } from '../store/source.js';
import { Store } from '../store/store.js';
import { loadConfiguredCalibration } from './calibration-file.js';
import { ProgressBar } from './progress.js';
import { OncePerKind } from './report.js';
import { engineVersion } from './version.js';

export const BYBIT_LINEAR_URL = 'wss://stream.bybit.com/v5/public/linear';

export interface RecordCommandOptions {
  store?: string;
  config?: string;
  symbol?: string;
  depth?: '50' | '200';
  url?: string;
  /** Seconds; stop by itself after this long. */
  duration?: number;
  backend?: BackendChoice;
  extended?: boolean;
  hht?: boolean;
  batchFrames?: number;
  flushMs?: number;
  tick?: string;
  lot?: string;
}

const WHO = 'btc-engine record';
/** Progress-line refresh period, ms. */
const STATUS_MS = 250;

export async function runRecord(o: RecordCommandOptions): Promise<number> {
  const cfg = loadConfig(o.config, [
    [['kernels'], o.backend], [['features', 'extended'], o.extended], [['features', 'hht', 'enabled'], o.hht],
    [['store', 'dir'], o.store], [['store', 'batchFrames'], o.batchFrames],
  ]);
  const dir = cfg.store.dir;
  if (!dir) throw new UsageError('--store DIR is required (or config store.dir)');
  const symbol = (o.symbol ?? 'BTCUSDT').toUpperCase();
  const depth = o.depth === '50' ? 50 : 200;
  const backend = resolveBackend(cfg.kernels);
  const { calibration, path: calibrationPath } = loadConfiguredCalibration(cfg, o.config);
  const calibrationSha256 = calibrationPath ? await fileSha256(calibrationPath) : null;
  const extended = cfg.features.extended;
  const hht = hhtStageOptions(cfg.features.hht);
  const columns = rowFeatureDefs(extended, hht?.k ?? 0).map((d) => d.name);
  const report = new OncePerKind(WHO);
  const note = (s: string): void => { process.stderr.write(`${WHO}: ${s}\n`); };

  const tableInstrument = bybitInstrument(symbol, o, cfg.instruments);
  const store = Store.open(dir, {
    onNote: note, writer: WHO,
    create: {
      featureSetVersion: FEATURE_SET_VERSION, columns, extended, ...(hht && { hht: storeHht(hht) }),
      instrument: storeInstrument(tableInstrument), calibrationSha256, createdBy: engineVersion(),
    },
  });
  const bar = new ProgressBar();
  let status: NodeJS.Timeout | undefined;
  const signals: Array<[NodeJS.Signals, () => void]> = [];
  try {
    // An existing store keeps its grid (an ingest may have refined the lot from data): same venue and symbol suffice.
    const meta = store.meta();
    const instrument = meta.instrument.exchange === 'bybit' && meta.instrument.market === 'linear' && meta.instrument.symbol === symbol && !o.tick && !o.lot
      ? instrumentOf(meta) : tableInstrument;
    checkCompatible(dir, meta, { instrument, extended, hht: storeHht(hht) ?? null, columns, calibrationSha256 });
    await recompute(store, {
      settings: { backend, calibration }, hhtBackend: cfg.features.hht.backend, calibrationSha256, batchFrames: cfg.store.batchFrames, report, note,
    });

    let lastDrop = '';
    const recorder = new Recorder(store, {
      client: { url: o.url ?? BYBIT_LINEAR_URL, symbol, depth },
      settings: { backend, instrument, extended, calibration, ...(hht && { hht }) }, calibrationSha256,
      batchFrames: cfg.store.batchFrames, flushMs: o.flushMs ?? 1000, report,
      onEvent: (e: LiveEvent) => {
        if (e.type === 'disconnected') lastDrop = e.reason;
        if (!bar.active && (e.type === 'connected' || e.type === 'disconnected' || e.type === 'gap' || e.type === 'subscribeFailed')) note(describeEvent(e));
      },
    });
    note(`recording ${recorder.client.topics.book} and ${recorder.client.topics.trade} from ${recorder.client.options.url} into ${dir} (kernels ${backend}); Ctrl-C stops`);
    let stopReason = '';
    const stopped = new Promise<void>((resolve) => {
      const stop = (why: string): void => {
        if (stopReason) return;
        stopReason = why;
        resolve();
      };
      for (const sig of ['SIGINT', 'SIGTERM'] as const) {
        const h = (): void => {
          if (stopReason) { process.exit(130); } // a second signal: everything committed so far stays
          stop(sig);
        };
        process.on(sig, h);
        signals.push([sig, h]);
      }
      if (o.duration !== undefined) setTimeout(() => stop(`--duration ${o.duration}`), o.duration * 1000).unref();
    });
    recorder.start();
    status = setInterval(() => {
      const s = recorder.stats();
      const l = s.live;
      bar.update(undefined, `${l.connected ? (l.bookValid ? 'live' : 'awaiting snapshot') : 'reconnecting'} · ${s.frames} frames ` +
        `(${s.committedFrames} committed), ${mib(l.bytes)}, ${s.rows} rows · ${l.gaps} gaps, ${l.reconnects} reconnects`);
    }, STATUS_MS);
    // Keep the process alive while recording (the client's timers are unref'd).
    const keepAlive = setInterval(() => {}, 1 << 30);
    try {
      await Promise.race([stopped, recorder.done]);
    } catch (err) {
      await recorder.client.stop(); // a failed commit (full disk, …): the store holds every earlier batch
      throw err;
    } finally {
      clearInterval(keepAlive);
    }
    const outcome = await recorder.stop();
    clearInterval(status);
    bar.done();
    const s = recorder.stats();
    if (!outcome) {
      note(`stopped (${stopReason}): no frame arrived${lastDrop ? ` (last connection: ${lastDrop})` : ''}; nothing recorded`);
      return stopReason.startsWith('SIG') ? 0 : 1;
    }
    const r = outcome.run;
    const rec = r.recording!;
    note(`stopped (${stopReason}): source ${r.sourceNo} in ${dir}: ${r.progress.frames} frames (${mib(rec.bytes)} received), ${r.progress.rows} feature rows; ` +
      `${rec.reconnects} reconnects, ${rec.resubscribes} resubscribes, ${rec.gaps} gaps, ${rec.malformed} malformed, ${r.counters.rejected} rejected lines`);
    if (s.frames !== r.progress.frames) note(`warning: ${s.frames} frames received, ${r.progress.frames} stored`);
    return 0;
  } finally {
    clearInterval(status);
    bar.done();
    for (const [sig, h] of signals) process.off(sig, h);
    await store.close();
  }
}

/** Bybit linear SYMBOL with tick and lot from --tick/--lot or the instrument table. */
function bybitInstrument(symbol: string, o: RecordCommandOptions, table: Parameters<typeof defaultSpec>[3]): Instrument {
  const spec = defaultSpec('bybit', 'linear', symbol, table);
  const tick = o.tick ? parseGrid(o.tick) : spec?.tick;
  const lot = o.lot ? parseGrid(o.lot) : spec?.lot;
  if (o.tick && !tick) throw new UsageError(`--tick must be a positive decimal such as 0.1, was "${o.tick}"`);
  if (o.lot && !lot) throw new UsageError(`--lot must be a positive decimal such as 0.001, was "${o.lot}"`);
  if (!tick || !lot) throw new UsageError(`bybit linear ${symbol} is not in the instrument table: pass --tick and --lot (or add it to config instruments)`);
  return { exchange: 'bybit', market: 'linear', symbol, tick, lot, known: true };
}

function describeEvent(e: LiveEvent): string {
  switch (e.type) {
    case 'connected': return `connected to ${e.url}`;
    case 'disconnected': return `disconnected: ${e.reason}`;
    case 'gap': return `update-id gap (expected ${e.expectedU}, was ${e.gotU}): resubscribing for a fresh snapshot`;
    case 'subscribeFailed': return `subscribe ${e.topics.join(', ')} failed: ${e.message}`;
    default: return e.type;
  }
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(2)} MiB`;
}
