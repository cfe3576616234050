/**
 * The decision layer: the single place trading decisions are made. It turns
 * per-horizon predictions (bps) into a target position and hands the execution
 * strategy parent orders to get there.
 *
 *   interval   runs at most once per intervalMs of engine time; a tick with an
 *              invalid book or a NaN prediction decides nothing and does not use
 *              up the interval.
 *   signal     Σ_h w_h·pred_h, w_h = horizonWeights[h] or 1/H when missing (weights
 *              for horizons the model does not have are ignored).
 *   target     +maxLots if signal ≥ entryBps, −maxLots if ≤ −entryBps, 0 if
 *              |signal| < exitBps, unchanged in between (hysteresis); maxLots =
 *              floor(min(maxPositionBtc, risk maxPositionBtc) / lotBtc). It changes
 *              at most once per cooldownMs ('cooldownSkips' counts refused changes).
 *   parents    when target ≠ position + signed remaining of the working parent, the
 *              working parent is stopped (its direction disagrees, or its size no
 *              longer fits: ExecStrategy.start would replace it anyway); a parent
 *              for target − position is started only once the venue has confirmed
 *              every child of the old one gone (strategy.openLots = 0, counted in
 *              'cancelWaits' while waiting), so a cancel racing a fill never leaves
 *              two parents' orders out. A parent the strategy dropped (gave up) is
 *              replaced on the next decision.
 */
import type { DecisionConfig } from '../config/trading-section.js';
import type { Side } from '../venue/types.js';
import type { ExecStrategy, MarketView, OrderSink } from './types.js';

/** Facts from outside the decision config. */
export interface DecisionContext {
  /** Horizon names, in the order of the predictions passed to onTick. */
  readonly horizons: readonly string[];
  /** BTC per lot of the instrument. */
  readonly lotBtc: number;
  /** The risk section's maxPositionBtc: the target never exceeds it. */
  readonly riskMaxPositionBtc: number;
}

/** Hysteresis: the target (lots) for `signalBps` given the current one. */
export function nextTargetLots(signalBps: number, currentLots: number, maxLots: number, entryBps: number, exitBps: number): number {
  if (signalBps >= entryBps) return maxLots;
  if (signalBps <= -entryBps) return -maxLots;
  if (Math.abs(signalBps) < exitBps) return 0;
  return currentLots;
}

/** Signal → target position → parent orders. */
export class DecisionLayer {
  /** Largest |target| in lots. */
  readonly maxPositionLots: number;
  private readonly weights: Float64Array;
  private targetLots = 0;
  private signal = NaN;
  private lastDecisionMs = -Infinity;
  private lastTargetChangeMs = -Infinity;
  private workingSide: Side = 'buy';
  private parentSeq = 0;
  private readonly counts = {
    decisions: 0, targetChanges: 0, cooldownSkips: 0, parentsStarted: 0, parentsStopped: 0, cancelWaits: 0,
  };

  constructor(private readonly cfg: DecisionConfig, ctx: DecisionContext) {
    if (ctx.horizons.length === 0) throw new RangeError('decision horizons must not be empty, was []');
    if (!(ctx.lotBtc > 0) || !Number.isFinite(ctx.lotBtc)) throw new RangeError(`lotBtc must be positive, was ${ctx.lotBtc}`);
    if (!(ctx.riskMaxPositionBtc >= 0)) throw new RangeError(`riskMaxPositionBtc must be >= 0, was ${ctx.riskMaxPositionBtc}`);
    const h = ctx.horizons.length;
    this.weights = Float64Array.from(ctx.horizons, (name) => cfg.horizonWeights[name] ?? 1 / h);
    // 1e-9 keeps 0.01 BTC / 0.001 BTC at 10 lots despite float division.
    this.maxPositionLots = Math.floor(Math.min(cfg.maxPositionBtc, ctx.riskMaxPositionBtc) / ctx.lotBtc + 1e-9);
  }

  /** Target position in lots (signed: + long, − short). */
  get target(): number {
    return this.targetLots;
  }

  /**
   * A restarted run's target: the position it resumes with (capped at the limit),
   * so a restart inside the hysteresis band holds the position instead of flattening it.
   */
  restoreTarget(lots: number): void {
    this.targetLots = Math.max(-this.maxPositionLots, Math.min(this.maxPositionLots, Math.trunc(lots)));
  }

  /** Signal (bps) of the last decision (NaN before the first). */
  get lastSignalBps(): number {
    return this.signal;
  }

  /** Decides on this tick if the interval allows; `preds` are bps in horizon order. */
  onTick(preds: ArrayLike<number>, m: MarketView, positionLots: number, strategy: ExecStrategy, sink: OrderSink): void {
    if (!m.valid || m.nowMs - this.lastDecisionMs < this.cfg.intervalMs) return;
    let signal = 0;
    for (let i = 0; i < this.weights.length; i++) signal += this.weights[i]! * Number(preds[i]);
    if (Number.isNaN(signal)) return;
    this.lastDecisionMs = m.nowMs;
    this.signal = signal;
    this.counts.decisions++;
    const wantLots = nextTargetLots(signal, this.targetLots, this.maxPositionLots, this.cfg.entryBps, this.cfg.exitBps);
    if (wantLots !== this.targetLots) {
      if (m.nowMs - this.lastTargetChangeMs < this.cfg.cooldownMs) this.counts.cooldownSkips++;
      else {
        this.targetLots = wantLots;
        this.lastTargetChangeMs = m.nowMs;
        this.counts.targetChanges++;
      }
    }
    this.reconcile(m, positionLots, strategy, sink);
  }

  /** Counters for the report. */
  stats(): Record<string, number> {
    return { ...this.counts };
  }

  private reconcile(m: MarketView, positionLots: number, strategy: ExecStrategy, sink: OrderSink): void {
    const remainingLots = strategy.remainingLots;
    const pendingLots = remainingLots === 0 ? 0 : this.workingSide === 'buy' ? remainingLots : -remainingLots;
    if (this.targetLots === positionLots + pendingLots) return;
    if (remainingLots > 0) {
      strategy.stop(m, sink);
      this.counts.parentsStopped++;
    }
    if (strategy.openLots > 0) {
      this.counts.cancelWaits++;
      return;
    }
    const needLots = this.targetLots - positionLots;
    if (needLots === 0) return;
    this.workingSide = needLots > 0 ? 'buy' : 'sell';
    this.parentSeq++;
    this.counts.parentsStarted++;
    strategy.start({
      id: sink.nextId('parent'), side: this.workingSide, qtyLots: Math.abs(needLots), decisionMid: m.mid, createdMs: m.nowMs,
    }, m, sink);
  }
}
