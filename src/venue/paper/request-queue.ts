/**
 * Orders and cancels on their way from the engine to the simulated exchange.
 * The channel is FIFO, like one connection: a request sent at engine time t
 * arrives at max(t + entry latency, arrival of the previous request), so a cancel
 * never overtakes the order it cancels and arrival order is send order.
 */
import type { OrderRequest } from '../types.js';
import { paperErrors } from './errors.js';
import type { LatencyModel } from './latency.js';

/** An order (or, with `order` null, a cancel of `clientId`) in flight. */
export interface VenueRequest {
  readonly arrivalMs: number;
  /** Engine time it was sent. */
  readonly submitMs: number;
  readonly order: OrderRequest | null;
  readonly clientId: string;
}

export class RequestQueue {
  private items: VenueRequest[] = [];
  private head = 0;
  private lastArrivalMs = -Infinity;

  constructor(private readonly latency: LatencyModel) {}

  /** Requests sent and not yet arrived. */
  get length(): number {
    return this.items.length - this.head;
  }

  /** Sends a request at engine time `nowMs`. */
  send(order: OrderRequest | null, clientId: string, nowMs: number): void {
    if (!Number.isFinite(nowMs)) throw paperErrors.badOption('nowMs', 'finite', nowMs);
    const arrivalMs = Math.max(nowMs + this.latency.sampleMs(), this.lastArrivalMs);
    this.lastArrivalMs = arrivalMs;
    this.items.push({ arrivalMs, submitMs: nowMs, order, clientId });
  }

  /** The next request if it arrives strictly before `boundMs` (removed), else undefined. */
  shiftBefore(boundMs: number): VenueRequest | undefined {
    if (this.head === this.items.length || !(this.items[this.head].arrivalMs < boundMs)) return undefined;
    const r = this.items[this.head++];
    if (this.head === this.items.length) { this.items.length = 0; this.head = 0; }
    else if (this.head >= 1024 && this.head * 2 >= this.items.length) { this.items = this.items.slice(this.head); this.head = 0; }
    return r;
  }
}
