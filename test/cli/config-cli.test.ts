/** `btc-engine config print|validate`: defaults filled in, env overrides shown, bad fields named. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../src/native/load.js';

const CLI = join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');
const dir = mkdtempSync(join(tmpdir(), 'btc-engine-config-'));
const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });

test('config print: every section with its defaults; the file and BTC_ENGINE_* override them', () => {
  const file = join(dir, 'c.yaml');
  writeFileSync(file, 'risk:\n  maxOrderBtc: 0.005\n');
  const r = cli(['config', 'print', '--config', file], { BTC_ENGINE_PAPER_FEED: 'bybit' });
  assert.equal(r.status, 0, r.stderr);
  const cfg = parse(r.stdout) as Record<string, Record<string, unknown>>;
  for (const s of ['features', 'model', 'venue', 'execution', 'decision', 'risk', 'portfolio', 'paper', 'dashboard']) assert.ok(cfg[s], `section ${s}`);
  assert.equal(cfg.risk.maxOrderBtc, 0.005, 'from the file');
  assert.equal(cfg.risk.maxPositionBtc, 0.05, 'default');
  assert.equal(cfg.paper.feed, 'bybit', 'from the environment');
  assert.equal(cfg.dashboard.host, '127.0.0.1');
});

test('config validate: 0 on a good file; 2 with each bad field, its value and what is allowed', () => {
  const good = join(dir, 'good.yaml');
  writeFileSync(good, 'execution:\n  strategy: twap\n');
  const ok = cli(['config', 'validate', '--config', good]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /valid/);
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'execution:\n  strategy: yolo\nvenue:\n  paper:\n    queuePower: -2\n');
  const r = cli(['config', 'validate', '--config', bad]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /execution\.strategy: .*"passive".*value was "yolo"/);
  assert.match(r.stderr, /venue\.paper\.queuePower: .*value was -2/);
});
