/**
 * FrameHub backpressure, with a stand-in for uWS's WebSocket whose send buffer
 * the test sets: a new client gets the history first; a client over the bound
 * skips frames (counted) and gets the history again once it is back under it; a
 * client stuck over the bound past stuckCloseMs is closed; a send uWS drops at
 * its hard cap counts as skipped. (Kernel socket buffers absorb megabytes on
 * loopback before uWS buffers anything, so a real paused socket takes minutes to
 * reach the bound; the load test checks the bound holds end to end.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WebSocket } from '@trufflesuite/uws-js-unofficial';
import { FrameHub, type DashboardClient } from '../../src/dashboard/hub.js';

class FakeWs {
  buffered = 0;
  sent: string[] = [];
  closed = false;
  /** uWS send status to return: 1 sent, 2 dropped at maxBackpressure. */
  status = 1;
  constructor(private readonly hub: FrameHub, readonly client: DashboardClient) {}
  getBufferedAmount(): number { return this.buffered; }
  send(text: string): number {
    if (this.status === 2) return 2;
    this.sent.push(text);
    return 1;
  }
  cork(cb: () => void): this { cb(); return this; }
  // uWS calls the close handler synchronously.
  close(): void { this.closed = true; this.hub.closed(this.client); }
  end(): void { this.close(); }
}

function connect(hub: FrameHub): FakeWs {
  const c = hub.create();
  const ws = new FakeWs(hub, c);
  hub.opened(c, ws as unknown as WebSocket<DashboardClient>);
  return ws;
}

const BOUND = 1000;

test('a new client gets the history first, then every frame in order', () => {
  let history = 'H0';
  const hub = new FrameHub(BOUND, 5000, () => history);
  const a = connect(hub);
  hub.broadcast('F1', 0);
  history = 'H1';
  const b = connect(hub);
  hub.broadcast('F2', 100);
  assert.deepEqual(a.sent, ['H0', 'F1', 'F2']);
  assert.deepEqual(b.sent, ['H1', 'F2']);
  assert.equal(hub.counters.framesSkipped, 0);
});

test('a client over the bound skips frames, then gets the history again before frames', () => {
  const hub = new FrameHub(BOUND, 5000, () => 'H');
  const slow = connect(hub);
  const fast = connect(hub);
  slow.buffered = BOUND + 1;
  hub.broadcast('F1', 0);
  hub.broadcast('F2', 100);
  assert.deepEqual(slow.sent, ['H'], 'nothing more is queued while over the bound');
  assert.deepEqual(fast.sent, ['H', 'F1', 'F2'], 'others are not held back');
  assert.equal(hub.counters.framesSkipped, 2);
  assert.equal(hub.maxBufferedBytes, BOUND + 1);
  slow.buffered = 0;
  hub.broadcast('F3', 200);
  assert.deepEqual(slow.sent, ['H', 'H', 'F3'], 'history resent, then frames');
  assert.equal(slow.closed, false);
});

test('a client stuck over the bound longer than stuckCloseMs is closed and counted', () => {
  const hub = new FrameHub(BOUND, 5000, () => 'H');
  const stuck = connect(hub);
  const ok = connect(hub);
  stuck.buffered = 10 * BOUND;
  for (let t = 0; t <= 5000; t += 100) hub.broadcast(`F${t}`, t);
  assert.equal(stuck.closed, false, 'not yet: stuck for exactly 5000 ms');
  hub.broadcast('late', 5100);
  assert.equal(stuck.closed, true);
  assert.equal(hub.counters.clientsDropped, 1);
  assert.equal(hub.clients.size, 1);
  assert.equal(ok.sent.at(-1), 'late');
  hub.broadcast('after', 5200);
  assert.equal(hub.counters.clientsDropped, 1, 'a closed client is not counted again');
});

test('a send uWS drops at its hard cap counts as skipped and brings the history back', () => {
  const hub = new FrameHub(BOUND, 5000, () => 'H');
  const c = connect(hub);
  c.status = 2;
  hub.broadcast('F1', 0);
  assert.equal(hub.counters.framesSkipped, 1);
  c.status = 1;
  hub.broadcast('F2', 100);
  assert.deepEqual(c.sent, ['H', 'H', 'F2']);
});
