/** Every backend checks its options and batch size the same way, with messages naming the field. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBook } from '../../src/book/backends.js';
import { BACKEND_NAMES } from '../../src/book/types.js';
import { DEPTH_EVENT } from '../../src/layout/event.js';
import { writeMsgs } from '../helpers/records.js';

for (const backend of BACKEND_NAMES) {
  test(`${backend}: bad options and counts are RangeErrors naming the field`, () => {
    assert.throws(() => createBook(backend, { depth: 2.5 }), { name: 'RangeError', message: /depth must be an integer in \[1, \d+\], was 2\.5/ });
    assert.throws(() => createBook(backend, { depth: 0 }), { name: 'RangeError', message: /depth must be/ });
    assert.throws(() => createBook(backend, { depth: 1, outputCapacity: -1 }), { name: 'RangeError', message: /outputCapacity must be/ });
    const k = createBook(backend, { depth: 1, recordCapacity: 8, outputCapacity: 1 });
    assert.throws(() => k.applyBatch(9), { name: 'RangeError', message: 'count must be an integer in [0, 8], was 9' });
    assert.throws(() => k.applyBatch(1.5), { name: 'RangeError', message: /count must be/ });
    k.close();
  });

  test(`${backend}: kernel status codes become KernelErrors`, () => {
    const k = createBook(backend, { depth: 1, recordCapacity: 8, outputCapacity: 1 });
    const two = writeMsgs(k, [
      { kind: 'snapshot', id: 1, first: 1, prev: -1, levels: [{ bid: true, px: 10, qty: 1 }], tsMs: 1 },
      { kind: 'diff', id: 2, first: 2, prev: -1, levels: [], tsMs: 2 },
    ]);
    assert.throws(() => k.applyBatch(two), { name: 'KernelError', message: new RegExp(`${backend} book kernel failed with status -2`) });
    k.reset();
    k.inputU32[0] = DEPTH_EVENT;
    k.inputU32[1] = 5; // five levels announced, none in the batch
    assert.throws(() => k.applyBatch(1), { name: 'KernelError', message: /status -1/ });
    k.close();
  });
}
