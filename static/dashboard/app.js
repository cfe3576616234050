/*
 * btc-engine dashboard page: connects to /ws, takes the history message, then
 * one frame per push (≤ 10 Hz), and draws the charts with uPlot. The message
 * formats are in docs/DASHBOARD.md. `window.dashboard` exposes the state (tests).
 */
/* global uPlot */
'use strict';

const Q = window.DASHBOARD_QUERY || '';
const $ = (id) => document.getElementById(id);
const COLORS = ['#4cc9f0', '#f72585', '#ffd166', '#06d6a0', '#b388ff', '#ff9f1c', '#8ecae6'];

const state = {
  columns: [], col: {}, data: [], capacity: 6000, matured: {}, fills: [], frame: null,
  charts: {}, predCharts: {}, frames: 0, histories: 0, connected: false, seq: 0,
};
window.dashboard = state;

function fmt(x, d) { return x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(d); }
function priceDigits(x) { return Math.abs(x) >= 1000 ? 2 : Math.abs(x) >= 1 ? 4 : 6; }
function el(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const k in attrs || {}) e.setAttribute(k, attrs[k]);
  if (text !== undefined) e.textContent = text;
  return e;
}
function fillRows(table, head, rows) {
  table.replaceChildren();
  if (head) { const tr = el('tr'); for (const h of head) tr.appendChild(el('th', {}, h)); table.appendChild(tr); }
  for (const r of rows) {
    const tr = el('tr');
    r.forEach((v, i) => { const td = el('td', {}, String(v)); if (i === 0 && !head) td.className = 'k'; tr.appendChild(td); });
    table.appendChild(tr);
  }
}

// ---- charts --------------------------------------------------------------

function chartSize(div, h) { return { width: Math.max(280, div.clientWidth - 4), height: h || 220 }; }

function makeChart(id, series, opts) {
  const div = $(id);
  const o = Object.assign({
    ...chartSize(div, opts && opts.height),
    cursor: { drag: { x: true, y: false } },
    legend: { live: true },
    scales: { x: { time: true } },
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
    axes: [{ stroke: '#aab', grid: { stroke: '#2a2f3a' } }, { stroke: '#aab', grid: { stroke: '#2a2f3a' }, size: 70 }],
    series: [{}].concat(series),
  }, opts || {});
  delete o.height;
  const u = new uPlot(o, [[]].concat(series.map(() => [])), div);
  new ResizeObserver(() => u.setSize(chartSize(div, opts && opts.height))).observe(div);
  return u;
}

const line = (label, stroke, extra) => Object.assign({ label, stroke, width: 1.5, spanGaps: false }, extra || {});
const dots = (label, stroke, fill) => ({ label, stroke, fill, width: 0, paths: () => null, points: { show: true, size: 9, stroke, fill, width: 1 } });

