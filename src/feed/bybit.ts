/**
 * Bybit v5 public frames → event records.
 *   orderbook.{depth}.{symbol}: {topic, type: snapshot|delta, ts, data: {s, b, a, u, seq}, cts}
 *     a snapshot, or a delta with u == 1 (service restart), replaces the book;
 *     sizes are absolute, "0" deletes the level.
 *   publicTrade.{symbol}: {topic, type, ts, data: [{T, s, S: Buy|Sell, v, p, seq, …}]}
 * Subscription acks and pongs ({op, success, …}) are valid and ignored.
 */
import { DEPTH_SNAPSHOT, KIND_DEPTH, KIND_TRADE, SIDE_ASK, SIDE_BID, SIDE_BUY, SIDE_SELL } from '../layout/event.js';
import { FrameContext, isCount, isObject, NO_ROOM, show } from './frame-context.js';
import { writeLevels } from './levels.js';
import { R_BAD_FIELD, R_BAD_SIZE, R_OTHER_SYMBOL, R_UNKNOWN_MESSAGE } from './reject.js';

const NS_PER_MS = 1_000_000n;

/** Decodes one Bybit frame; returns records written, 0 for ignored frames, or a negative code. */
export function decodeBybit(obj: Record<string, unknown>, ctx: FrameContext): number {
  const topic = obj.topic;
  if (typeof topic !== 'string') {
    if (typeof obj.op === 'string') { ctx.ignored++; return 0; }
    return ctx.reject(R_UNKNOWN_MESSAGE, 'frame has neither "topic" nor "op"');
  }
  const symbol = topic.slice(topic.lastIndexOf('.') + 1);
  const isDepth = topic.startsWith('orderbook.');
  if (!isDepth && !topic.startsWith('publicTrade.')) return ctx.reject(R_UNKNOWN_MESSAGE, `unknown topic "${topic}"`);
  if (symbol !== ctx.instrument.symbol) {
    return ctx.reject(R_OTHER_SYMBOL, `topic "${topic}" is not for ${ctx.instrument.symbol}`);
  }
  return isDepth ? depth(obj, ctx) : trades(obj, ctx);
}

function depth(obj: Record<string, unknown>, ctx: FrameContext): number {
  const { type, ts, data } = obj;
  if (type !== 'snapshot' && type !== 'delta') return ctx.reject(R_BAD_FIELD, `"type" must be snapshot or delta, was ${show(type)}`);
  if (!isCount(ts)) return ctx.reject(R_BAD_FIELD, `"ts" must be a non-negative integer, was ${show(ts)}`);
  if (!isObject(data)) return ctx.reject(R_BAD_FIELD, '"data" must be an object');
  const { u, b, a } = data;
  if (!isCount(u)) return ctx.reject(R_BAD_FIELD, `"data.u" must be a non-negative integer, was ${show(u)}`);
  if (!Array.isArray(b) || !Array.isArray(a)) return ctx.reject(R_BAD_FIELD, '"data.b" and "data.a" must be arrays');
  const n = b.length + a.length;
  if (!ctx.w.room(1 + n)) return NO_ROOM;
  const exchTsNs = BigInt(ts) * NS_PER_MS;
  const flags = KIND_DEPTH | (type === 'snapshot' || u === 1 ? DEPTH_SNAPSHOT : 0);
  ctx.w.put(flags, n, exchTsNs, ctx.localTsNs, ctx.lineNo, 0, u, u, -1);
  const nb = writeLevels(ctx, b, SIDE_BID, exchTsNs);
  if (nb < 0) return nb;
  const na = writeLevels(ctx, a, SIDE_ASK, exchTsNs);
  if (na < 0) return na;
  ctx.lastExchTsNs = exchTsNs;
  ctx.depth++;
  return 1 + n;
}

function trades(obj: Record<string, unknown>, ctx: FrameContext): number {
  const data = obj.data;
  if (!Array.isArray(data)) return ctx.reject(R_BAD_FIELD, '"data" must be an array of trades');
  if (!ctx.w.room(data.length)) return NO_ROOM;
  let lastTsNs = ctx.lastExchTsNs;
  for (let i = 0; i < data.length; i++) {
    const t = data[i];
    if (!isObject(t)) return ctx.reject(R_BAD_FIELD, `trade ${i} must be an object`);
    if (!isCount(t.T)) return ctx.reject(R_BAD_FIELD, `trade ${i} "T" must be a non-negative integer, was ${show(t.T)}`);
    if (t.S !== 'Buy' && t.S !== 'Sell') return ctx.reject(R_BAD_FIELD, `trade ${i} "S" must be Buy or Sell, was ${show(t.S)}`);
    const px = ctx.price(t.p);
    if (px < 0) return px;
    const qty = ctx.size(t.v);
    if (qty < 0) return qty;
    if (qty === 0) return ctx.reject(R_BAD_SIZE, `trade ${i} size must be positive, was "${String(t.v)}"`);
    const exchTsNs = BigInt(t.T) * NS_PER_MS;
    const id = isCount(t.seq) ? t.seq : 0;
    ctx.w.put(KIND_TRADE | (t.S === 'Buy' ? SIDE_BUY : SIDE_SELL), 0, exchTsNs, ctx.localTsNs, px, qty, id, 0, 0);
    lastTsNs = exchTsNs;
  }
  ctx.lastExchTsNs = lastTsNs; // only once the whole frame is accepted
  ctx.trades += data.length;
  return data.length;
}
