/**
 * On/off state of every breaker, with trip counts and the log. A breaker
 * trips when its condition becomes true (counted once per trip) and clears
 * when it becomes false; staying in a state logs nothing.
 */
import { BREAKERS, type BreakerName, type RiskLog } from './types.js';

/** Reason text and numbers of a state change, built only when the state changes. */
export type Explain = () => readonly [reason: string, detail: Record<string, number>];

/** Snapshot form. */
export interface BreakerSetJson {
  readonly active: Record<BreakerName, boolean>;
  readonly trips: Record<BreakerName, number>;
}

function allBreakers<T>(v: T): Record<BreakerName, T> {
  return Object.fromEntries(BREAKERS.map((b) => [b, v])) as Record<BreakerName, T>;
}

/** States and trip counts of all breakers. */
export class BreakerSet {
  private active = allBreakers(false);
  private tripCount = allBreakers(0);

  constructor(private readonly log?: RiskLog) {}

  /** Sets `name` to `on`; on a change counts a trip and logs. Returns whether it changed. */
  update(name: BreakerName, on: boolean, tsMs: number, explain: Explain): boolean {
    if (this.active[name] === on) return false;
    this.active[name] = on;
    if (on) this.tripCount[name]++;
    if (this.log !== undefined) {
      const [reason, detail] = explain();
      this.log({ tsMs, breaker: name, action: on ? 'trip' : 'clear', reason, detail });
    }
    return true;
  }

  /** Whether `name` is active. */
  isActive(name: BreakerName): boolean { return this.active[name]; }

  /** First active breaker in report order, or undefined. */
  firstActive(): BreakerName | undefined { return BREAKERS.find((b) => this.active[b]); }

  /** Active breakers in report order. */
  activeNames(): BreakerName[] { return BREAKERS.filter((b) => this.active[b]); }

  /** Trips per breaker, every name present, report order. */
  trips(): Record<BreakerName, number> { return { ...this.tripCount }; }

  /** JSON-safe state. */
  toJson(): BreakerSetJson { return { active: { ...this.active }, trips: { ...this.tripCount } }; }

  /** Rebuilds the states from `toJson()`; names missing from it start off / 0. */
  static fromJson(j: BreakerSetJson, log?: RiskLog): BreakerSet {
    const s = new BreakerSet(log);
    for (const b of BREAKERS) {
      s.active[b] = j.active[b] === true;
      s.tripCount[b] = j.trips[b] ?? 0;
    }
    return s;
  }
}
