/**
 * The dashboard in a real browser: headless Chromium (Debian's `chromium`,
 * driven by playwright-core) loads the page during `btc-engine replay
 * --dashboard --speed 40` (HHT on), the charts fill with data while the replay runs, and
 * once it has ended (the state is then frozen: `--dashboard-hold`) the mid the
 * page shows equals /health's book.mid exactly, for the same tick count. The
 * screenshot goes to test-artifacts/dashboard.png (and docs/dashboard.png when
 * that is missing or BTC_ENGINE_UPDATE_DOCS_SCREENSHOT=1).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/native/load.js';
import { BYBIT_SHAPED, startReplay, waitFor } from './replay-proc.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

interface PageState {
  frames: number; histories: number; state: string; mid: string; midText: string; ticks: number;
  lengths: Record<string, number>; predMatured: number; depthLevels: number; finiteMids: number; finiteImf: number;
}

function pageState(page: Page): Promise<PageState> {
  return page.evaluate(() => {
    // Runs in the page (this project compiles without the DOM types).
    const g = globalThis as any;
    const d = g.dashboard;
    const mid = g.document.getElementById('mid');
    const lengths: Record<string, number> = {};
    for (const k of ['price', 'pnl', 'equity', 'features', 'feed', 'depth', 'hht']) lengths[k] = d.charts[k] ? d.charts[k].data[0].length : -1;
    const imfs: Array<Array<number | null>> = d.charts.hht ? d.charts.hht.data.slice(1) : [];
    const preds = Object.values(d.predCharts as Record<string, any>);
    const priceMid: Array<number | null> = d.charts.price ? d.charts.price.data[1] : [];
    return {
      frames: d.frames, histories: d.histories, state: d.frame ? d.frame.state : '', mid: String(mid.dataset.value ?? ''), midText: String(mid.textContent ?? ''),
      ticks: Number(mid.dataset.ticks), lengths, predMatured: preds.reduce((s: number, u: any) => s + u.data[0].length, 0),
      depthLevels: d.frame && d.frame.depth ? d.frame.depth.bids.length + d.frame.depth.asks.length : 0,
      finiteMids: priceMid.filter((x) => typeof x === 'number' && Number.isFinite(x)).length,
      finiteImf: imfs.reduce((n, col) => n + col.filter((x) => typeof x === 'number' && Number.isFinite(x)).length, 0),
    };
  });
}

test('headless Chromium: the charts hold data during a replay and the mid shown equals /health', async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: the browser test needs Debian's chromium (apt-get install -y chromium; .ci/run installs it)`);
  const dir = mkdtempSync(join(tmpdir(), 'btc-engine-dash-browser-'));
  // HHT on, so the IMF chart has data too (its first window needs 102 s of exchange time: 2.6 s here).
  const config = join(dir, 'hht.yaml');
  // HHT on: the shipped model is trained without HHT columns, so the stand-in rule decides.
  writeFileSync(config, 'features:\n  hht:\n    enabled: true\ndecision:\n  source: rule\n');
  const replay = startReplay(['--speed', '40', '--dashboard-hold', '300', '--config', config, '--report', join(dir, 'report.json'), BYBIT_SHAPED]);
  const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1400, height: 1000 },
  });
  const problems: string[] = [];
  let held = false;
  try {
    const base = await replay.url;
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
    await page.goto(`${base}/`);

    // While the replay runs: every chart fills.
    let s = await pageState(page);
    const filled = await waitFor(async () => {
      s = await pageState(page);
      return s.lengths.price >= 30 && s.predMatured > 0 && s.depthLevels > 0 && s.finiteImf > 0;
    }, 60_000);
    assert.ok(filled, `charts filled: ${JSON.stringify(s)}`);
    assert.equal(s.state, 'running', 'the data came while the replay was running');
    assert.equal(s.histories, 1, 'one history, then frames');
    assert.ok(s.frames >= 10, `frames received: ${s.frames}`);
    for (const k of ['pnl', 'equity', 'features', 'feed', 'hht']) assert.equal(s.lengths[k], s.lengths.price, `${k} chart holds the same points`);
    assert.ok(s.lengths.depth > 0, 'depth chart holds levels');
    assert.ok(s.finiteMids >= 30, 'price chart holds mids');

    // After the last row the state is frozen: the page's mid is /health's, for the same tick count.
    const ended = await waitFor(async () => (s = await pageState(page)).state === 'ended', 90_000);
    assert.ok(ended, `the replay ended: ${JSON.stringify(s)}`);
    await page.waitForTimeout(300);
    s = await pageState(page);
    const health = await (await fetch(`${base}/health`)).json() as { book: { mid: number; messages: number } };
    assert.equal(s.ticks, health.book.messages, 'same state: the frame was built after the tick /health reports');
    assert.equal(Number(s.mid), health.book.mid, 'the mid shown equals /health book.mid');
    assert.equal(s.midText, health.book.mid.toFixed(2));
    await page.waitForTimeout(500);
    const artifacts = join(PROJECT_ROOT, 'test-artifacts');
    mkdirSync(artifacts, { recursive: true });
    const shot = join(artifacts, 'dashboard.png');
    await page.screenshot({ path: shot, fullPage: true });
    const docsShot = join(PROJECT_ROOT, 'docs', 'dashboard.png');
    if (!existsSync(docsShot) || process.env.BTC_ENGINE_UPDATE_DOCS_SCREENSHOT === '1') copyFileSync(shot, docsShot);
    assert.deepEqual(problems, [], 'no page errors');
    held = true;
  } finally {
    await context.close();
    replay.proc.kill('SIGINT');
    const exit = await replay.exit;
    rmSync(dir, { recursive: true, force: true });
    if (held) assert.equal(exit.code, 0, `replay exits 0 after SIGINT during the hold: ${replay.stderr.join('')}`);
  }
});
