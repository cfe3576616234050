/** A `ws` client for the local-exchange tests: records every text frame and waits for conditions. */
import WebSocket from 'ws';

export class TestClient {
  readonly frames: string[] = [];
  closed = false;
  closeCode = 0;
  private wake: Array<() => void> = [];
  private readonly parsed: Array<Record<string, any> | undefined> = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d: Buffer) => { this.frames.push(d.toString('utf8')); this.notify(); });
    ws.on('close', (code: number) => { this.closed = true; this.closeCode = code; this.notify(); });
    ws.on('error', () => {});
  }

  static connect(url: string): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const c = new TestClient(ws);
      ws.once('open', () => resolve(c));
      ws.once('error', reject);
    });
  }

  send(obj: unknown): void {
    this.ws.send(typeof obj === 'string' ? obj : JSON.stringify(obj));
  }

  subscribe(...topics: string[]): void {
    this.send({ op: 'subscribe', args: topics, req_id: `sub-${topics.length}` });
  }

  /**
   * Frames parsed as JSON (malformed ones as undefined). Each frame is parsed once:
   * tests call this on every frame they wait for, and re-parsing thousands of book
   * frames each time made a fast stream outrun the client under load.
   */
  json(): ReadonlyArray<Record<string, any> | undefined> {
    for (let i = this.parsed.length; i < this.frames.length; i++) {
      try { this.parsed.push(JSON.parse(this.frames[i]!) as Record<string, any>); } catch { this.parsed.push(undefined); }
    }
    return this.parsed;
  }

  /** Resolves once `cond()` holds (checked on every frame and close), rejects after timeoutMs. */
  async until(cond: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!cond()) {
      const left = end - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what} (${this.frames.length} frames)`);
      await new Promise<void>((r) => { const t = setTimeout(r, Math.min(left, 50)); this.wake.push(() => { clearTimeout(t); r(); }); });
    }
  }

  /** Waits for n frames of a topic after index `from`. */
  async topicFrames(topic: string, n: number, from = 0): Promise<Array<Record<string, any>>> {
    const pick = (): Array<Record<string, any>> => this.json().slice(from).filter((f): f is Record<string, any> => f?.topic === topic);
    await this.until(() => pick().length >= n, `${n} frames of ${topic}`);
    return pick();
  }

  close(): void {
    this.ws.close();
  }

  private notify(): void {
    for (const w of this.wake.splice(0)) w();
  }
}

/** A book rebuilt from Bybit frames of one depth topic: px text → size text per side. */
export class FrameBook {
  readonly b = new Map<string, string>();
  readonly a = new Map<string, string>();
  u = 0;

  apply(f: Record<string, any>): void {
    if (f.type === 'snapshot') { this.b.clear(); this.a.clear(); }
    for (const [side, key] of [[this.b, 'b'], [this.a, 'a']] as const) {
      for (const [px, qty] of f.data[key] as string[][]) if (qty === '0') side.delete(px); else side.set(px, qty);
    }
    this.u = f.data.u;
  }

  /** Sorted best first: [[px, qty], ...]. */
  side(which: 'b' | 'a'): string[][] {
    const m = which === 'b' ? this.b : this.a;
    return [...m.entries()].sort((x, y) => (which === 'b' ? Number(y[0]) - Number(x[0]) : Number(x[0]) - Number(y[0])));
  }
}
