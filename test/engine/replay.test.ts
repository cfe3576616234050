/**
 * `btc-engine replay` end to end on the real Bybit-shaped recording: the report
 * contract, byte-identical reruns, and the accounting identities checked from the
 * report's own fills (not from the code that wrote them).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/native/load.js';
import { sharedFile } from '../helpers/shared-data.js';

const CLI = join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');
const FILE = sharedFile('bybit/derived_bybit-shaped_ob200_BTCUSDT_2023-04-04.jsonl');
const dir = mkdtempSync(join(tmpdir(), 'btc-engine-replay-'));
const cli = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });

interface Fill { ts: number; side: 'buy' | 'sell'; px: number; qty: number; fee: number; maker: boolean; arrivalMid: number | null; strategy: string }
interface Report {
  summary: Record<string, number | null | Record<string, number>>;
  fills: Fill[];
  byStrategy: Record<string, { fills: number; makerFills: number; takerFills: number }>;
  portfolio: { cashUsd: number; markUsd: number };
}

function replay(name: string, extra: string[] = [], config?: string): { report: Report; text: string; md: string } {
  const out = join(dir, `${name}.json`);
  const args = ['replay', '--report', out, ...extra];
  if (config) {
    const cfgFile = join(dir, `${name}.yaml`);
    writeFileSync(cfgFile, config);
    args.push('--config', cfgFile);
  }
  const r = cli([...args, FILE]);
  assert.equal(r.status, 0, r.stderr);
  const text = readFileSync(out, 'utf8');
  return { report: JSON.parse(text) as Report, text, md: readFileSync(join(dir, `${name}.md`), 'utf8') };
}

/** Accounting checked from the fills alone: position, fees, cash and equity. */
function checkAccounting(r: Report, initialCashUsd: number): void {
  let posBtc = 0;
  let fees = 0;
  let cash = initialCashUsd;
  for (const f of r.fills) {
    const sign = f.side === 'buy' ? 1 : -1;
    posBtc += sign * f.qty;
    fees += f.fee;
    cash -= sign * f.px * f.qty + f.fee;
    assert.ok(f.qty > 0 && f.px > 0, 'fills are positive quantities at positive prices');
  }
  const s = r.summary;
  assert.ok(Math.abs((s.finalPositionBtc as number) - posBtc) < 1e-9, `position ${s.finalPositionBtc} = Σ signed fills ${posBtc}`);
  assert.ok(Math.abs((s.feesUsd as number) - fees) < 1e-9, 'fees = Σ fill fees');
  assert.ok(Math.abs(r.portfolio.cashUsd - cash) < 1e-6, 'cash follows the fills');
  const equity = cash + posBtc * r.portfolio.markUsd;
  assert.ok(Math.abs((s.equityUsd as number) - equity) < 1e-6, `equity ${s.equityUsd} = cash + position × mark ${equity}`);
  assert.ok(Math.abs((s.equityUsd as number) - (initialCashUsd + (s.realizedPnlUsd as number) + (s.unrealizedPnlUsd as number) - fees)) < 1e-6);
}

test('report contract: summary keys in order, fills with their fields, byStrategy, a Markdown summary beside it', () => {
  const { report, md } = replay('contract');
  assert.deepEqual(Object.keys(report).slice(0, 3), ['summary', 'fills', 'byStrategy']);
  assert.deepEqual(Object.keys(report.summary), [
    'fills', 'makerFills', 'takerFills', 'feesUsd', 'realizedPnlUsd', 'unrealizedPnlUsd', 'equityUsd', 'finalPositionBtc',
    'avgSlippageBps', 'breakerTrips', 'messages', 'elapsedMs',
  ]);
  assert.equal(report.summary.messages, 15_436, 'every depth message of the recording is a tick');
  assert.ok(report.fills.length > 0, 'the default config trades this recording');
  assert.equal(report.summary.fills, report.fills.length);
  for (const f of report.fills) {
    assert.deepEqual(Object.keys(f).slice(0, 8), ['ts', 'side', 'px', 'qty', 'fee', 'maker', 'arrivalMid', 'strategy']);
  }
  assert.equal(report.summary.makerFills, report.fills.filter((f) => f.maker).length);
  assert.match(md, /^# Replay report/);
  checkAccounting(report, 10_000);
});

test('deterministic: the same input and config give a byte-identical report', () => {
  const a = replay('det-a', ['--strategy', 'twap']);
  const b = replay('det-b', ['--strategy', 'twap']);
  assert.ok(a.report.fills.length > 0);
  assert.equal(a.text, b.text);
});

test('PASSIVE fills as maker only, AGGRESSIVE as taker only; fees at the configured rates', () => {
  const cfg = 'venue:\n  paper:\n    makerFeeRate: 0.0001\n    takerFeeRate: 0.0005\nportfolio:\n  initialCashUsd: 5000\n'
    + 'execution:\n  passive:\n    onMaxRest: cancel\n';
  const passive = replay('passive', ['--strategy', 'passive'], cfg).report;
  const aggressive = replay('aggressive', ['--strategy', 'aggressive'], cfg).report;
  assert.ok(passive.fills.length > 0 && aggressive.fills.length > 0);
  for (const f of passive.fills) {
    assert.equal(f.maker, true);
    assert.ok(Math.abs(f.fee - f.px * f.qty * 0.0001) < 1e-9);
  }
  for (const f of aggressive.fills) {
    assert.equal(f.maker, false);
    assert.ok(Math.abs(f.fee - f.px * f.qty * 0.0005) < 1e-9);
  }
  checkAccounting(passive, 5000);
  checkAccounting(aggressive, 5000);
  assert.deepEqual(Object.keys(passive.byStrategy), ['passive']);
  assert.equal(aggressive.byStrategy.aggressive.takerFills, aggressive.fills.length);
});

test('risk: a tiny max position refuses orders and the report counts the refusals', () => {
  const { report } = replay('risk', [], 'risk:\n  maxPositionBtc: 0.001\n  maxOrderBtc: 0.001\ndecision:\n  maxPositionBtc: 0.01\n');
  const risk = (report as unknown as { risk: { refusals: Record<string, number> } }).risk;
  for (const f of report.fills) assert.ok(f.qty <= 0.001 + 1e-12, 'no fill larger than the max order');
  assert.ok(Math.abs(report.summary.finalPositionBtc as number) <= 0.001 + 1e-12);
  assert.ok(risk.refusals['max-order']! + risk.refusals['max-position']! > 0, 'orders above the limits were refused');
});

test('bad usage: unreadable file and invalid config value exit 2 with the field named', () => {
  const missing = cli(['replay', join(dir, 'nope.jsonl')]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /cannot read/);
  const cfgFile = join(dir, 'bad.yaml');
  writeFileSync(cfgFile, 'venue:\n  paper:\n    queueModel: optimistic\n');
  const bad = cli(['replay', '--config', cfgFile, FILE]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /venue\.paper\.queueModel/);
});
