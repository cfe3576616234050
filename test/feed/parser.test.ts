/** TS reference parser: records for good frames, one counted reject per bad one. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEPTH_SEQ_PREV, DEPTH_SNAPSHOT, EV_AUX_U32, EV_EXCH_TS, EV_FLAGS, EV_FVAL, EV_ID, EV_IVAL, EV_LOCAL_TS, EV_PX, EV_QTY,
  EVENT_F64, EVENT_U32, KIND_DEPTH, KIND_LEVEL, KIND_MASK, KIND_TICKER, KIND_TRADE, SIDE_ASK, SIDE_BID, SIDE_BUY, SIDE_SELL,
} from '../../src/layout/event.js';
import { REJECT_KINDS } from '../../src/feed/reject.js';
import { BINANCE_COINM_BTC, BINANCE_USDM_BTC, BYBIT_BTC, bybitDepth, bybitTrade, tsParser } from '../helpers/frames.js';

const enc = (lines: string[]): Buffer => Buffer.from(lines.join('\n') + '\n');
const kindOf = (name: string): number => REJECT_KINDS.indexOf(name as (typeof REJECT_KINDS)[number]);

test('a Bybit snapshot becomes a header and one record per level, bids first', () => {
  const { parser, buf } = tsParser(BYBIT_BTC);
  const bytes = enc([bybitDepth('snapshot', 10, [['65114.20', '6.054'], ['65114.10', '0.002']], [['65114.30', '1.5']])]);
  assert.equal(parser.parse(bytes, 0, bytes.length), bytes.length);
  assert.equal(parser.records, 4);
  const u32 = buf.inputU32;
  const f = buf.input;
  assert.equal(u32[EV_FLAGS], KIND_DEPTH | DEPTH_SNAPSHOT);
  assert.equal(u32[EV_AUX_U32], 3);
  assert.equal(f[EV_ID], 10);
  assert.equal(f[EV_IVAL], 10);
  assert.equal(f[EV_FVAL], -1);
  assert.equal(f[EV_PX], 1, 'header px carries the line number');
  assert.equal(buf.inputI64[EV_EXCH_TS], 1_700_000_000_000n * 1_000_000n);
  assert.equal(u32[EVENT_U32 + EV_FLAGS], KIND_LEVEL | SIDE_BID);
  assert.equal(f[EVENT_F64 + EV_PX], 651142);
  assert.equal(f[EVENT_F64 + EV_QTY], 6054);
  assert.equal(u32[3 * EVENT_U32 + EV_FLAGS], KIND_LEVEL | SIDE_ASK);
  assert.equal(f[3 * EVENT_F64 + EV_QTY], 1500);
});

test('a Bybit delta with u == 1 replaces the book like a snapshot', () => {
  const { parser, buf } = tsParser(BYBIT_BTC);
  const bytes = enc([bybitDepth('delta', 1, [['1.0', '1']], [])]);
  parser.parse(bytes, 0, bytes.length);
  assert.equal(buf.inputU32[EV_FLAGS] & DEPTH_SNAPSHOT, DEPTH_SNAPSHOT);
});

test('receive-time prefixes in ms, µs and ns all become ns', () => {
  const { parser, buf } = tsParser(BYBIT_BTC);
  const t = bybitTrade('Buy', '65114.2', '0.004');
  const bytes = enc([`1700000000123 ${t}`, `1700000000123456 ${t}`, `1700000000123456789 ${t}`, t]);
  parser.parse(bytes, 0, bytes.length);
  assert.equal(parser.records, 4);
  const local = (i: number): bigint => buf.inputI64[i * EVENT_F64 + EV_LOCAL_TS];
  assert.equal(local(0), 1700000000123000000n);
  assert.equal(local(1), 1700000000123456000n);
  assert.equal(local(2), 1700000000123456789n);
  assert.equal(local(3), 0n);
  assert.equal(buf.inputU32[EV_FLAGS], KIND_TRADE | SIDE_BUY);
});

test('Binance: combined stream diff, trade aggressor from m, ticker, markPrice ignored', () => {
  const { parser, buf } = tsParser(BINANCE_USDM_BTC);
  const bytes = enc([
    '1680652700441533 {"stream":"btcusdt@depth@0ms","data":{"e":"depthUpdate","E":1680652700455,"T":1680652700452,"s":"BTCUSDT","U":100,"u":105,"pu":99,"b":[["28145.10","3.818"]],"a":[]}}',
    '{"stream":"btcusdt@trade","data":{"e":"trade","E":1,"T":2,"s":"BTCUSDT","t":77,"p":"28145.10","q":"0.002","X":"MARKET","m":true}}',
    '{"stream":"btcusdt@bookTicker","data":{"e":"bookTicker","u":105,"s":"BTCUSDT","b":"28145.10","B":"3.818","a":"28145.20","A":"6.887","T":1,"E":3}}',
    '{"stream":"btcusdt@markPrice@1s","data":{"e":"markPriceUpdate","E":4,"s":"BTCUSDT","p":"28150.0"}}',
  ]);
  parser.parse(bytes, 0, bytes.length);
  const f = buf.input;
  const u32 = buf.inputU32;
  assert.equal(u32[EV_FLAGS], KIND_DEPTH | DEPTH_SEQ_PREV);
  assert.deepEqual([f[EV_ID], f[EV_IVAL], f[EV_FVAL]], [105, 100, 99]);
  assert.equal(u32[2 * EVENT_U32 + EV_FLAGS], KIND_TRADE | SIDE_SELL, 'buyer is maker → seller aggressed');
  assert.equal(f[2 * EVENT_F64 + EV_ID], 77);
  assert.equal(u32[3 * EVENT_U32 + EV_FLAGS] & KIND_MASK, KIND_TICKER);
  assert.deepEqual([f[3 * 8 + EV_PX], f[3 * 8 + EV_QTY], f[3 * 8 + EV_IVAL], f[3 * 8 + EV_FVAL]], [281451, 3818, 281452, 6887]);
  assert.equal(parser.records, 4);
  assert.equal(parser.stats.ignored, 1);
  assert.equal(parser.stats.rejected, 0);
});

test('a spot snapshot without E takes the newest exchange time seen', () => {
  const { parser, buf } = tsParser({ ...BINANCE_USDM_BTC, market: 'spot' });
  const bytes = enc([
    '1723161254087896568 {"stream":"btcusdt@trade","data":{"e":"trade","E":1723161255343,"s":"BTCUSDT","t":1,"p":"61837.6","q":"0.02","T":1723161255342,"m":true,"M":true}}',
    '1723161254206652067 {"lastUpdateId":50093239218,"bids":[["61837.6","3.7"]],"asks":[["61837.7","1.5"]]}',
  ]);
  parser.parse(bytes, 0, bytes.length);
  assert.equal(buf.inputI64[EVENT_F64 + EV_EXCH_TS], 1723161255342n * 1_000_000n);
  assert.equal(buf.inputU32[EVENT_U32 + EV_FLAGS], KIND_DEPTH | DEPTH_SNAPSHOT);
});

test('coin-margined frames parse with a 1-contract lot', () => {
  const { parser, buf } = tsParser(BINANCE_COINM_BTC);
  const bytes = enc(['{"stream":"btcusd_perp@depth@0ms","data":{"e":"depthUpdate","E":1,"T":1,"s":"BTCUSD_PERP","ps":"BTCUSD","U":5,"u":6,"pu":4,"b":[["28145.1","12"]],"a":[["28145.2","0"]]}}']);
  parser.parse(bytes, 0, bytes.length);
  assert.equal(parser.stats.rejected, 0);
  assert.equal(buf.input[EVENT_F64 + EV_QTY], 12);
});

test('every kind of bad frame is rejected, counted, and leaves no records', () => {
  const good = bybitDepth('delta', 11, [['65114.2', '1']], []);
  const cases: Array<[string, string]> = [
    ['{"topic":"orderbook.50.BTCUSDT",', 'malformed-json'],
    ['[1,2,3]', 'unknown-message'],
    ['{"topic":"tickers.BTCUSDT","data":{}}', 'unknown-message'],
    [bybitDepth('delta', 12, [['65114.2', '1']], []).replace('"delta"', '"weird"'), 'bad-field'],
    [bybitDepth('delta', 12, [['65114.2']], []), 'bad-field'],
    [bybitDepth('delta', 12, [['abc', '1']], []), 'bad-price'],
    [bybitDepth('delta', 12, [['0', '1']], []), 'bad-price'],
    [bybitDepth('delta', 12, [['65114.25', '1']], []), 'off-grid-price'],
    [bybitDepth('delta', 12, [['65114.2', '-1']], []), 'bad-size'],
    [bybitDepth('delta', 12, [['65114.2', 'NaN']], []), 'bad-size'],
    [bybitDepth('delta', 12, [['65114.2', '0.0001']], []), 'off-grid-size'],
    ['12345 ' + good, 'bad-prefix'],
    [good.replace(/BTCUSDT/g, 'ETHUSDT'), 'other-symbol'],
  ];
  for (const [line, kind] of cases) {
    const { parser, rejects } = tsParser(BYBIT_BTC);
    const bytes = enc([line, good]);
    parser.parse(bytes, 0, bytes.length);
    assert.equal(parser.stats.rejected, 1, `${kind}: ${line}`);
    assert.equal(parser.stats.rejectedByKind[kindOf(kind)], 1, `${kind} counted under its kind`);
    assert.equal(rejects[0].line, 1);
    assert.equal(parser.records, 2, 'only the good frame after it was written');
  }
});

test('a value nested thousands deep is rejected, not thrown', () => {
  const { parser } = tsParser(BYBIT_BTC);
  const deep = '['.repeat(20000) + ']'.repeat(20000);
  const bytes = enc([bybitDepth('delta', 5, [], []).replace('"b":[]', `"b":[${deep}]`)]);
  parser.parse(bytes, 0, bytes.length);
  assert.equal(parser.stats.rejectedByKind[kindOf('bad-field')], 1);
});

test('a message larger than a batch is rejected as too-large; a full batch stops before the line', () => {
  const { parser, rejects } = tsParser(BYBIT_BTC, 3, 10);
  const big = bybitDepth('snapshot', 1, [['1.0', '1'], ['0.9', '1'], ['0.8', '1']], []);
  const small = bybitDepth('delta', 2, [['1.0', '2']], []);
  const bytes = enc([small, big, small]);
  let pos = parser.parse(bytes, 0, bytes.length);
  assert.equal(parser.records, 2);
  assert.equal(pos, small.length + 1, 'stopped before the line that does not fit');
  pos = parser.parse(bytes, pos, bytes.length);
  assert.equal(rejects.length, 1);
  assert.equal(REJECT_KINDS[rejects[0].kind], 'too-large');
  assert.equal(parser.records, 2);
  assert.equal(pos, bytes.length);
  assert.equal(parser.stats.lines, 3);
});
