/**
 * What every execution strategy shares: the parent being worked, its fills, the
 * child book, the counters, and the ExecStrategy plumbing. Subclasses supply
 * `work` (one tick of their logic) and the hooks that reset or inform their legs.
 *
 * Parents are numbered (`parentSeq`); every child carries its parent's number, so
 * a child of a stopped parent (still live until the venue confirms its cancel)
 * can fill without being credited to the next parent. Its lots stay in
 * `openLots` until the venue reports it done.
 */
import type { RejectReason, VenueReport } from '../venue/types.js';
import { ChildBook, type ChildOrder } from './child-book.js';
import { newExecStats, type ExecStats } from './exec-stats.js';
import type { ExecStrategy, MarketView, OrderSink, ParentOrder, StrategyName } from './types.js';

/** Rejections that no retry can cure: they drop the parent. */
const FATAL_REJECTS: ReadonlySet<RejectReason | ''> = new Set<RejectReason | ''>(['bad-order', 'duplicate-id']);

/** Parent bookkeeping and report routing for the three strategies. */
export abstract class StrategyBase implements ExecStrategy {
  abstract readonly name: StrategyName;
  protected readonly counters: ExecStats = newExecStats();
  protected readonly book = new ChildBook(this.counters);
  protected parent: ParentOrder | null = null;
  /** Number of the current (or last) parent; children carry it. */
  protected parentSeq = 0;
  /** Engine time at which the current parent was started. */
  protected startedMs = 0;
  private filledLotsSum = 0;

  /** Lots of the current parent not yet filled (0 when idle). */
  get remainingLots(): number {
    return this.parent === null ? 0 : this.parent.qtyLots - this.filledLotsSum;
  }

  /** Lots of every child still open at the venue, children of stopped parents included. */
  get openLots(): number {
    return this.book.openLots;
  }

  /** Lots of the current parent filled so far. */
  get filledLots(): number {
    return this.parent === null ? 0 : this.filledLotsSum;
  }

  /** Side of the current parent (undefined when idle). */
  get side(): ParentOrder['side'] | undefined {
    return this.parent?.side;
  }

  start(parent: ParentOrder, m: MarketView, sink: OrderSink): void {
    if (!Number.isInteger(parent.qtyLots) || parent.qtyLots <= 0) {
      throw new RangeError(`parent ${parent.id} qtyLots must be a positive integer, was ${parent.qtyLots}`);
    }
    if (this.parent !== null) this.stop(m, sink);
    this.parent = parent;
    this.parentSeq++;
    this.filledLotsSum = 0;
    this.startedMs = m.nowMs;
    this.counters.parents++;
    this.onStart(parent, m);
    this.onTick(m, sink);
  }

  onTick(m: MarketView, sink: OrderSink): void {
    this.book.resendCancels(sink, m.nowMs);
    if (this.parent !== null) this.work(this.parent, m, sink);
  }

  onReport(r: VenueReport, m: MarketView, sink: OrderSink): void {
    const c = this.book.apply(r);
    if (c === undefined || this.parent === null || c.parentSeq !== this.parentSeq) return;
    this.filledLotsSum += c.lastFillLots;
    this.onChild(c, m);
    if (this.filledLotsSum >= this.parent.qtyLots) {
      this.counters.parentsCompleted++;
      this.forget();
    } else if (c.end === 'rejected' && FATAL_REJECTS.has(c.rejectReason)) {
      this.counters.fatalRejects++;
      this.drop(m, sink);
    }
  }

  stop(m: MarketView, sink: OrderSink): void {
    this.book.cancelAll(sink, m.nowMs);
    if (this.parent === null) return;
    this.counters.parentsStopped++;
    this.forget();
  }

  stats(): Record<string, number> {
    return { ...this.counters };
  }

  /** Gives the current parent up (counted); anything still live is cancelled. */
  protected drop(m: MarketView, sink: OrderSink): void {
    this.book.cancelAll(sink, m.nowMs);
    this.counters.parentsDropped++;
    this.forget();
  }

  private forget(): void {
    this.parent = null;
    this.onIdle();
  }

  /** One tick of the strategy's logic for the current parent. */
  protected abstract work(parent: ParentOrder, m: MarketView, sink: OrderSink): void;
  /** A new parent begins: reset the legs. */
  protected abstract onStart(parent: ParentOrder, m: MarketView): void;
  /** The parent ended (completed, dropped or stopped): the legs forget their children. */
  protected abstract onIdle(): void;
  /** A report about a child of the current parent, already applied to the book. */
  protected abstract onChild(c: ChildOrder, m: MarketView): void;
}