function buildCharts() {
  for (const k in state.charts) state.charts[k].destroy();
  state.charts = {};
  const c = state.col;
  state.charts.price = makeChart('chart-price', [
    line('mid', '#e0e0e0'), line('bid', '#06d6a0', { width: 1 }), line('ask', '#ef476f', { width: 1 }),
    line('own bid', '#06d6a0', { dash: [6, 4], width: 2 }), line('own ask', '#ef476f', { dash: [6, 4], width: 2 }),
    dots('buy fill', '#06d6a0', '#06d6a0'), dots('sell fill', '#ef476f', '#ef476f'),
  ], { height: 300 });
  state.charts.pnl = makeChart('chart-pnl', [
    line('position BTC', '#ffd166', { scale: 'btc', paths: uPlot.paths.stepped({ align: 1 }) }), line('PnL USD', '#4cc9f0', { scale: 'usd' }),
  ], {
    scales: { x: { time: true }, btc: {}, usd: {} },
    axes: [{ stroke: '#aab', grid: { stroke: '#2a2f3a' } }, { scale: 'btc', stroke: '#ffd166', size: 60 }, { scale: 'usd', side: 1, stroke: '#4cc9f0', size: 60, grid: { show: false } }],
  });
  state.charts.equity = makeChart('chart-equity', [line('equity USD', '#06d6a0')]);
  const feats = state.columns.filter((n) => n.startsWith('feat:'));
  state.charts.features = makeChart('chart-features', feats.map((n, i) => line(n.slice(5), COLORS[i % COLORS.length], { width: 1 })), {
    scales: { x: { time: true }, y: { range: [-1, 1] } },
  });
  const imfs = state.columns.filter((n) => n.startsWith('imf:'));
  state.charts.hht = makeChart('chart-hht', imfs.length ? imfs.map((n, i) => line(`IMF ${n.slice(4)}`, COLORS[i % COLORS.length], { width: 1 })) : [line('HHT off', '#555')]);
  state.charts.feed = makeChart('chart-feed', [line('book msgs/s', '#8ecae6')], { height: 160 });
  state.charts.depth = makeChart('chart-depth', [
    line('bids', '#06d6a0', { fill: 'rgba(6,214,160,0.25)', paths: uPlot.paths.stepped({ align: -1 }) }),
    line('asks', '#ef476f', { fill: 'rgba(239,71,111,0.25)', paths: uPlot.paths.stepped({ align: 1 }) }),
  ], { scales: { x: { time: false } } });
  state.charts.latency = makeChart('chart-latency', [
    { label: 'decisions', stroke: '#b388ff', fill: 'rgba(179,136,255,0.4)', paths: uPlot.paths.bars({ size: [0.8, 40] }), points: { show: false } },
  ], {
    scales: { x: { time: false } },
    axes: [{ stroke: '#aab', values: (u, vals) => vals.map((v) => latencyLabel(v)) }, { stroke: '#aab', size: 60 }],
  });
  const preds = $('preds');
  preds.replaceChildren();
  state.predCharts = {};
  for (const h of Object.keys(state.matured)) {
    const box = el('div', { class: 'pred' });
    box.appendChild(el('h3', {}, `${h} ahead`));
    const div = el('div', { id: `chart-pred-${h}`, class: 'chart' });
    box.appendChild(div);
    const stats = el('div', { id: `pred-stats-${h}`, class: 'note' });
    box.appendChild(stats);
    preds.appendChild(box);
    state.predCharts[h] = makeChart(`chart-pred-${h}`, [line('predicted', '#ffd166', { width: 1 }), line('realised', '#4cc9f0', { width: 1 })], { height: 180 });
  }
  state.charts.preds = state.predCharts;
}

let latencyEdges = [];
function latencyLabel(i) {
  const us = latencyEdges[Math.round(i)];
  if (us === undefined) return '';
  return us >= 1e6 ? `${us / 1e6}s` : us >= 1000 ? `${us / 1000}ms` : `${us}µs`;
}

function cols(names) { return names.map((n) => state.data[state.col[n]] || []); }

function redraw() {
  const c = state.charts;
  if (!c.price) return;
  const x = state.data[0] || [];
  c.price.setData([x].concat(cols(['mid', 'bid', 'ask', 'ownBid', 'ownAsk', 'fillBuy', 'fillSell'])));
  c.pnl.setData([x].concat(cols(['positionBtc', 'pnlUsd'])));
  c.equity.setData([x].concat(cols(['equityUsd'])));
  const feats = state.columns.filter((n) => n.startsWith('feat:'));
  c.features.setData([x].concat(cols(feats)));
  const imfs = state.columns.filter((n) => n.startsWith('imf:'));
  c.hht.setData([x].concat(imfs.length ? cols(imfs) : [x.map(() => null)]));
  c.feed.setData([x].concat(cols(['msgsPerSec'])));
  for (const h in state.predCharts) {
    const m = state.matured[h];
    state.predCharts[h].setData([m[0], m[1], m[2]]);
    predStats(h, m);
  }
}

