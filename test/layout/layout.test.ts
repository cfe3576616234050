/**
 * The record layout is written once in src/layout and mirrored in
 * kernels/assembly/layout.ts and native/src/layout.h: every numeric constant
 * must exist in both mirrors with the same value (feature-params and
 * feature-row included: the feature kernels read those).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as event from '../../src/layout/event.js';
import * as bookOut from '../../src/layout/book-out.js';
import * as featureParams from '../../src/layout/feature-params.js';
import * as featureRow from '../../src/layout/feature-row.js';
import { PROJECT_ROOT } from '../../src/native/load.js';

/** `export const NAME[: type] = EXPR;` (AS) or `constexpr type NAME = EXPR;` (C++) → NAME → value. */
function constants(file: string, re: RegExp): Map<string, number> {
  const text = readFileSync(join(PROJECT_ROOT, file), 'utf8');
  const out = new Map<string, number>();
  for (const m of text.matchAll(re)) {
    const expr = m[2].replace(/\b(0x[0-9a-f]+|\d+)(u|ull|ul|ll|l)?\b/gi, '$1').trim();
    if (!/^[-+*<>|&()\s0-9a-fx]+$/i.test(expr)) continue; // not a plain numeric expression
    out.set(m[1], Function(`"use strict"; return (${expr});`)() as number);
  }
  return out;
}

const ts = new Map<string, number>(
  Object.entries({ ...event, ...bookOut, ...featureParams, ...featureRow }).filter((e): e is [string, number] => typeof e[1] === 'number'),
);

test('AssemblyScript layout mirrors src/layout', () => {
  const as = constants('kernels/assembly/layout.ts', /export const (\w+)(?:\s*:\s*\w+)?\s*=\s*([^;]+);/g);
  for (const [name, value] of ts) {
    if (name === 'MAX_EXACT_INT') continue; // TS-only: f64 exactness bound of the parsers
    assert.equal(as.get(name), value, `kernels/assembly/layout.ts ${name}`);
  }
});

test('C++ layout mirrors src/layout', () => {
  const cc = constants('native/src/layout.h', /constexpr\s+[\w:]+\s+(\w+)\s*=\s*([^;]+);/g);
  for (const [name, value] of ts) {
    if (name === 'MAX_EXACT_INT') continue;
    assert.equal(cc.get(name), value, `native/src/layout.h ${name}`);
  }
});

test('C++ checks the record struct against the layout at compile time', () => {
  const h = readFileSync(join(PROJECT_ROOT, 'native/src/layout.h'), 'utf8');
  assert.match(h, /static_assert\(sizeof\(Event\) == EVENT_BYTES/);
  for (const f of ['exchTsNs', 'localTsNs', 'px', 'qty', 'id', 'ival', 'fval']) assert.match(h, new RegExp(`offsetof\\(Event, ${f}\\)`));
});
