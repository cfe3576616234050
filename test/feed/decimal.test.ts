/** Exact decimal → grid conversion: the values, the rejections, the formatting. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEC_NOT_DECIMAL, DEC_OFF_GRID, DEC_TOO_LARGE, DEC_TOO_MANY_DIGITS, formatUnits, parseGrid, toGridUnits,
} from '../../src/feed/decimal.js';

const tick01 = { units: 1, decimals: 1 };
const lot0001 = { units: 1, decimals: 3 };

test('decimal strings become exact grid counts', () => {
  assert.equal(toGridUnits('65114.20', tick01), 651142);
  assert.equal(toGridUnits('65114.2', tick01), 651142);
  assert.equal(toGridUnits('0065114.2000', tick01), 651142);
  assert.equal(toGridUnits('6.054', lot0001), 6054);
  assert.equal(toGridUnits('0.00000000', lot0001), 0);
  assert.equal(toGridUnits('0', lot0001), 0);
  assert.equal(toGridUnits('61837.63000000', { units: 1, decimals: 2 }), 6183763);
  assert.equal(toGridUnits('100.05', { units: 5, decimals: 2 }), 2001);
  assert.equal(toGridUnits('1.9531', { units: 1, decimals: 4 }), 19531);
  assert.equal(toGridUnits('6203', { units: 1, decimals: 0 }), 6203);
  assert.equal(toGridUnits('12', { units: 5, decimals: 1 }), 24); // 12 / 0.5
});

test('values between grid points are reported, not rounded', () => {
  assert.equal(toGridUnits('65114.25', tick01), DEC_OFF_GRID);
  assert.equal(toGridUnits('0.0005', lot0001), DEC_OFF_GRID);
  assert.equal(toGridUnits('100.03', { units: 5, decimals: 2 }), DEC_OFF_GRID);
  assert.equal(toGridUnits('13', { units: 5, decimals: 0 }), DEC_OFF_GRID);
});

test('anything but a plain non-negative decimal is refused', () => {
  for (const bad of ['', '-1', '+1', '1e5', 'NaN', 'Infinity', '1.', '.5', '1..2', ' 1', '1 ', '0x10', '1,5']) {
    assert.equal(toGridUnits(bad, lot0001), DEC_NOT_DECIMAL, bad);
  }
  assert.equal(toGridUnits('1234567890123456', lot0001), DEC_TOO_MANY_DIGITS);
  assert.equal(toGridUnits('123456789012345', { units: 1, decimals: 3 }), DEC_TOO_LARGE);
});

test('grids parse and format with their own decimals', () => {
  assert.deepEqual(parseGrid('0.1'), { units: 1, decimals: 1 });
  assert.deepEqual(parseGrid('0.00001'), { units: 1, decimals: 5 });
  assert.deepEqual(parseGrid('0.50'), { units: 5, decimals: 1 });
  assert.deepEqual(parseGrid('1'), { units: 1, decimals: 0 });
  assert.equal(parseGrid('0'), undefined);
  assert.equal(parseGrid('-0.1'), undefined);
  assert.equal(formatUnits(651142, tick01), '65114.2');
  assert.equal(formatUnits(281451, tick01), '28145.1'); // never 28145.100000000002
  assert.equal(formatUnits(5, lot0001), '0.005');
  assert.equal(formatUnits(0, lot0001), '0.000');
  assert.equal(formatUnits(24, { units: 5, decimals: 1 }), '12.0');
  assert.equal(formatUnits(7, { units: 1, decimals: 0 }), '7');
});
