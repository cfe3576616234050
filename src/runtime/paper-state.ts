/**
 * The paper run's state in the store's `state` database (docs/PAPER.md): one
 * document under one key, rewritten in one LMDB transaction whenever something
 * changed (a fill, an order sent or finished, a breaker trip), so a reader — a
 * restarted run after SIGKILL included — sees either the old or the new state,
 * never a mix: no fill is lost once committed, none is counted twice.
 *
 * Open orders are saved for the record but not restored: they rested at the
 * paper venue, whose queue positions do not survive a restart. A restarted run
 * says how many it dropped.
 */
import { mkdirSync } from 'node:fs';
import { Store } from '../store/store.js';
import { storeInstrument } from '../store/compat.js';
import { FEATURE_SET_VERSION, rowFeatureDefs } from '../features/registry.js';
import type { Instrument } from '../feed/instrument.js';
import type { PortfolioSnapshot } from '../portfolio/index.js';
import type { RiskSnapshot } from '../risk/index.js';
import { engineVersion } from '../cli/version.js';
import { UsageError } from '../errors.js';

const KEY = 'paper';
export const PAPER_STATE_VERSION = 1;

export interface PaperStateDoc {
  version: typeof PAPER_STATE_VERSION;
  /** Wall clock of the save, ms. */
  savedAtMs: number;
  /** Exchange time of the last tick, ms. */
  lastTickTsMs: number;
  instrument: { exchange: string; market: string; symbol: string };
  /** Starts of this state (1 on the first run). */
  starts: number;
  portfolio: PortfolioSnapshot;
  risk: RiskSnapshot;
  targetLots: number;
  orderSeq: number;
  openOrders: Array<{ clientId: string; side: 'buy' | 'sell'; leavesLots: number }>;
}

export class PaperStateStore {
  private constructor(readonly dir: string, private readonly store: Store) {}

  /** Opens the state store in `dir`, creating it (and the directory) when missing. */
  static open(dir: string, instrument: Instrument, extended: boolean): PaperStateStore {
    mkdirSync(dir, { recursive: true });
    // The writer lock: a second paper run on the same state directory is refused with the first one's pid.
    const store = Store.open(dir, {
      writer: 'btc-engine paper',
      create: {
        featureSetVersion: FEATURE_SET_VERSION, columns: rowFeatureDefs(extended, 0).map((d) => d.name), extended,
        instrument: storeInstrument(instrument), calibrationSha256: null, createdBy: engineVersion(),
      },
    });
    return new PaperStateStore(dir, store);
  }

  /** The saved state, or undefined on a first run; a state for another instrument is refused. */
  load(instrument: Instrument): PaperStateDoc | undefined {
    const doc = this.store.getState<PaperStateDoc>(KEY);
    if (!doc) return undefined;
    if (doc.version !== PAPER_STATE_VERSION) {
      throw new UsageError(`paper state in ${this.dir} has version ${doc.version}, this engine reads ${PAPER_STATE_VERSION}: move it away to start afresh`);
    }
    const i = doc.instrument;
    if (i.exchange !== instrument.exchange || i.market !== instrument.market || i.symbol !== instrument.symbol) {
      throw new UsageError(`paper state in ${this.dir} is for ${i.exchange} ${i.market} ${i.symbol}, the feed is ${instrument.exchange} ${instrument.market} ${instrument.symbol}: use another paper.stateDir`);
    }
    return doc;
  }

  save(doc: PaperStateDoc): void {
    this.store.putState(KEY, doc);
  }

  async close(): Promise<void> {
    await this.store.close();
  }
}
