/**
 * The local exchange's connections: subscriptions, delivery with bounded
 * buffering, and the stall fault. A client whose uWS send buffer holds more than
 * `maxBufferedBytes` loses frames instead of growing the buffer; losing a depth
 * delta breaks its book, so the topic is marked stale, gets no further deltas,
 * and is sent a fresh snapshot once the buffer has drained below half the bound.
 * A client stale for longer than `slowCloseMs` is closed. During a stall every
 * frame (responses too) is held per client, up to `maxHeldFrames`, and sent in
 * order when the stall ends; overflow marks the client's topics stale instead.
 */
import type { WebSocket } from '@trufflesuite/uws-js-unofficial';

export interface ClientState {
  readonly id: number;
  readonly connId: string;
  ws: WebSocket<ClientState> | undefined;
  readonly topics: Set<string>;
  /** Depth topics that lost a frame and wait for a snapshot, with the wall time they went stale. */
  readonly stale: Map<string, number>;
  readonly held: Array<[string, string]>;
}

export interface HubCounters {
  connections: number;
  framesSent: number;
  bytesSent: number;
  droppedFrames: number;
  resnapshots: number;
  slowClosed: number;
}

export class ClientHub {
  readonly clients = new Set<ClientState>();
  readonly counters: HubCounters = { connections: 0, framesSent: 0, bytesSent: 0, droppedFrames: 0, resnapshots: 0, slowClosed: 0 };
  /** Wall time (ms) the current stall ends; 0 = not stalled. */
  stallUntilMs = 0;
  private readonly byTopic = new Map<string, Set<ClientState>>();
  private nextId = 1;

  constructor(readonly maxBufferedBytes: number, readonly maxHeldFrames: number, readonly slowCloseMs: number,
              private readonly nowMs: () => number) {}

  /** A new connection's state (uWS user data). */
  create(): ClientState {
    const id = this.nextId++;
    return { id, connId: `local-${id.toString(16).padStart(8, '0')}`, ws: undefined, topics: new Set(), stale: new Map(), held: [] };
  }

  opened(c: ClientState, ws: WebSocket<ClientState>): void {
    c.ws = ws;
    this.clients.add(c);
    this.counters.connections++;
  }

  closed(c: ClientState): void {
    c.ws = undefined;
    for (const t of c.topics) this.byTopic.get(t)?.delete(c);
    this.clients.delete(c);
  }

  subscribe(c: ClientState, topic: string): void {
    c.topics.add(topic);
    let set = this.byTopic.get(topic);
    if (!set) this.byTopic.set(topic, (set = new Set()));
    set.add(c);
  }

  unsubscribe(c: ClientState, topic: string): void {
    c.topics.delete(topic);
    c.stale.delete(topic);
    this.byTopic.get(topic)?.delete(c);
  }

  subscribers(topic: string): number {
    return this.byTopic.get(topic)?.size ?? 0;
  }

  /** Sends a market frame of `topic` to its subscribers. */
  publish(topic: string, text: string, isDepth: boolean): void {
    const set = this.byTopic.get(topic);
    if (set) for (const c of set) this.deliver(c, text, isDepth ? topic : '');
  }

  /** Sends to one client; `depthTopic` ('' for others) decides what a lost frame breaks. */
  deliver(c: ClientState, text: string, depthTopic: string): void {
    const ws = c.ws;
    if (!ws) return;
    if (this.stallUntilMs > 0) {
      if (c.held.length < this.maxHeldFrames) { c.held.push([depthTopic, text]); return; }
      this.lose(c, depthTopic);
      for (const t of c.topics) if (t.startsWith('orderbook.')) this.lose(c, t);
      return;
    }
    if (depthTopic && c.stale.has(depthTopic)) { this.counters.droppedFrames++; return; }
    if (ws.getBufferedAmount() > this.maxBufferedBytes || ws.send(text, false) === 2) { this.lose(c, depthTopic); return; }
    this.counters.framesSent++;
    this.counters.bytesSent += text.length;
  }

  /** Starts a stall of `ms` (wall time). */
  stall(ms: number): void {
    this.stallUntilMs = Math.max(this.stallUntilMs, this.nowMs() + ms);
  }

  /**
   * Housekeeping each pump turn: ends a stall that is due (sending what was held),
   * re-snapshots drained stale clients, closes clients stale for too long.
   */
  service(snapshotOf: (topic: string) => string): void {
    const now = this.nowMs();
    if (this.stallUntilMs > 0 && now >= this.stallUntilMs) {
      this.stallUntilMs = 0;
      for (const c of this.clients) for (const [t, text] of c.held.splice(0)) this.deliver(c, text, t);
    }
    if (this.stallUntilMs > 0) return;
    for (const c of this.clients) {
      if (c.stale.size === 0 || !c.ws) continue;
      if (c.ws.getBufferedAmount() < this.maxBufferedBytes / 2) {
        for (const t of [...c.stale.keys()]) {
          c.stale.delete(t);
          if (!c.topics.has(t)) continue;
          this.deliver(c, snapshotOf(t), t);
          this.counters.resnapshots++;
        }
      } else if ([...c.stale.values()].some((since) => now - since > this.slowCloseMs)) {
        this.counters.slowClosed++;
        c.ws.close();
      }
    }
  }

  private lose(c: ClientState, depthTopic: string): void {
    this.counters.droppedFrames++;
    if (depthTopic && !c.stale.has(depthTopic)) c.stale.set(depthTopic, this.nowMs());
  }
}
