/**
 * Dashboard clients for the load bench, in their own process so the engine's
 * thread does not pay for them: `node clients.js WS_URL READING PAUSED`. Prints
 * `ready` once every reading client has its history and every paused one (it
 * sends the upgrade request, then never reads) is connected; when the server
 * closes them all, prints one JSON line of what they received and exits.
 */
import net from 'node:net';
import WebSocket from 'ws';

const [url, readingArg, pausedArg] = process.argv.slice(2);
const reading = Number(readingArg);
const pausedCount = Number(pausedArg);
const u = new URL(url!);

let histories = 0;
let open = reading + pausedCount;
const frames = new Array<number>(reading).fill(0);
const closeCodes: Record<string, number> = {};

const pausedSockets: net.Socket[] = [];
let readingOpen = reading;

function done(): void {
  if (--open > 0) return;
  const sorted = [...frames].sort((a, b) => a - b);
  process.stdout.write(JSON.stringify({ reading, paused: pausedCount, histories, framesMin: sorted[0] ?? 0, framesTotal: frames.reduce((s, n) => s + n, 0), closeCodes }) + '\n');
  process.exit(0);
}

let ready = 0;
const readyOne = (): void => { if (++ready === reading + pausedCount) process.stdout.write('ready\n'); };

for (let i = 0; i < reading; i++) {
  const ws = new WebSocket(url!);
  let first = true;
  ws.on('message', (d) => {
    if (first) { first = false; histories++; readyOne(); return; }
    if ((d as Buffer).includes('"type":"frame"')) frames[i]++;
  });
  ws.on('close', (code) => {
    closeCodes[code] = (closeCodes[code] ?? 0) + 1;
    // The server closes everyone at the end; a paused socket only notices once it reads again.
    if (--readingOpen === 0) for (const p of pausedSockets) { p.resume(); setTimeout(() => p.destroy(), 1000).unref(); }
    done();
  });
  ws.on('error', () => {});
}
for (let i = 0; i < pausedCount; i++) {
  const s = net.connect(Number(u.port), u.hostname, () => {
    s.write(`GET ${u.pathname} HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n`
      + 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
    s.pause();
    readyOne();
  });
  pausedSockets.push(s);
  s.on('close', () => done());
  s.on('error', () => {});
}
