/** Config: defaults, YAML file, env and flags in that order; bad values name path, value and what is allowed. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { detectInstrument } from '../../src/feed/detect.js';
import { bybitDepth } from '../helpers/frames.js';

const dir = mkdtempSync(join(tmpdir(), 'btc-engine-config-'));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

test('every field has a default', () => {
  const c = loadConfig(undefined, [], {});
  assert.equal(c.kernels, 'auto');
  assert.equal(c.instrument.exchange, 'auto');
  assert.equal(c.instrument.tick, undefined);
  assert.deepEqual(c.instruments, []);
});

test('file < env < flags', () => {
  const f = file('a.yaml', 'kernels: wasm\ninstrument:\n  tick: "0.5"\n  symbol: BTCUSDT\n');
  assert.equal(loadConfig(f, [], {}).kernels, 'wasm');
  assert.equal(loadConfig(f, [], { BTC_ENGINE_KERNELS: 'ts' }).kernels, 'ts');
  assert.equal(loadConfig(f, [[['kernels'], 'native']], { BTC_ENGINE_KERNELS: 'ts' }).kernels, 'native');
  assert.equal(loadConfig(f, [[['kernels'], undefined]], {}).kernels, 'wasm', 'an absent flag does not override');
  const c = loadConfig(f, [], { BTC_ENGINE_INSTRUMENT_LOT: '0.01' });
  assert.deepEqual([c.instrument.tick, c.instrument.lot, c.instrument.symbol], ['0.5', '0.01', 'BTCUSDT']);
});

test('invalid values are refused with path, value and what is allowed', () => {
  const f = file('bad.yaml', 'kernels: gpu\ninstrument:\n  tick: "-0.1"\n');
  assert.throws(() => loadConfig(f, [], {}), (err: Error) => {
    assert.equal(err.name, 'UsageError');
    assert.match(err.message, /kernels: .*"auto"\|"native"\|"wasm"\|"ts".*value was "gpu"/);
    assert.match(err.message, /instrument\.tick: must be a positive decimal string such as "0\.1"; value was "-0\.1"/);
    return true;
  });
  assert.throws(() => loadConfig(file('typo.yaml', 'kernal: wasm\n'), [], {}), { name: 'UsageError', message: /kernal/ });
  assert.throws(() => loadConfig(file('list.yaml', '- 1\n'), [], {}), { name: 'UsageError', message: /mapping/ });
  assert.throws(() => loadConfig(file('broken.yaml', 'a: [1\n'), [], {}), { name: 'UsageError', message: /not valid YAML/ });
  assert.throws(() => loadConfig(join(dir, 'missing.yaml'), [], {}), { name: 'UsageError', message: /cannot read config/ });
});

test('instrument rows from config override the built-in table', () => {
  const f = file('table.yaml', 'instruments:\n  - { exchange: bybit, market: linear, symbol: BTCUSDT, tick: "0.5", lot: "0.01" }\n');
  const c = loadConfig(f, [], {});
  const line = Buffer.from(bybitDepth('snapshot', 1, [['65114.5', '1.25']], []) + '\n');
  const i = detectInstrument(line, { table: c.instruments });
  assert.deepEqual([i.tick, i.lot], [{ units: 5, decimals: 1 }, { units: 1, decimals: 2 }]);
});
