/** `btc-engine exchange`: prints its URL, serves until SIGTERM / SIGINT, exits 0. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/native/load.js';
import { sharedFile } from '../helpers/shared-data.js';
import { TestClient } from '../helpers/ws-client.js';

const CLI = join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');

async function serve(args: string[], signal: NodeJS.Signals): Promise<{ code: number | null; stderr: string; frames: number }> {
  const child = spawn(process.execPath, [CLI, 'exchange', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  try {
    const deadline = Date.now() + 15_000;
    while (!stdout.includes('\n') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const url = stdout.split('\n')[0];
    assert.match(url, /^ws:\/\/127\.0\.0\.1:\d+\/v5\/public\/linear$/, stderr);
    const c = await TestClient.connect(url);
    c.subscribe('orderbook.50.BTCUSDT');
    const frames = await c.topicFrames('orderbook.50.BTCUSDT', 3);
    assert.equal(frames[0].type, 'snapshot');
    c.close();
    child.kill(signal);
    return { code: await exited, stderr, frames: frames.length };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

test('exchange --synthetic serves until SIGTERM and exits 0', async () => {
  const r = await serve(['--port', '0', '--synthetic', '--speed', '5', '--seed', '4', '--depth', '50'], 'SIGTERM');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /stopped: 1 connections/);
});

test('exchange --replay serves a recording until SIGINT and exits 0', async () => {
  const r = await serve(['--replay', sharedFile('bybit/bybit_linear_BTCUSDT_ob200_trades_2026-08-09.jsonl'), '--speed', '10'], 'SIGINT');
  assert.equal(r.code, 0, r.stderr);
});

test('exchange rejects --replay with --synthetic (exit 2)', () => {
  const r = spawnSync(process.execPath, [CLI, 'exchange', '--synthetic', '--replay', 'x.jsonl'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /exclude each other/);
});
