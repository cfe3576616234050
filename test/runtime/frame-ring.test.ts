/**
 * The frame ring between the main thread and the market worker: whole lines
 * in order, across the wrap, when full, and across two real threads.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { FrameRing } from '../../src/runtime/frame-ring.js';

const frame = (i: number, bytes: number): Buffer => Buffer.from(`{"i":${i},"pad":"${'x'.repeat(Math.max(0, bytes - 20))}"}`);

function lines(buf: Buffer): string[] {
  return buf.toString('utf8').split('\n').filter((l) => l.length > 0);
}

test('lines come out whole and in order across many wraps, and a full ring refuses without losing anything', () => {
  const ring = FrameRing.create(1 << 16);
  assert.equal(ring.capacity, 1 << 16);
  const out = Buffer.alloc(ring.capacity);
  const got: string[] = [];
  let sent = 0;
  let refused = 0;
  // Frames of varying size, far more bytes in total than the capacity, read in uneven bites.
  for (let round = 0; round < 400; round++) {
    for (let k = 0; k < 7; k++) {
      const f = frame(sent, 50 + ((sent * 7919) % 3000));
      if (ring.tryWrite(BigInt(1_000_000 + sent), f)) sent++;
      else { refused++; break; }
    }
    if (round % 10 === 9) {
      const n = ring.read(out);
      got.push(...lines(out.subarray(0, n)));
    }
  }
  got.push(...lines(out.subarray(0, ring.read(out))));
  assert.ok(refused > 0, 'the ring filled up at least once');
  assert.equal(ring.usedBytes, 0);
  assert.equal(got.length, sent);
  got.forEach((l, i) => {
    const sp = l.indexOf(' ');
    assert.equal(l.slice(0, sp), String(1_000_000 + i), `receive time of line ${i}`);
    assert.equal(JSON.parse(l.slice(sp + 1)).i, i);
  });
});

test('a reader with a small buffer gets only whole lines', () => {
  const ring = FrameRing.create(1 << 16);
  for (let i = 0; i < 10; i++) assert.ok(ring.tryWrite(5n, frame(i, 100)));
  const small = Buffer.alloc(350);
  const n = ring.read(small);
  assert.ok(n > 0 && n <= 350);
  assert.equal(small[n - 1], 0x0a, 'ends at a line end');
  const rest = Buffer.alloc(ring.capacity);
  const all = [...lines(small.subarray(0, n)), ...lines(rest.subarray(0, ring.read(rest)))];
  assert.deepEqual(all.map((l) => JSON.parse(l.slice(l.indexOf(' ') + 1)).i), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test('across threads: a worker producing 20 000 frames into a 64 KiB ring, the reader sleeping in waitForData', async () => {
  const ring = FrameRing.create(1 << 16);
  const count = 20_000;
  const url = new URL('../../src/runtime/frame-ring.js', import.meta.url).href;
  const worker = new Worker(`
    const { workerData } = require('node:worker_threads');
    import(workerData.url).then(({ FrameRing }) => {
      const ring = new FrameRing(workerData.sab);
      let i = 0;
      const step = () => {
        for (let k = 0; k < 50 && i < workerData.count; ) {
          const f = Buffer.from('{"i":' + i + ',"p":"' + 'y'.repeat(i % 500) + '"}');
          if (ring.tryWrite(BigInt(i), f)) { i++; k++; } else break;
        }
        if (i < workerData.count) setImmediate(step);
      };
      step();
    });
  `, { eval: true, workerData: { sab: ring.sab, count, url } });
  const out = Buffer.alloc(ring.capacity);
  let next = 0;
  const deadline = Date.now() + 30_000;
  while (next < count && Date.now() < deadline) {
    const n = ring.read(out);
    if (n === 0) { ring.waitForData(100); continue; }
    for (const l of lines(out.subarray(0, n))) {
      const sp = l.indexOf(' ');
      assert.equal(Number(l.slice(0, sp)), next);
      assert.equal(JSON.parse(l.slice(sp + 1)).i, next);
      next++;
    }
  }
  await worker.terminate();
  assert.equal(next, count);
});