function predStats(h, m) {
  let n = 0, hit = 0, sp = 0, sr = 0, spp = 0, srr = 0, spr = 0;
  for (let i = 0; i < m[0].length; i++) {
    const p = m[1][i], r = m[2][i];
    if (p === null || r === null) continue;
    n++;
    if (p !== 0 && r !== 0 && Math.sign(p) === Math.sign(r)) hit++;
    sp += p; sr += r; spp += p * p; srr += r * r; spr += p * r;
  }
  const cov = spr / n - (sp / n) * (sr / n);
  const corr = cov / Math.sqrt((spp / n - (sp / n) ** 2) * (srr / n - (sr / n) ** 2));
  $(`pred-stats-${h}`).textContent = n ? `${n} matured · sign hit ${fmt((100 * hit) / n, 1)}% · corr ${fmt(corr, 3)}` : 'no matured predictions yet';
}

// ---- messages ------------------------------------------------------------

function onHistory(h) {
  state.histories++;
  const rebuild = state.columns.join() !== h.columns.join() || Object.keys(state.matured).join() !== Object.keys(h.matured).join();
  state.columns = h.columns;
  state.col = Object.fromEntries(h.columns.map((n, i) => [n, i]));
  state.capacity = h.capacity;
  state.data = h.points;
  state.matured = h.matured;
  state.fills = h.fills.slice();
  if (rebuild || !state.charts.price) buildCharts();
  // The history holds the frame it was built with: a copy of that frame sent after it is not a new point.
  state.seq = h.frame ? h.frame.seq : 0;
  if (h.frame) show(h.frame);
  redraw();
}

function onFrame(f) {
  if (f.seq <= state.seq) return;
  state.seq = f.seq;
  state.frames++;
  if (f.point && state.data.length === f.point.length) {
    for (let c = 0; c < f.point.length; c++) {
      state.data[c].push(f.point[c]);
      if (state.data[c].length > state.capacity) state.data[c].shift();
    }
  }
  for (const h in f.matured) {
    const m = state.matured[h];
    if (!m) continue;
    for (const p of f.matured[h]) for (let k = 0; k < 3; k++) { m[k].push(p[k]); if (m[k].length > state.capacity) m[k].shift(); }
  }
  for (const fl of f.fills) state.fills.push(fl);
  if (state.fills.length > 200) state.fills.splice(0, state.fills.length - 200);
  show(f);
  redraw();
}

