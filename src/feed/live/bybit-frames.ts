/**
 * Bybit v5 public WebSocket messages, as far as the live client needs them:
 * the topic and sequence of data frames (full decoding stays in ../bybit.ts),
 * acks and pongs, and the requests it sends.
 *   data:  {topic: "orderbook.50.BTCUSDT", type: snapshot|delta, data: {u, b, a, …}, …}
 *          {topic: "publicTrade.BTCUSDT", data: [...], …}
 *   ack:   {op: "subscribe"|"unsubscribe", success, ret_msg, req_id, conn_id}
 *   pong:  {op: "ping", ret_msg: "pong", …} (linear), or {op: "pong", …} (spot)
 */

/** What one received message is. */
export type BybitMessage =
  | { kind: 'book'; snapshot: boolean; u: number }
  | { kind: 'trade' }
  | { kind: 'pong' }
  | { kind: 'ack'; op: string; success: boolean; reqId: string; message: string }
  | { kind: 'malformed'; detail: string };

/** Topic names of one symbol's subscription. */
export interface BybitTopics {
  book: string;
  trade: string;
}

/** orderbook.{depth}.{symbol} and publicTrade.{symbol}. */
export function bybitTopics(symbol: string, depth: number): BybitTopics {
  return { book: `orderbook.${depth}.${symbol}`, trade: `publicTrade.${symbol}` };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Classifies one message; never throws. */
export function classifyBybit(text: string, topics: BybitTopics): BybitMessage {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (err) {
    return { kind: 'malformed', detail: `not JSON: ${(err as Error).message}` };
  }
  if (!isObject(obj)) return { kind: 'malformed', detail: 'message is not a JSON object' };
  const { topic, op } = obj;
  if (topic === topics.book) return book(obj);
  if (topic === topics.trade) {
    return Array.isArray(obj.data) ? { kind: 'trade' } : { kind: 'malformed', detail: 'trade "data" must be an array' };
  }
  if (typeof topic === 'string') return { kind: 'malformed', detail: `unexpected topic "${topic.slice(0, 80)}"` };
  if (typeof op !== 'string') return { kind: 'malformed', detail: 'message has neither "topic" nor "op"' };
  if (op === 'pong' || (op === 'ping' && obj.ret_msg === 'pong')) return { kind: 'pong' };
  return {
    kind: 'ack', op, success: obj.success === true,
    reqId: typeof obj.req_id === 'string' ? obj.req_id : '',
    message: typeof obj.ret_msg === 'string' ? obj.ret_msg : '',
  };
}

function book(obj: Record<string, unknown>): BybitMessage {
  const { type, data } = obj;
  if (type !== 'snapshot' && type !== 'delta') return { kind: 'malformed', detail: `book "type" must be snapshot or delta, was ${String(type).slice(0, 40)}` };
  if (!isObject(data)) return { kind: 'malformed', detail: 'book "data" must be an object' };
  const u = data.u;
  if (typeof u !== 'number' || !Number.isSafeInteger(u) || u < 0) {
    return { kind: 'malformed', detail: `book "data.u" must be a non-negative integer, was ${String(u).slice(0, 40)}` };
  }
  if (!Array.isArray(data.b) || !Array.isArray(data.a)) return { kind: 'malformed', detail: 'book "data.b" and "data.a" must be arrays' };
  // u == 1 marks a service restart: Bybit's docs say to treat it as a snapshot.
  return { kind: 'book', snapshot: type === 'snapshot' || u === 1, u };
}

/** A request frame: {"op", "args"?, "req_id"}. */
export function bybitRequest(op: 'subscribe' | 'unsubscribe' | 'ping', reqId: string, args?: string[]): string {
  return JSON.stringify(args ? { op, args, req_id: reqId } : { op, req_id: reqId });
}
