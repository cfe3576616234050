/**
 * A small, deterministic Bybit v5 stream the project makes itself: a snapshot
 * and deltas of `orderbook.50.BTCUSDT` plus `publicTrade.BTCUSDT`, as
 * `<receive ns> <frame>` lines. It is what `npm start` replays until paper
 * trading lands, and the fixture tests use when they must not depend on
 * ../shared. Not a market model (the synthetic market is a later issue): just a
 * random walk of the touch with a consistent ladder, so every frame is valid.
 */

/** Small seeded PRNG (mulberry32), so a seed always gives the same stream. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DemoStreamOptions {
  seed?: number;
  messages?: number;
  /** Levels per side in the snapshot. */
  levels?: number;
  startMs?: number;
}

const TICK = 0.1;
const px = (ticks: number): string => (ticks * TICK).toFixed(1);
const qty = (lots: number): string => (lots / 1000).toFixed(3);

/** Generates the stream; returns its lines joined by "\n" (with a trailing newline). */
export function demoStream(opts: DemoStreamOptions = {}): string {
  const rnd = prng(opts.seed ?? 42);
  const nMsg = opts.messages ?? 2000;
  const depth = opts.levels ?? 50;
  let ts = opts.startMs ?? 1_786_310_800_000;
  let u = 1_000_000;
  let bestBid = 650_000; // ticks of 0.1
  const bids = new Map<number, number>();
  const asks = new Map<number, number>();
  const lots = (): number => 1 + Math.floor(rnd() ** 3 * 5000);
  for (let i = 0; i < depth; i++) {
    bids.set(bestBid - i, lots());
    asks.set(bestBid + 1 + i, lots());
  }
  const lines: string[] = [];
  const emit = (frame: unknown): void => {
    const recvNs = BigInt(ts) * 1_000_000n + BigInt(Math.floor(rnd() * 5_000_000));
    lines.push(`${recvNs} ${JSON.stringify(frame)}`);
  };
  const ladder = (m: Map<number, number>, desc: boolean): string[][] =>
    [...m.entries()].sort((a, b) => (desc ? b[0] - a[0] : a[0] - b[0])).map(([p, q]) => [px(p), qty(q)]);
  emit({ topic: 'orderbook.50.BTCUSDT', type: 'snapshot', ts, data: { s: 'BTCUSDT', b: ladder(bids, true), a: ladder(asks, false), u, seq: u * 10 }, cts: ts - 1 });
  for (let k = 1; k < nMsg; k++) {
    ts += 20 + Math.floor(rnd() * 20);
    if (rnd() < 0.15) {
      const buy = rnd() < 0.5;
      const at = buy ? Math.min(...asks.keys()) : Math.max(...bids.keys());
      emit({ topic: 'publicTrade.BTCUSDT', type: 'snapshot', ts, data: [{ T: ts, s: 'BTCUSDT', S: buy ? 'Buy' : 'Sell', v: qty(1 + Math.floor(rnd() * 200)), p: px(at), L: 'ZeroPlusTick', i: `demo-${k}`, BT: false }] });
      continue;
    }
    const b: string[][] = [];
    const a: string[][] = [];
    // Move the touch by -1, 0 or +1 tick; keep the ladder `depth` deep on both sides.
    const move = Math.floor(rnd() * 3) - 1;
    const newBid = bestBid + move;
    for (const p of [...bids.keys()]) if (p > newBid || p <= newBid - depth) { bids.delete(p); b.push([px(p), '0']); }
    for (const p of [...asks.keys()]) if (p <= newBid || p > newBid + depth) { asks.delete(p); a.push([px(p), '0']); }
    for (let i = 0; i < depth; i++) {
      if (!bids.has(newBid - i)) { const q = lots(); bids.set(newBid - i, q); b.push([px(newBid - i), qty(q)]); }
      if (!asks.has(newBid + 1 + i)) { const q = lots(); asks.set(newBid + 1 + i, q); a.push([px(newBid + 1 + i), qty(q)]); }
    }
    for (let j = 0; j < 3; j++) {
      const side = rnd() < 0.5 ? bids : asks;
      const p = side === bids ? newBid - Math.floor(rnd() * depth) : newBid + 1 + Math.floor(rnd() * depth);
      const q = lots();
      side.set(p, q);
      (side === bids ? b : a).push([px(p), qty(q)]);
    }
    bestBid = newBid;
    u++;
    emit({ topic: 'orderbook.50.BTCUSDT', type: 'delta', ts, data: { s: 'BTCUSDT', b, a, u, seq: u * 10 }, cts: ts - 1 });
  }
  return lines.join('\n') + '\n';
}
