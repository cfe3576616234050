/** Exchange, market, symbol, tick and lot come out of the frames themselves. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readContainer } from '../../src/feed/containers.js';
import { detectInstrument } from '../../src/feed/detect.js';
import { sharedFile } from '../helpers/shared-data.js';

const detect = (rel: string) => detectInstrument(readContainer(sharedFile(rel)).parts[0].bytes.subarray(0, 1 << 20));

test('real recordings are recognised', () => {
  const cases: Array<[string, string, string, string, number, number]> = [
    ['bybit/bybit_linear_BTCUSDT_ob200_trades_2026-08-09.jsonl', 'bybit', 'linear', 'BTCUSDT', 1, 3],
    ['bybit/bybit_spot_BTCUSDT_ob200_trades_2026-08-09.jsonl', 'bybit', 'spot', 'BTCUSDT', 2, 6],
    ['bybit/derived_bybit-shaped_ob200_BTCUSDT_2023-04-04.jsonl', 'bybit', 'linear', 'BTCUSDT', 1, 3],
    ['binance/usdm/btcusdt_20230404.dat.gz', 'binance', 'usdm', 'BTCUSDT', 1, 3],
    ['binance/spot/btcusdt_20240808.gz', 'binance', 'spot', 'BTCUSDT', 2, 6],
  ];
  for (const [rel, exchange, market, symbol, tickDec, lotDec] of cases) {
    const i = detect(rel);
    assert.deepEqual([i.exchange, i.market, i.symbol, i.tick.decimals, i.lot.decimals, i.known], [exchange, market, symbol, tickDec, lotDec, true], rel);
  }
});

test('sizes finer than the table lot refine it; prices never refine the tick', () => {
  const snap = '{"lastUpdateId":10,"bids":[["61837.63000000","0.12345678"]],"asks":[["61837.64000000","1.00000000"]]}';
  const diff = '{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":1,"s":"BTCUSDT","U":11,"u":12,"b":[],"a":[]}}';
  const i = detectInstrument(Buffer.from(`${diff}\n${snap}\n`));
  assert.deepEqual([i.market, i.tick.decimals, i.lot.decimals, i.lotRefined], ['spot', 2, 8, true]);
  const forced = detectInstrument(Buffer.from(`${diff}\n${snap}\n`), { lot: '0.00001' });
  assert.deepEqual([forced.lot.decimals, forced.lotRefined], [5, false]);
});

test('a symbol missing from the table gets tick and lot from its decimals', () => {
  const i = detect('bybit/xrpusdt-ob500.data.zip');
  assert.equal(i.symbol, 'XRPUSDT');
  assert.deepEqual(i.tick, { units: 1, decimals: 4 });
  assert.deepEqual(i.lot, { units: 1, decimals: 0 });
});

test('coin-margined Binance is told apart by its symbol; flags override detection', () => {
  const line = Buffer.from('{"stream":"btcusd_perp@depth@0ms","data":{"e":"depthUpdate","E":1,"T":1,"s":"BTCUSD_PERP","ps":"BTCUSD","U":5,"u":6,"pu":4,"b":[["28145.1","12"]],"a":[]}}\n');
  const i = detectInstrument(line);
  assert.deepEqual([i.exchange, i.market, i.symbol, i.lot.decimals, i.lot.units], ['binance', 'coinm', 'BTCUSD_PERP', 0, 1]);
  const forced = detectInstrument(line, { tick: '0.5', lot: '10' });
  assert.deepEqual([forced.tick, forced.lot], [{ units: 5, decimals: 1 }, { units: 10, decimals: 0 }]);
  assert.throws(() => detectInstrument(line, { tick: 'abc' }), { name: 'UsageError', message: /--tick must be a positive decimal/ });
  assert.throws(() => detectInstrument(Buffer.from('hello\n')), { name: 'UsageError', message: /cannot tell the exchange/ });
});
