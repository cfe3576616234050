/**
 * 50 WebSocket clients on one replay's dashboard (plus one that never reads: its
 * socket is paused right after the upgrade request): every client gets the
 * history first, then frames in order until the replay ends; the server never
 * buffers more than the bound (+ its hard cap) for anyone, and the engine's RSS
 * stays bounded. Only functional checks: throughput and memory over 60 s are
 * measured by `npm run bench -- --only dashboard` (bench/dashboard), not
 * asserted here (no timing assertions in tests).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { BYBIT_SHAPED, startReplay, waitFor } from './replay-proc.js';

const CLIENTS = 50;
/** Hard cap uWS enforces beyond the bound (src/dashboard/server.ts HARD_CAP_EXTRA_BYTES). */
const HARD_CAP_EXTRA = 16 << 20;
/** Generous: the replay's own working set is ~150 MiB; a leak of frames or histories would pass this quickly. */
const RSS_GROWTH_LIMIT = 150 << 20;

interface ServerStats { clients: number; framesSkipped: number; clientsDropped: number; maxBufferedBytes: number; boundBytes: number; rssBytes: number }
interface Seen { types: string[]; seqs: number[]; server: ServerStats[]; closed: boolean }

function client(url: string): Seen {
  const seen: Seen = { types: [], seqs: [], server: [], closed: false };
  const ws = new WebSocket(url);
  ws.on('message', (d) => {
    const m = JSON.parse(d.toString()) as { type: string; seq?: number; server?: ServerStats; frame?: { seq: number } };
    seen.types.push(m.type);
    if (m.type === 'frame') { seen.seqs.push(m.seq!); seen.server.push(m.server!); }
  });
  ws.on('close', () => { seen.closed = true; });
  ws.on('error', () => {});
  return seen;
}

/** A client that sends the upgrade request and then never reads a byte. */
function pausedClient(base: string): net.Socket {
  const u = new URL(base);
  const s = net.connect(Number(u.port), u.hostname, () => {
    s.write(`GET /ws HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n`
      + 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
    s.pause();
  });
  s.on('error', () => {});
  return s;
}

test(`${CLIENTS} clients and a paused one: all get history then frames in order; buffering and memory stay bounded`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'btc-engine-dash-load-'));
  const replay = startReplay(['--speed', '25', '--report', join(dir, 'report.json'), BYBIT_SHAPED]);
  const paused: net.Socket[] = [];
  try {
    const base = await replay.url;
    paused.push(pausedClient(base));
    const seen = Array.from({ length: CLIENTS }, () => client(`${base.replace('http', 'ws')}/ws`));
    assert.ok(await waitFor(() => seen.every((s) => s.seqs.length > 0), 20_000), 'every client gets frames');
    const exit = await replay.exit;
    assert.equal(exit.code, 0, replay.stderr.join(''));
    assert.ok(await waitFor(() => seen.every((s) => s.closed), 5000), 'clients are closed when the replay ends');

    for (const [i, s] of seen.entries()) {
      assert.equal(s.types[0], 'history', `client ${i}: history first`);
      assert.ok(s.types.slice(1).every((t) => t === 'frame'), `client ${i}: then frames only (it never fell behind)`);
      assert.ok(s.seqs.length >= 20, `client ${i}: ${s.seqs.length} frames`);
      for (let k = 1; k < s.seqs.length; k++) assert.ok(s.seqs[k]! > s.seqs[k - 1]!, `client ${i}: frame seqs increase`);
    }
    const stats = seen.flatMap((s) => s.server);
    assert.ok(Math.max(...stats.map((x) => x.clients)) >= CLIENTS + 1, 'the paused client was connected too');
    const bound = stats[0]!.boundBytes;
    const maxBuffered = Math.max(...stats.map((x) => x.maxBufferedBytes));
    assert.ok(maxBuffered <= bound + HARD_CAP_EXTRA, `largest send buffer ${maxBuffered} B ≤ bound ${bound} B + hard cap`);
    // RSS after the first second (start-up done) vs the largest seen.
    const frames = seen[0]!.server;
    const warm = frames[Math.min(10, frames.length - 1)]!.rssBytes;
    const peak = Math.max(...frames.map((x) => x.rssBytes));
    assert.ok(peak - warm < RSS_GROWTH_LIMIT, `RSS grew ${((peak - warm) / 2 ** 20).toFixed(0)} MiB`);
  } finally {
    for (const s of paused) s.destroy();
    replay.proc.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
});
