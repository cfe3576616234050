/**
 * `btc-engine paper` serves the dashboard (dashboard.enabled, the default): the
 * page and uPlot load, /ws pushes the history then frames in mode "paper" with
 * the tick-to-decision histogram, feed health and the book's depth, and the
 * dashboard's counters are in /metrics.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { metric, startPaper, until } from '../helpers/paper-proc.js';

interface Frame {
  type: string; mode: string; ticks: number; mid: number | null;
  latency: { samples: number; counts: number[] } | null; feed: { connected: boolean; messages: number };
  depth: { bids: unknown[]; asks: unknown[] } | null;
}

test('paper serves the page and pushes frames with latency, feed health and depth', async () => {
  const p = startPaper(['--state-dir', mkdtempSync(join(tmpdir(), 'btc-engine-dash-paper-')), '--duration', '60']);
  try {
    const base = await p.url;
    assert.match(p.lines.join('\n'), new RegExp(`dashboard ${base}/`));
    const page = await fetch(`${base}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<span id="mid"/);
    assert.equal((await fetch(`${base}/vendor/uplot.js`)).status, 200);
    const messages: Frame[] = [];
    const ws = new WebSocket(`${base.replace('http', 'ws')}/ws`);
    ws.on('message', (d) => messages.push(JSON.parse(d.toString()) as Frame));
    const lastFrame = (): Frame | undefined => messages.filter((m) => m.type === 'frame').at(-1);
    const ok = await until(() => {
      const f = lastFrame();
      return f !== undefined && f.ticks > 0 && (f.latency?.samples ?? 0) > 0 && (f.depth?.bids.length ?? 0) > 0;
    }, 30_000);
    ws.close();
    const f = lastFrame();
    assert.ok(ok, `frames with ticks, latency and depth: ${JSON.stringify(f)?.slice(0, 400)}`);
    assert.equal(messages[0]!.type, 'history');
    assert.equal(f!.mode, 'paper');
    assert.equal(f!.latency!.counts.reduce((s, n) => s + n, 0), f!.latency!.samples, 'the histogram holds every sample');
    assert.equal(f!.feed.connected, true);
    assert.ok(f!.feed.messages > 0);
    assert.ok((await metric(base, 'btc_engine_dashboard_connections_total')) >= 1);
  } finally {
    p.proc.kill('SIGINT');
    assert.equal((await p.exit).code, 0);
  }
});
