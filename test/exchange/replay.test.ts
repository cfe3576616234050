/**
 * The local exchange replaying a real Bybit recording: the recorded depth and
 * trade frames are re-emitted verbatim, in order, paced by their exchange ts;
 * a subscriber's snapshot matches the recorded book; a shallower topic is derived
 * from the replayed book.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startLocalExchange } from '../../src/exchange/server.js';
import { sharedFile } from '../helpers/shared-data.js';
import { FrameBook, TestClient } from '../helpers/ws-client.js';

const FILE = 'bybit/bybit_linear_BTCUSDT_ob200_trades_2026-08-09.jsonl';
const RECVTS = 'bybit/bybit_linear_BTCUSDT_ob200_trades_2026-08-09.recvts.txt';
const OB200 = 'orderbook.200.BTCUSDT';

test('replay re-emits the recorded frames verbatim and in order, paced by their exchange ts', async () => {
  const lines = readFileSync(sharedFile(FILE), 'utf8').split('\n').filter((l) => l.trim());
  const spanMs = JSON.parse(lines[lines.length - 1]).ts - JSON.parse(lines[0]).ts;
  let ended = 0;
  const t0 = performance.now();
  const ex = await startLocalExchange({ source: { replay: [sharedFile(FILE)] }, speed: 40, onEnd: () => { ended = performance.now(); } });
  try {
    const c = await TestClient.connect(ex.url);
    c.subscribe(OB200, 'publicTrade.BTCUSDT', 'orderbook.50.BTCUSDT');
    await c.until(() => ex.stats().sourceDone, 'the end of the replay', 20_000);
    await new Promise((r) => setTimeout(r, 100));
    const wallMs = ended - t0;
    assert.ok(wallMs > (spanMs / 40) * 0.8 && wallMs < spanMs / 40 + 2000, `${spanMs} ms at 40x took ${wallMs.toFixed(0)} ms`);
    const got = c.json();
    const snapIdx = got.findIndex((f) => f?.topic === OB200);
    const snap = got[snapIdx]!;
    assert.equal(snap.type, 'snapshot');
    // Every later frame of the recorded topics is a line of the file, in file order, none missing.
    const passed = c.frames.slice(snapIdx + 1).filter((f) => f.startsWith(`{"topic":"${OB200}"`) || f.startsWith('{"topic":"publicTrade.'));
    const at = passed.map((f) => lines.indexOf(f));
    assert.ok(at.every((i) => i >= 0), 'verbatim');
    assert.ok(at.every((i, k) => k === 0 || i > at[k - 1]), 'in order');
    const firstDepth = lines.findIndex((l) => l.includes(`"u":${snap.data.u + 1},`));
    const expected = lines.slice(firstDepth).filter((l) => l.startsWith(`{"topic":"${OB200}"`));
    assert.deepEqual(passed.filter((f) => f.startsWith(`{"topic":"${OB200}"`)), expected, 'all recorded deltas after the snapshot u');
    // The snapshot is the recorded book at its u.
    const rec = new FrameBook();
    for (const l of lines) { const f = JSON.parse(l); if (f.topic !== OB200) continue; rec.apply(f); if (f.data.u === snap.data.u) break; }
    assert.deepEqual(snap.data.b, rec.side('b'));
    assert.deepEqual(snap.data.a, rec.side('a'));
    // The derived 50-level topic ends equal to the top 50 of the recorded book.
    const full = new FrameBook();
    for (const l of lines) { const f = JSON.parse(l); if (f.topic === OB200) full.apply(f); }
    const top = new FrameBook();
    for (const f of got) if (f?.topic === 'orderbook.50.BTCUSDT') top.apply(f);
    assert.deepEqual(top.side('b'), full.side('b').slice(0, 50));
    assert.deepEqual(top.side('a'), full.side('a').slice(0, 50));
    c.close();
  } finally {
    await ex.close();
  }
});

test('replay reads "<receive time> <frame>" recordings too, and a late subscriber starts from a snapshot', async () => {
  const ex = await startLocalExchange({ source: { replay: [sharedFile(RECVTS)] }, speed: 20 });
  try {
    await new Promise((r) => setTimeout(r, 500));
    const c = await TestClient.connect(ex.url);
    c.subscribe(OB200);
    const frames = await c.topicFrames(OB200, 10);
    assert.equal(frames[0].type, 'snapshot');
    assert.ok(frames[0].data.u > 15076952, 'the snapshot is at a later recorded u');
    for (let i = 1; i < frames.length; i++) assert.equal(frames[i].data.u, frames[i - 1].data.u + 1);
    c.close();
  } finally {
    await ex.close();
  }
});
