/**
 * A single-producer / single-consumer byte ring on a SharedArrayBuffer: the
 * hand-over of raw market-data frames from the main thread (WebSocket client)
 * to the market-pipeline worker (DESIGN.md §3). No postMessage per frame.
 *
 * Each frame goes in as one line of the parser's `<receive ns> <frame>\n`
 * format, so the consumer can hand whatever it reads straight to the book
 * pipeline: the producer only ever publishes whole lines.
 *
 * Positions are byte counters that run freely modulo 2^32 (the capacity is a
 * power of two below 2^31, so `head - tail` is exact in unsigned arithmetic).
 * The producer writes the bytes, then publishes `head` with a store-release
 * (Atomics.store); the consumer reads `head` with Atomics.load before touching
 * the bytes, and publishes `tail` the same way when it has copied them out.
 * A consumer about to sleep sets WAITING and re-checks `head`; a producer that
 * sees WAITING bumps SIGNAL and notifies — so an idle worker costs no CPU and a
 * busy one pays no system call per frame. The consumer sleeps in a blocking
 * Atomics.wait (it is a worker thread, whose event loop gets a turn between
 * waits: see market-worker.ts).
 */

const HEAD = 0;
const TAIL = 1;
const SIGNAL = 2;
const WAITING = 3;
const HEADER_BYTES = 64;
const NEWLINE = 0x0a;

export class FrameRing {
  readonly capacity: number;
  private readonly ctrl: Int32Array;
  private readonly data: Buffer;
  private readonly mask: number;

  /** A new ring of `capacityBytes` (rounded up to a power of two, 64 KiB … 1 GiB). */
  static create(capacityBytes: number): FrameRing {
    let cap = 1 << 16;
    while (cap < capacityBytes && cap < 1 << 30) cap *= 2;
    return new FrameRing(new SharedArrayBuffer(HEADER_BYTES + cap));
  }

  /** The other thread's view of a ring made by `create`. */
  constructor(readonly sab: SharedArrayBuffer) {
    this.capacity = sab.byteLength - HEADER_BYTES;
    if (this.capacity <= 0 || (this.capacity & (this.capacity - 1)) !== 0) throw new RangeError(`frame ring capacity must be a power of two, was ${this.capacity}`);
    this.ctrl = new Int32Array(sab, 0, HEADER_BYTES / 4);
    this.data = Buffer.from(sab, HEADER_BYTES, this.capacity);
    this.mask = this.capacity - 1;
  }

  /** Bytes waiting for the consumer. */
  get usedBytes(): number {
    return (Atomics.load(this.ctrl, HEAD) - Atomics.load(this.ctrl, TAIL)) >>> 0;
  }

  // ---- producer (main thread) ----

  /**
   * Appends `<recvNs> <frame>\n`; false when it does not fit — the
   * caller keeps the frame and tries again later, so nothing is dropped here.
   */
  tryWrite(recvNs: bigint, frame: Buffer): boolean {
    const prefix = `${recvNs} `;
    const len = prefix.length + frame.length + 1;
    const head = Atomics.load(this.ctrl, HEAD);
    const free = this.capacity - ((head - Atomics.load(this.ctrl, TAIL)) >>> 0);
    if (len > free) return false;
    let at = this.writeAscii(head >>> 0, prefix);
    at = this.writeBytes(at, frame);
    this.data[at & this.mask] = NEWLINE;
    Atomics.store(this.ctrl, HEAD, (head + len) | 0);
    if (Atomics.load(this.ctrl, WAITING) !== 0) {
      Atomics.add(this.ctrl, SIGNAL, 1);
      Atomics.notify(this.ctrl, SIGNAL);
    }
    return true;
  }

  /** Whether a frame of this many bytes could ever fit (else it must be refused). */
  fits(frameBytes: number): boolean {
    return frameBytes + 32 <= this.capacity;
  }

  /** Wakes a sleeping consumer without data (shutdown). */
  wake(): void {
    Atomics.add(this.ctrl, SIGNAL, 1);
    Atomics.notify(this.ctrl, SIGNAL);
  }

  private writeAscii(pos: number, s: string): number {
    for (let i = 0; i < s.length; i++) this.data[(pos + i) & this.mask] = s.charCodeAt(i);
    return pos + s.length;
  }

  private writeBytes(pos: number, b: Buffer): number {
    const start = pos & this.mask;
    const first = Math.min(b.length, this.capacity - start);
    b.copy(this.data, start, 0, first);
    if (first < b.length) b.copy(this.data, 0, first);
    return pos + b.length;
  }

  // ---- consumer (market worker) ----

  /**
   * Copies every published byte (whole lines) into `into`, up to its length,
   * and frees them; returns the count. `into` must hold at least one frame.
   */
  read(into: Buffer): number {
    const tail = Atomics.load(this.ctrl, TAIL);
    const used = (Atomics.load(this.ctrl, HEAD) - tail) >>> 0;
    if (used === 0) return 0;
    let n = Math.min(used, into.length);
    if (n < used) n = this.lastLineEnd(tail >>> 0, n);
    const start = (tail >>> 0) & this.mask;
    const first = Math.min(n, this.capacity - start);
    this.data.copy(into, 0, start, start + first);
    if (first < n) this.data.copy(into, first, 0, n - first);
    Atomics.store(this.ctrl, TAIL, (tail + n) | 0);
    return n;
  }

  /**
   * Blocks this thread until the producer may have written, or `timeoutMs`
   * passed. Sets WAITING first and re-checks, so a write between the check and
   * the wait is never missed. (A blocking wait wakes in tens of µs; a promise
   * from Atomics.waitAsync took ~150 µs to resolve on this machine.)
   */
  waitForData(timeoutMs: number): void {
    const seen = Atomics.load(this.ctrl, SIGNAL);
    Atomics.store(this.ctrl, WAITING, 1);
    if (this.usedBytes === 0) Atomics.wait(this.ctrl, SIGNAL, seen, timeoutMs);
    Atomics.store(this.ctrl, WAITING, 0);
  }

  /** Busy-polls for up to `ms`; true as soon as data is there. */
  spinForData(ms: number): boolean {
    const until = performance.now() + ms;
    do if (this.usedBytes > 0) return true; while (performance.now() < until);
    return false;
  }

  /** Length of the longest prefix of `n` bytes from `pos` that ends with a newline. */
  private lastLineEnd(pos: number, n: number): number {
    for (let i = n; i > 0; i--) if (this.data[(pos + i - 1) & this.mask] === NEWLINE) return i;
    throw new RangeError(`frame ring: no whole line in ${n} bytes (consumer buffer too small)`);
  }
}
