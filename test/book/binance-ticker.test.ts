/**
 * External check: on the Binance recordings the rebuilt best bid/ask (price and
 * size) equals the exchange's own bookTicker at every update id both carry.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readContainer } from '../../src/feed/containers.js';
import { detectInstrument } from '../../src/feed/detect.js';
import { EV_FLAGS, EV_FVAL, EV_ID, EV_IVAL, EV_PX, EV_QTY, EVENT_F64, EVENT_U32, KIND_MASK, KIND_TICKER } from '../../src/layout/event.js';
import { OUT_HEAD_F64, OUT_ID, outStrideF64 } from '../../src/layout/book-out.js';
import { BACKEND_NAMES } from '../../src/book/types.js';
import { runParts } from '../helpers/run-stream.js';
import { sharedFile } from '../helpers/shared-data.js';
import { tsParser } from '../helpers/frames.js';

/** Every bookTicker of the stream: u → [bidPx, bidQty, askPx, askQty] in ticks / lots. */
function tickers(parts: ReturnType<typeof readContainer>['parts']): Map<number, number[]> {
  const inst = detectInstrument(parts[0].bytes.subarray(0, 1 << 20));
  const { parser, buf } = tsParser(inst, 1 << 16, 1 << 16);
  const m = new Map<number, number[]>();
  for (const p of parts) {
    parser.beginFile();
    let pos = 0;
    while (pos < p.bytes.length) {
      pos = parser.parse(p.bytes, pos, p.bytes.length);
      for (let i = 0; i < parser.records; i++) {
        if ((buf.inputU32[i * EVENT_U32 + EV_FLAGS] & KIND_MASK) !== KIND_TICKER) continue;
        const o = i * EVENT_F64;
        const f = buf.input;
        m.set(f[o + EV_ID], [f[o + EV_PX], f[o + EV_QTY], f[o + EV_IVAL], f[o + EV_FVAL]]);
      }
    }
  }
  return m;
}

for (const [name, files, minShared] of [
  ['usdm', ['binance/usdm/btcusdt_20230404.dat.gz', 'binance/usdm/btcusdt_20230405.dat.gz'], 1000],
  ['spot', ['binance/spot/btcusdt_20240808.gz', 'binance/spot/btcusdt_20240809.gz'], 1000],
] as const) {
  test(`rebuilt best bid/ask equals bookTicker at every shared update id (binance ${name})`, () => {
    const parts = files.flatMap((f) => readContainer(sharedFile(f)).parts);
    const want = tickers(parts);
    for (const backend of BACKEND_NAMES) {
      const r = runParts(parts, backend, 1);
      const stride = outStrideF64(1);
      let shared = 0;
      for (let i = 0; i < r.messages; i++) {
        const b = i * stride;
        const t = want.get(r.out[b + OUT_ID]);
        if (!t) continue;
        shared++;
        const got = [r.out[b + OUT_HEAD_F64], r.out[b + OUT_HEAD_F64 + 1], r.out[b + OUT_HEAD_F64 + 2], r.out[b + OUT_HEAD_F64 + 3]];
        assert.deepEqual(got, t, `${backend}: u=${r.out[b + OUT_ID]}`);
      }
      assert.ok(shared >= minShared, `${backend}: only ${shared} shared update ids`);
    }
  });
}
