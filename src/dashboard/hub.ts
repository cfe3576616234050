/**
 * The dashboard's WebSocket clients on uWebSockets.js, with bounded buffering
 * (the pattern of uWS.js examples/Backpressure.mjs): one frame text, built once
 * per tick, is sent to every client whose send buffer is under `maxBufferedBytes`.
 * A client over the bound skips the frame (counted) and is marked behind; when
 * it is back under the bound it first gets the history again (its charts missed
 * points), then frames. A client behind for longer than `stuckCloseMs` is
 * closed. uWS's own `maxBackpressure` (bound + the largest message) is the hard
 * cap: what a client can have buffered never exceeds it.
 */
import type { WebSocket } from '@trufflesuite/uws-js-unofficial';

/** Per-connection state (uWS user data). */
export interface DashboardClient {
  ws: WebSocket<DashboardClient> | undefined;
  /** Frames this client skipped. */
  skipped: number;
  /** Wall time (ms) it fell behind; -1 = keeping up. */
  behindSinceMs: number;
  /** It missed frames: resend the history before the next frame. */
  needsHistory: boolean;
}

export interface HubCounters {
  connections: number;
  framesSent: number;
  bytesSent: number;
  framesSkipped: number;
  historiesSent: number;
  clientsDropped: number;
}

export class FrameHub {
  readonly clients = new Set<DashboardClient>();
  readonly counters: HubCounters = { connections: 0, framesSent: 0, bytesSent: 0, framesSkipped: 0, historiesSent: 0, clientsDropped: 0 };
  /** Largest send buffer seen at the last broadcast, bytes. */
  maxBufferedBytes = 0;

  /** `historyOnOpen` false: a new client gets its history with the next broadcast (history() is then fresh). */
  constructor(readonly boundBytes: number, readonly stuckCloseMs: number, private readonly history: () => string,
              private readonly historyOnOpen = true) {}

  /** A new connection's state. */
  create(): DashboardClient {
    return { ws: undefined, skipped: 0, behindSinceMs: -1, needsHistory: true };
  }

  /** A client connected: it gets the history at once, then frames. */
  opened(c: DashboardClient, ws: WebSocket<DashboardClient>): void {
    c.ws = ws;
    this.clients.add(c);
    this.counters.connections++;
    if (this.historyOnOpen) this.sendHistory(c);
  }

  closed(c: DashboardClient): void {
    c.ws = undefined;
    this.clients.delete(c);
  }

  /** Sends one frame to every client that keeps up; `nowMs` = wall clock. */
  /**
   * `historyReady` false (remote mode, no fresh history with this frame): clients
   * waiting for a history wait for the next frame instead of getting an old one.
   */
  broadcast(text: string, nowMs: number, historyReady = true): void {
    let maxBuffered = 0;
    for (const c of [...this.clients]) {
      const ws = c.ws;
      if (!ws) continue;
      const buffered = ws.getBufferedAmount();
      if (buffered > maxBuffered) maxBuffered = buffered;
      if (buffered > this.boundBytes) {
        this.skip(c, nowMs);
        continue;
      }
      c.behindSinceMs = -1;
      if (c.needsHistory && !historyReady) continue;
      ws.cork(() => {
        if (c.needsHistory && !this.sendHistory(c)) return;
        this.send(c, text);
      });
    }
    this.maxBufferedBytes = maxBuffered;
  }

  /**
   * Closes every connection (shutdown), forcefully: a close frame would wait for
   * the client's answer, and a client that never reads would hold the process
   * until uWS times it out (~15 s). The page reconnects by itself.
   */
  closeAll(): void {
    for (const c of [...this.clients]) c.ws?.close();
  }

  private skip(c: DashboardClient, nowMs: number): void {
    this.counters.framesSkipped++;
    c.skipped++;
    c.needsHistory = true;
    if (c.behindSinceMs < 0) { c.behindSinceMs = nowMs; return; }
    if (nowMs - c.behindSinceMs > this.stuckCloseMs) {
      this.counters.clientsDropped++;
      // Forceful: a close frame would only queue behind the stuck buffer.
      c.ws!.close();
    }
  }

  private sendHistory(c: DashboardClient): boolean {
    const text = this.history();
    if (!this.send(c, text)) return false;
    this.counters.historiesSent++;
    c.needsHistory = false;
    return true;
  }

  /** False when uWS dropped the message at its hard cap (the client then needs the history again). */
  private send(c: DashboardClient, text: string): boolean {
    const status = c.ws!.send(text, false);
    if (status === 2) {
      this.counters.framesSkipped++;
      c.skipped++;
      c.needsHistory = true;
      return false;
    }
    this.counters.framesSent++;
    this.counters.bytesSent += text.length;
    return true;
  }
}
