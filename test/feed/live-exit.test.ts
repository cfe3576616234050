import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const helper = pathToFileURL(join(here, '..', 'helpers', 'fake-bybit-ws.js')).href;

/** Runs `body` in a fresh node and requires it to end on its own (no process.exit) within 3 s. */
function runsToExit(body: string): void {
  const script = `
    import net from 'node:net';
    import { FakeBybitServer, startClient, waitFor } from '${helper}';
    ${body}
    console.log('done', JSON.stringify(process.getActiveResourcesInfo()));
  `;
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 3_000 });
  assert.equal(r.signal, null, `child was killed after ${Date.now() - t0} ms: handles left open\n${r.stdout}${r.stderr}`);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^done /m);
}

test('stop() while connected, pinging and watching leaves nothing that keeps the process alive', () => {
  runsToExit(`
    const server = await FakeBybitServer.start();
    const { client, frames } = startClient(server.url, { pingEveryMs: 10, staleAfterMs: 50 });
    await waitFor(() => frames.length === 1 && client.stats().pongs > 0, 'snapshot and pong');
    await client.stop();
    await server.close();
  `);
});

test('stop() during a reconnect backoff wait clears the timer', () => {
  runsToExit(`
    const server = await FakeBybitServer.start();
    const url = server.url;
    await server.close();
    const { client, events } = startClient(url, { backoff: { initialMs: 60_000 } });
    await waitFor(() => events.some((e) => e.type === 'reconnecting'), 'reconnecting');
    await client.stop();
  `);
});

test('stop() during the opening handshake aborts it', () => {
  runsToExit(`
    const sockets = [];
    const mute = net.createServer((s) => sockets.push(s)); // accepts, never answers the upgrade
    await new Promise((r) => mute.listen(0, '127.0.0.1', r));
    const { client } = startClient('ws://127.0.0.1:' + mute.address().port);
    await waitFor(() => sockets.length === 1, 'tcp connection');
    await client.stop();
    for (const s of sockets) s.destroy();
    await new Promise((r) => mute.close(r));
  `);
});
