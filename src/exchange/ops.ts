/**
 * Client requests of the Bybit v5 public channel: subscribe / unsubscribe (args:
 * topic names; a depth topic's subscriber gets a snapshot right after the
 * answer), and the application-level ping. Answers carry Bybit's fields:
 * success, ret_msg, conn_id, req_id (when given), op.
 */
import type { ClientHub, ClientState } from './clients.js';
import type { DepthTopic } from './depth-topic.js';
import { opResponse } from './frames.js';
import type { Pump } from './pump.js';

export function handleMessage(c: ClientState, text: string, hub: ClientHub, topics: ReadonlyMap<string, DepthTopic>,
                              tradeTopic: string, pump: Pump): void {
  let req: Record<string, unknown>;
  try {
    const obj: unknown = JSON.parse(text);
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new Error('not an object');
    req = obj as Record<string, unknown>;
  } catch {
    hub.deliver(c, opResponse('', c.connId, undefined, false, 'error:request is not a JSON object'), '');
    return;
  }
  const op = typeof req.op === 'string' ? req.op : '';
  const reply = (ok: boolean, msg: string): void => hub.deliver(c, opResponse(op, c.connId, req.req_id, ok, msg), '');
  if (op === 'ping') { reply(true, 'pong'); return; }
  if (op !== 'subscribe' && op !== 'unsubscribe') { reply(false, `error:unknown op "${op}"`); return; }
  const args = Array.isArray(req.args) ? req.args.filter((a): a is string => typeof a === 'string') : [];
  if (args.length === 0) { reply(false, 'error:args must be a non-empty array of topics'); return; }
  const unknown = args.filter((t) => !topics.has(t) && t !== tradeTopic);
  const problems = unknown.length ? [`error:handler not found,topic:${unknown.join(',')}`] : [];
  if (op === 'unsubscribe') {
    for (const t of args) if (c.topics.has(t)) hub.unsubscribe(c, t);
    reply(problems.length === 0, problems.join(';'));
    return;
  }
  const already = args.filter((t) => c.topics.has(t));
  if (already.length) problems.push(`error:already subscribed,topic:${already.join(',')}`);
  const fresh = args.filter((t) => !unknown.includes(t) && !c.topics.has(t));
  for (const t of fresh) hub.subscribe(c, t);
  reply(problems.length === 0, problems.join(';'));
  for (const t of fresh) {
    const topic = topics.get(t);
    if (topic) hub.deliver(c, pump.snapshot(topic), t);
  }
}
