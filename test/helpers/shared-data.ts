/** Paths to the real recordings in ../shared/data; a missing file fails the test loudly. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/native/load.js';

export const SHARED_DATA = join(PROJECT_ROOT, '..', 'shared', 'data');

/** Absolute path of a shared recording; throws when ../shared/data does not have it. */
export function sharedFile(rel: string): string {
  const p = join(SHARED_DATA, rel);
  if (!existsSync(p)) throw new Error(`test data ${p} is missing: clone the project with ../shared beside it`);
  return p;
}

/** Every stream in ../shared/data, as the files that form one stream each. */
export const STREAMS: ReadonlyArray<{ name: string; files: string[] }> = [
  { name: 'bybit linear', files: ['bybit/bybit_linear_BTCUSDT_ob200_trades_2026-08-09.jsonl'] },
  { name: 'bybit linear recvts', files: ['bybit/bybit_linear_BTCUSDT_ob200_trades_2026-08-09.recvts.txt'] },
  { name: 'bybit spot', files: ['bybit/bybit_spot_BTCUSDT_ob200_trades_2026-08-09.jsonl'] },
  { name: 'bybit xrp archive', files: ['bybit/xrpusdt-ob500.data.zip'] },
  { name: 'bybit-shaped derived', files: ['bybit/derived_bybit-shaped_ob200_BTCUSDT_2023-04-04.jsonl'] },
  { name: 'binance usdm', files: ['binance/usdm/btcusdt_20230404.dat.gz', 'binance/usdm/btcusdt_20230405.dat.gz'] },
  { name: 'binance spot', files: ['binance/spot/btcusdt_20240808.gz', 'binance/spot/btcusdt_20240809.gz'] },
];
