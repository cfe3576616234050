/**
 * Binance frames → event records. Combined-stream wrappers ({stream, data}) and
 * raw events are both accepted.
 *   REST depth snapshot {lastUpdateId, [E, T], bids, asks}        → DEPTH|SNAPSHOT
 *   depthUpdate {E, [T], s, U, u, [pu], b, a}                       → DEPTH (+SEQ_PREV with pu: futures)
 *   trade {T, s, t, p, q, m} / aggTrade {T, s, a, p, q, m}           → TRADE (m: buyer is maker → SELL aggressor)
 *   bookTicker {[e, E, T], u, s, b, B, a, A}                        → TICKER
 *   markPriceUpdate, subscription acks {result, id}                  → ignored (counted)
 * Frames without an exchange time (spot snapshot and bookTicker) take the newest
 * one seen, or their receive time before any.
 */
import { DEPTH_SEQ_PREV, DEPTH_SNAPSHOT, KIND_DEPTH, KIND_TICKER, KIND_TRADE, SIDE_ASK, SIDE_BID, SIDE_BUY, SIDE_SELL } from '../layout/event.js';
import { FrameContext, isCount, isObject, NO_ROOM, show } from './frame-context.js';
import { writeLevels } from './levels.js';
import { R_BAD_FIELD, R_BAD_SIZE, R_OTHER_SYMBOL, R_UNKNOWN_MESSAGE } from './reject.js';

const NS_PER_MS = 1_000_000n;

/** Decodes one Binance frame; returns records written, 0 for ignored frames, or a negative code. */
export function decodeBinance(obj: Record<string, unknown>, ctx: FrameContext): number {
  let p = obj;
  let stream = '';
  if (typeof obj.stream === 'string' && isObject(obj.data)) {
    p = obj.data;
    stream = obj.stream;
  }
  const e = p.e;
  if (e === undefined && p.lastUpdateId !== undefined) return snapshot(p, ctx);
  if (typeof p.s === 'string' && p.s !== ctx.instrument.symbol) {
    return ctx.reject(R_OTHER_SYMBOL, `symbol "${p.s}" is not ${ctx.instrument.symbol}`);
  }
  if (e === 'depthUpdate') return diff(p, ctx);
  if (e === 'trade' || e === 'aggTrade') return trade(p, ctx, e === 'trade' ? p.t : p.a);
  if (e === 'bookTicker' || (e === undefined && (stream.endsWith('@bookTicker') ||
      (p.u !== undefined && p.b !== undefined && p.B !== undefined && p.a !== undefined && p.A !== undefined)))) {
    return ticker(p, ctx);
  }
  if (e === 'markPriceUpdate' || (e === undefined && (p.result !== undefined || p.id !== undefined))) {
    ctx.ignored++;
    return 0;
  }
  return ctx.reject(R_UNKNOWN_MESSAGE, typeof e === 'string' ? `unknown event "${e}"` : 'frame is not a known Binance message');
}

/** Exchange time of a frame whose `E` may be missing. */
function eventTsNs(ctx: FrameContext, E: unknown): bigint {
  if (isCount(E)) return BigInt(E) * NS_PER_MS;
  return ctx.lastExchTsNs >= 0n ? ctx.lastExchTsNs : ctx.localTsNs;
}

function snapshot(p: Record<string, unknown>, ctx: FrameContext): number {
  const { lastUpdateId: id, bids, asks } = p;
  if (!isCount(id)) return ctx.reject(R_BAD_FIELD, `"lastUpdateId" must be a non-negative integer, was ${show(id)}`);
  if (!Array.isArray(bids) || !Array.isArray(asks)) return ctx.reject(R_BAD_FIELD, 'snapshot "bids" and "asks" must be arrays');
  const n = bids.length + asks.length;
  if (!ctx.w.room(1 + n)) return NO_ROOM;
  const ts = eventTsNs(ctx, p.E);
  ctx.w.put(KIND_DEPTH | DEPTH_SNAPSHOT, n, ts, ctx.localTsNs, ctx.lineNo, 0, id, id, -1);
  const nb = writeLevels(ctx, bids, SIDE_BID, ts);
  if (nb < 0) return nb;
  const na = writeLevels(ctx, asks, SIDE_ASK, ts);
  if (na < 0) return na;
  if (isCount(p.E)) ctx.lastExchTsNs = ts;
  ctx.depth++;
  return 1 + n;
}

