/** Store layouts: big-endian keys sort as (time, update id); raw frames split and replay as the parser reads them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { takeFrames, type FrameSpan } from '../../src/store/frames.js';
import {
  compareKeys, encodeRawValue, featureKey, NO_RECEIVE_TIME, rawKey, rawLine, readFeatureKey, readRawKey,
} from '../../src/store/layout.js';

const keyInt = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });

test('feature keys round-trip and sort bytewise as (exchange ms, update id)', () => {
  fc.assert(fc.property(keyInt, keyInt, keyInt, keyInt, (t1, u1, t2, u2) => {
    assert.deepEqual(readFeatureKey(featureKey(t1, u1)), { exchTsMs: t1, updateId: u1 });
    const numeric = t1 !== t2 ? Math.sign(t1 - t2) : Math.sign(u1 - u2);
    assert.equal(Math.sign(compareKeys(featureKey(t1, u1), featureKey(t2, u2))), numeric);
  }));
});

test('raw keys round-trip and sort by (source, frame)', () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), keyInt, keyInt, (s, f1, f2) => {
    assert.deepEqual(readRawKey(rawKey(s, f1)), { sourceNo: s, frameNo: f1 });
    assert.equal(Math.sign(compareKeys(rawKey(s, f1), rawKey(s, f2))), Math.sign(f1 - f2));
  }));
});

function frames(text: string): Array<{ ts: bigint; frame: string }> {
  const b = Buffer.from(text);
  const out: FrameSpan[] = [];
  assert.equal(takeFrames(b, 0, b.length, 1000, out), b.length);
  return out.map((f) => ({ ts: f.localTsNs, frame: b.subarray(f.start, f.end).toString() }));
}

test('receive-time prefixes: ms, µs and ns by digit count; an invalid prefix stays part of the frame', () => {
  assert.deepEqual(frames('1700000000000 {"a":1}\n'), [{ ts: 1_700_000_000_000_000_000n, frame: '{"a":1}' }]);
  assert.deepEqual(frames('1700000000000000\t{"a":1}\r\n'), [{ ts: 1_700_000_000_000_000_000n, frame: '{"a":1}' }]);
  assert.deepEqual(frames('1700000000000000001 {"a":1}'), [{ ts: 1_700_000_000_000_000_001n, frame: '{"a":1}' }]);
  assert.deepEqual(frames('{"a":1}\n\n   \n'), [{ ts: NO_RECEIVE_TIME, frame: '{"a":1}' }], 'blank lines are not frames');
  assert.deepEqual(frames('123 {"a":1}\n'), [{ ts: NO_RECEIVE_TIME, frame: '123 {"a":1}' }], 'too few digits');
  assert.deepEqual(frames('99999999999999 {"a":1}\n'), [{ ts: NO_RECEIVE_TIME, frame: '99999999999999 {"a":1}' }], 'overflows i64 ns');
});

test('a raw value replays as a line the parser reads the same way', () => {
  const f = Buffer.from('{"topic":"x"}');
  assert.equal(rawLine(encodeRawValue(1_700_000_000_000_000_000n, f)).toString(), '1700000000000000000 {"topic":"x"}');
  assert.equal(rawLine(encodeRawValue(5n, f)).toString(), '0000000000000000005 {"topic":"x"}', 'zero-padded: always read as ns');
  assert.equal(rawLine(encodeRawValue(NO_RECEIVE_TIME, f)).toString(), '{"topic":"x"}');
  fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 63n) - 1n }), (ns) => {
    assert.deepEqual(frames(rawLine(encodeRawValue(ns, f)).toString()), [{ ts: ns, frame: '{"topic":"x"}' }]);
  }));
});