/** Everything of a frame that is not a time series. */
function show(f) {
  state.frame = f;
  const d = priceDigits(f.mid || 0);
  const mid = $('mid');
  mid.textContent = fmt(f.mid, d);
  mid.dataset.value = f.mid === null ? '' : String(f.mid);
  mid.dataset.ticks = String(f.ticks);
  mid.dataset.seq = String(f.seq);
  $('bid').textContent = fmt(f.bid, d);
  $('ask').textContent = fmt(f.ask, d);
  $('spread').textContent = `${fmt(f.spreadBps, 3)} bps${f.valid ? '' : ' (invalid)'}`;
  const p = f.portfolio;
  $('pos').textContent = `${fmt(p.positionBtc, 4)} BTC`;
  $('pnl').textContent = `${fmt(p.pnlUsd, 2)} USD`;
  $('pnl').className = p.pnlUsd >= 0 ? 'bid' : 'ask';
  $('equity').textContent = `${fmt(p.equityUsd, 2)} USD`;
  $('signal').textContent = `${fmt(f.predictions.signalBps, 3)} bps → ${f.predictions.targetLots} lots`;
  $('mode').textContent = f.mode;
  $('state').textContent = f.state === 'ended' ? 'replay ended' : state.connected ? 'live' : 'disconnected';
  $('state').className = `badge ${f.state === 'ended' ? 'warn' : state.connected ? 'ok' : 'bad'}`;
  $('exchtime').textContent = Number.isFinite(f.tsMs) ? `${new Date(f.tsMs).toISOString().replace('T', ' ').slice(0, 23)} UTC` : '–';
  $('ticks').textContent = String(f.ticks);
  $('seq').textContent = String(f.seq);
  $('clients').textContent = `${f.server.clients} client${f.server.clients === 1 ? '' : 's'}`;
  $('halted').className = f.breakers.halted ? 'banner' : 'banner hidden';

  // Depth: bids far → touch, then asks touch → far, cumulative.
  if (f.depth && state.charts.depth) {
    const xs = [], bids = [], asks = [];
    let cum = 0;
    const b = f.depth.bids.map((l) => { cum += l[1]; return [l[0], cum]; }).reverse();
    for (const [px, q] of b) { xs.push(px); bids.push(q); asks.push(null); }
    cum = 0;
    for (const [px, q] of f.depth.asks) { cum += q; xs.push(px); bids.push(null); asks.push(cum); }
    state.charts.depth.setData([xs, bids, asks]);
  }
  if (f.latency && state.charts.latency) {
    latencyEdges = f.latency.upperUs;
    state.charts.latency.setData([f.latency.counts.map((_, i) => i), f.latency.counts]);
    $('latency').textContent = `p50 ${fmt(f.latency.p50Us, 0)} µs · p99 ${fmt(f.latency.p99Us, 0)} µs · ${f.latency.samples} decisions (bars: upper edge of each power-of-two bucket)`;
  } else {
    $('latency').textContent = 'no receive times in a replay: tick-to-decision latency is measured by btc-engine paper';
  }
  fillRows($('features'), null, f.features.map((x) => [x.name, fmt(x.value, 4)]));
  const hht = $('hht');
  if (f.hht) {
    const t = el('table', { class: 'grid' });
    fillRows(t, ['IMF'].concat(f.hht.quantities), f.hht.imfs.map((r, i) => [i + 1].concat(r.map((v) => fmt(v, 3)))));
    hht.replaceChildren(t, el('div', { class: 'note' }, Object.entries(f.hht.globals).map(([k, v]) => `${k} ${fmt(v, 2)}`).join(' · ')));
  } else {
    hht.replaceChildren(el('div', { class: 'note' }, 'HHT is off (features.hht.enabled)'));
  }
  const fd = f.feed;
  fillRows($('feed'), null, [
    ['connected', fd.connected ? 'yes' : 'no'], ['frames received', fd.messages], ['frames/s', fmt(fd.framesPerSec, 0)],
    ['book messages/s', fmt(fd.bookMsgsPerSec, 0)],
    ['gaps', fd.gaps], ['reconnects', fd.reconnects], ['rejected frames', fd.rejected], ['last frame age', `${fmt(fd.lastFrameAgeMs, 0)} ms`],
  ]);
  const br = $('breakers');
  br.replaceChildren();
  for (const [name, trips] of Object.entries(f.breakers.trips)) {
    const on = f.breakers.active.includes(name);
    br.appendChild(el('span', { class: `breaker ${on ? 'on' : 'off'}` }, `${name}${on ? ' TRIPPED' : ''} · ${trips} trips`));
  }
  fillRows($('orders'), ['id', 'side', 'price', 'lots'], f.orders.map((o) => [o.id, o.side, fmt(o.px, d), o.lots]));
  fillRows($('fills'), ['time', 'side', 'price', 'BTC', 'maker'], state.fills.slice(-15).reverse().map((x) =>
    [new Date(x.ts).toISOString().slice(11, 23), x.side, fmt(x.px, d), fmt(x.qty, 4), x.maker ? 'yes' : 'no']));
  const s = f.server;
  $('server').textContent = `server: ${s.clients} clients · ${s.framesSkipped} frames skipped · ${s.clientsDropped} slow clients dropped · `
    + `RSS ${fmt(s.rssBytes / 2 ** 20, 0)} MiB · heap ${fmt(s.heapUsedBytes / 2 ** 20, 0)} MiB · frames received ${state.frames}`;
}

function connect() {
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws${Q}`);
  ws.onopen = () => { state.connected = true; };
  ws.onmessage = (ev) => {
    const m = JSON.parse(ev.data);
    if (m.type === 'history') onHistory(m);
    else if (m.type === 'frame') onFrame(m);
  };
  ws.onclose = () => {
    state.connected = false;
    $('state').textContent = 'disconnected';
    $('state').className = 'badge bad';
    setTimeout(connect, 1000);
  };
}

connect();
