/**
 * The paper run's state in the store's `state` database (docs/PAPER.md),
 * rewritten in one LMDB transaction whenever something changed (a fill, an
 * order sent or finished, a breaker trip), so a reader — a restarted run after
 * SIGKILL included — sees either the old or the new state, never a mix: no fill
 * is lost once committed, none is counted twice.
 *
 * Commits are asynchronous (lmdb-js's write thread; they land in order), so the
 * market worker never waits for one; `save` resolves when its commit has landed.
 *
 * Layout (version 2): the head document under `paper` (everything but the two
 * lists that only grow), and each fill and each equity-curve point under its own
 * key (`paper/fill/<index>`, `paper/curve/<index>`). A save writes the head and
 * only what was appended since the last save, so it costs the same after a week
 * of trading (tens of thousands of fills, a point per second) as after a minute.
 * A version-1 state (one document holding everything) is read as it is and
 * rewritten in the new layout by the first save.
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
const FILL_PREFIX = 'paper/fill/';
const CURVE_PREFIX = 'paper/curve/';
export const PAPER_STATE_VERSION = 2;

/** Keys sort as strings: indices are zero-padded. */
const indexKey = (prefix: string, i: number): string => `${prefix}${String(i).padStart(12, '0')}`;

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

/** The head document as stored: the lists are kept under their own keys. */
interface StoredHead extends Omit<PaperStateDoc, 'version'> {
  version: 1 | 2;
  /** Version 2: how many fills and curve points the keys hold. */
  fillCount?: number;
  curveCount?: number;
}

export class PaperStateStore {
  /** Fills and equity-curve points already in the store (a save writes the ones after). */
  savedFills = 0;
  savedCurvePoints = 0;

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
    const head = this.store.getState<StoredHead>(KEY);
    if (!head) return undefined;
    if (head.version !== 1 && head.version !== PAPER_STATE_VERSION) {
      throw new UsageError(`paper state in ${this.dir} has version ${head.version}, this engine reads ${PAPER_STATE_VERSION} (and 1): move it away to start afresh`);
    }
    const i = head.instrument;
    if (i.exchange !== instrument.exchange || i.market !== instrument.market || i.symbol !== instrument.symbol) {
      throw new UsageError(`paper state in ${this.dir} is for ${i.exchange} ${i.market} ${i.symbol}, the feed is ${instrument.exchange} ${instrument.market} ${instrument.symbol}: use another paper.stateDir`);
    }
    const { fillCount, curveCount, ...doc } = head;
    if (head.version === 1) {
      // Everything was in the one document; the first save writes every fill and point under its key.
      return { ...doc, version: PAPER_STATE_VERSION };
    }
    // The head and its lists were committed together: the keys hold exactly the counts.
    const fills = this.store.getStatesWithPrefix<PaperStateDoc['portfolio']['fills'][number]>(FILL_PREFIX).slice(0, fillCount);
    const equityCurve = this.store.getStatesWithPrefix<PaperStateDoc['portfolio']['equityCurve'][number]>(CURVE_PREFIX).slice(0, curveCount);
    if (fills.length !== fillCount || equityCurve.length !== curveCount) {
      throw new UsageError(`paper state in ${this.dir} is inconsistent: the head counts ${fillCount} fills and ${curveCount} curve points, the store holds ${fills.length} and ${equityCurve.length}`);
    }
    this.savedFills = fills.length;
    this.savedCurvePoints = equityCurve.length;
    return { ...doc, version: PAPER_STATE_VERSION, portfolio: { ...doc.portfolio, fills, equityCurve } };
  }

  /**
   * Saves the state; `doc.portfolio.fills` and `.equityCurve` hold only what came
   * after `savedFills` / `savedCurvePoints` (Portfolio.snapshot({ fills, curve })).
   */
  save(doc: PaperStateDoc): Promise<void> {
    const { fills, equityCurve } = doc.portfolio;
    const fillCount = this.savedFills + fills.length;
    const curveCount = this.savedCurvePoints + equityCurve.length;
    const head: StoredHead = { ...doc, portfolio: { ...doc.portfolio, fills: [], equityCurve: [] }, fillCount, curveCount };
    const entries: Array<readonly [string, unknown]> = [[KEY, head]];
    fills.forEach((f, k) => entries.push([indexKey(FILL_PREFIX, this.savedFills + k), f]));
    equityCurve.forEach((q, k) => entries.push([indexKey(CURVE_PREFIX, this.savedCurvePoints + k), q]));
    // Committed off this thread, in order; the counts move now, so the next save builds on this one.
    const commit = this.store.putStatesAsync('saving the paper state', entries);
    this.savedFills = fillCount;
    this.savedCurvePoints = curveCount;
    return commit;
  }

  /** After a failed commit: the next save writes every fill and point again. */
  forgetSaved(): void {
    this.savedFills = 0;
    this.savedCurvePoints = 0;
  }

  async close(): Promise<void> {
    await this.store.close();
  }
}
