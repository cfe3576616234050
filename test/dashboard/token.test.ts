/**
 * Dashboard security: bound to a non-loopback address (0.0.0.0) without a token,
 * start-up is refused (exit 2, with the reason); with a token, every HTTP request
 * and WebSocket upgrade without it gets 401, with it (Bearer or ?token=) succeeds,
 * and the token appears in no page, metric or console line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { BYBIT_SHAPED, startReplay } from './replay-proc.js';

const TOKEN = 'dashboard-test-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'btc-engine-dash-token-'));

test('non-loopback host without a token: start-up refuses with exit 2 and says why', async () => {
  const p = startReplay(['--report', join(dir, 'refused.json'), BYBIT_SHAPED], { BTC_ENGINE_DASHBOARD_HOST: '0.0.0.0', BTC_ENGINE_DASHBOARD_TOKEN: '' });
  const exit = await p.exit;
  assert.equal(exit.code, 2);
  assert.match(p.stderr.join(''), /dashboard\.host 0\.0\.0\.0 is not a loopback address: set dashboard\.token/);
});

/** Status of an upgrade to /ws: 101 when it opened, else the HTTP status it was refused with. */
function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('open', () => { ws.close(); resolve(101); });
    ws.on('unexpected-response', (_req, res) => { resolve(res.statusCode ?? 0); ws.terminate(); });
    ws.on('error', (err) => reject(err));
  });
}

/** The first message of an authorised /ws connection. */
function firstMessage(url: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('message', (d) => { ws.close(); resolve(JSON.parse(d.toString()) as Record<string, unknown>); });
    ws.on('error', reject);
  });
}

test('with a token on 0.0.0.0: requests without it get 401 (HTTP and WS), with it they succeed', async () => {
  const p = startReplay(['--speed', '5', '--report', join(dir, 'token.json'), BYBIT_SHAPED], {
    BTC_ENGINE_DASHBOARD_HOST: '0.0.0.0', BTC_ENGINE_DASHBOARD_TOKEN: TOKEN,
  });
  try {
    const announced = await p.url;
    assert.match(announced, /^http:\/\/0\.0\.0\.0:\d+$/);
    const base = announced.replace('0.0.0.0', '127.0.0.1');
    const q = `?token=${TOKEN}`;
    const auth = { headers: { Authorization: `Bearer ${TOKEN}` } };
    for (const path of ['/', '/index.html', '/app.js', '/app.css', '/vendor/uplot.js', '/vendor/uplot.css', '/health', '/metrics', '/nope']) {
      assert.equal((await fetch(`${base}${path}`)).status, 401, `${path} without the token`);
      assert.equal((await fetch(`${base}${path}?token=wrong-token-0123456789abc`)).status, 401, `${path} with a wrong token`);
    }
    for (const path of ['/', '/app.js', '/vendor/uplot.js', '/health', '/metrics']) {
      assert.equal((await fetch(`${base}${path}${q}`)).status, 200, `${path}?token=`);
      const r = await fetch(`${base}${path}`, auth);
      assert.equal(r.status, 200, `${path} with Bearer`);
      assert.ok(!(await r.text()).includes(TOKEN), `${path} does not contain the token`);
    }
    const ws = base.replace('http', 'ws') + '/ws';
    assert.equal(await upgradeStatus(ws), 401, 'WS upgrade without the token is refused');
    assert.equal(await upgradeStatus(`${ws}?token=nope`), 401, 'WS upgrade with a wrong token is refused');
    assert.equal(await upgradeStatus(`${ws}${q}`), 101, 'WS upgrade with the token opens');
    const first = await firstMessage(`${ws}${q}`);
    assert.equal(first.type, 'history');
    assert.ok(!JSON.stringify(first).includes(TOKEN), 'no token in the pushed data');
  } finally {
    p.proc.kill('SIGTERM');
    await p.exit;
  }
  assert.ok(!p.stderr.join('').includes(TOKEN) && !p.stdout.join('').includes(TOKEN), 'the token is never printed');
});