function diff(p: Record<string, unknown>, ctx: FrameContext): number {
  const { E, U, u, pu, b, a } = p;
  if (!isCount(E)) return ctx.reject(R_BAD_FIELD, `depthUpdate "E" must be a non-negative integer, was ${show(E)}`);
  if (!isCount(U) || !isCount(u) || U > u) {
    return ctx.reject(R_BAD_FIELD, `depthUpdate needs integer ids U <= u, was U=${show(U)} u=${show(u)}`);
  }
  if (pu !== undefined && !isCount(pu)) return ctx.reject(R_BAD_FIELD, `depthUpdate "pu" must be a non-negative integer, was ${show(pu)}`);
  if (!Array.isArray(b) || !Array.isArray(a)) return ctx.reject(R_BAD_FIELD, 'depthUpdate "b" and "a" must be arrays');
  const n = b.length + a.length;
  if (!ctx.w.room(1 + n)) return NO_ROOM;
  const ts = BigInt(E) * NS_PER_MS;
  const flags = KIND_DEPTH | (pu !== undefined ? DEPTH_SEQ_PREV : 0);
  ctx.w.put(flags, n, ts, ctx.localTsNs, ctx.lineNo, 0, u, U, pu !== undefined ? pu : -1);
  const nb = writeLevels(ctx, b, SIDE_BID, ts);
  if (nb < 0) return nb;
  const na = writeLevels(ctx, a, SIDE_ASK, ts);
  if (na < 0) return na;
  ctx.lastExchTsNs = ts;
  ctx.depth++;
  return 1 + n;
}

function trade(p: Record<string, unknown>, ctx: FrameContext, id: unknown): number {
  const { T, m } = p;
  if (!isCount(T)) return ctx.reject(R_BAD_FIELD, `trade "T" must be a non-negative integer, was ${show(T)}`);
  if (typeof m !== 'boolean') return ctx.reject(R_BAD_FIELD, `trade "m" must be a boolean, was ${show(m)}`);
  if (!isCount(id)) return ctx.reject(R_BAD_FIELD, `trade id must be a non-negative integer, was ${show(id)}`);
  const px = ctx.price(p.p);
  if (px < 0) return px;
  const qty = ctx.size(p.q);
  if (qty < 0) return qty;
  if (qty === 0) return ctx.reject(R_BAD_SIZE, `trade size must be positive, was "${String(p.q)}"`);
  if (!ctx.w.room(1)) return NO_ROOM;
  const ts = BigInt(T) * NS_PER_MS;
  // m = true: the buyer was the maker, so the seller took liquidity.
  ctx.w.put(KIND_TRADE | (m ? SIDE_SELL : SIDE_BUY), 0, ts, ctx.localTsNs, px, qty, id, 0, 0);
  ctx.lastExchTsNs = ts;
  ctx.trades++;
  return 1;
}

function ticker(p: Record<string, unknown>, ctx: FrameContext): number {
  const u = p.u;
  if (!isCount(u)) return ctx.reject(R_BAD_FIELD, `bookTicker "u" must be a non-negative integer, was ${show(u)}`);
  const bidPx = ctx.price(p.b);
  if (bidPx < 0) return bidPx;
  const bidQty = ctx.size(p.B);
  if (bidQty < 0) return bidQty;
  const askPx = ctx.price(p.a);
  if (askPx < 0) return askPx;
  const askQty = ctx.size(p.A);
  if (askQty < 0) return askQty;
  if (!ctx.w.room(1)) return NO_ROOM;
  const ts = eventTsNs(ctx, p.E);
  ctx.w.put(KIND_TICKER, 0, ts, ctx.localTsNs, bidPx, bidQty, u, askPx, askQty);
  if (isCount(p.E)) ctx.lastExchTsNs = ts;
  ctx.tickers++;
  return 1;
}
