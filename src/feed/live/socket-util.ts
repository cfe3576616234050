/** Small `ws` helpers for the live clients: quiet teardown and payload bytes. */
import WebSocket from 'ws';

const noop = (): void => {};

/** Detaches our listeners and kills the socket now; a late 'error' is swallowed. */
export function terminateQuietly(ws: WebSocket): void {
  ws.removeAllListeners();
  ws.on('error', noop);
  ws.terminate();
}

/** Closing handshake (code 1000) if open, else terminate; resolves once closed or after `timeoutMs`. */
export function closeQuietly(ws: WebSocket, timeoutMs: number): Promise<void> {
  ws.removeAllListeners();
  ws.on('error', noop);
  if (ws.readyState !== WebSocket.OPEN) {
    ws.terminate();
    return Promise.resolve();
  }
  return new Promise<void>((resolve) => {
    const t = setTimeout(() => { ws.terminate(); resolve(); }, timeoutMs);
    ws.once('close', () => { clearTimeout(t); resolve(); });
    ws.close(1000, 'client stop');
  });
}

/** One message's payload as a single Buffer (no copy in the usual 'nodebuffer' case). */
export function payloadBytes(data: WebSocket.RawData): Buffer {
  return Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

/** Sends if open; false otherwise (ws.send on a closed socket would report an error). */
export function sendIfOpen(ws: WebSocket | null, text: string): boolean {
  if (!ws || ws.readyState !== WebSocket.OPEN) return false;
  ws.send(text, noop);
  return true;
}
