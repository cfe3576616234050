/**
 * Saves the paper run's state whenever something that matters changed: a
 * report delivered (fill, ack, cancel, reject), an order sent, a breaker
 * tripped or cleared. Unrealized PnL moves on every tick but is derived (position
 * × mark), so it is not a change. The commit comes before the fills are logged:
 * a fill in the log is always in the state.
 *
 * Commits happen off the decision thread (lmdb-js's write thread, in order): a
 * synchronous commit costs ~6 ms on this machine, and the market worker would
 * stall behind every fill. `flush()` waits for the last one (shutdown).
 */
import type { Logger } from 'pino';
import type { Instrument } from '../feed/instrument.js';
import type { TradingSession } from '../engine/session.js';
import { PAPER_STATE_VERSION, type PaperStateDoc, type PaperStateStore } from './paper-state.js';

export class StateSaver {
  saves = 0;
  /** Commits that failed (each logged and said; the next save rewrites everything). */
  failures = 0;
  private lastVersion = -1;
  private loggedFills: number;
  private committed: Promise<void> = Promise.resolve();

  constructor(private readonly store: PaperStateStore, private readonly session: TradingSession, private readonly instrument: Instrument,
              private readonly previousStarts: number, private readonly log: Logger) {
    this.loggedFills = session.loop.parts.portfolio.fills.length;
  }

  /** Saves the starting state (so `starts` counts this run even if nothing trades). */
  start(): void {
    this.saveNow(NaN);
  }

  saveIfChanged(lastTickTsMs: number): void {
    if (this.version() !== this.lastVersion) this.saveNow(lastTickTsMs);
  }

  saveNow(lastTickTsMs: number): void {
    const { loop } = this.session;
    const { portfolio, risk, decision } = loop.parts;
    const doc: PaperStateDoc = {
      version: PAPER_STATE_VERSION,
      savedAtMs: Date.now(),
      lastTickTsMs,
      instrument: { exchange: this.instrument.exchange, market: this.instrument.market, symbol: this.instrument.symbol },
      starts: this.previousStarts + 1,
      // Only the fills and curve points the store does not hold yet.
      portfolio: portfolio.snapshot({ fills: this.store.savedFills, curve: this.store.savedCurvePoints }),
      risk: risk.snapshot(),
      targetLots: decision.target,
      orderSeq: loop.gate.seq,
      openOrders: loop.gate.openOrders(),
    };
    const upTo = portfolio.fills.length;
    const commit = this.store.save(doc);
    this.saves++;
    this.lastVersion = this.version();
    this.committed = this.committed.then(() => commit).then(() => {
      const fills = portfolio.fills;
      for (; this.loggedFills < upTo; this.loggedFills++) {
        const f = fills[this.loggedFills];
        this.log.info({ event: 'fill', ...f }, `fill ${f.side} ${f.qty} @ ${f.px}`);
      }
    }, (err: unknown) => {
      this.failures++;
      this.store.forgetSaved();
      this.lastVersion = -1;
      this.log.error({ err }, 'saving the paper state failed; the next save rewrites all of it');
    });
  }

  /** Resolves when every save made so far is committed (or has failed and been logged). */
  flush(): Promise<void> {
    return this.committed;
  }

  /** Changes whenever anything worth saving changed. */
  private version(): number {
    const { loop, riskEventCount } = this.session;
    return loop.reportsDelivered + loop.gate.submitted + riskEventCount();
  }
}
