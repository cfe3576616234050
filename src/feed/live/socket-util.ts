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

/** What a client does with its socket's events (each call already guarded by the client). */
export interface SocketHandlers {
  opened(ws: WebSocket): void;
  received(ws: WebSocket, data: WebSocket.RawData): void;
  /** The socket closed; `reason` says why (the last error if there was one). */
  dropped(ws: WebSocket, reason: string): void;
}

/**
 * Opens `url` with the live clients' common wiring: errors are remembered and
 * reported as the close reason, every callback runs inside `guard` (callbacks
 * never throw into ws). Returns the socket, or the constructor's error message.
 */
export function openSocket(url: string, handshakeTimeoutMs: number, guard: (f: () => void) => void, h: SocketHandlers): WebSocket | string {
  let ws: WebSocket;
  try {
    ws = new WebSocket(url, { handshakeTimeout: handshakeTimeoutMs });
  } catch (err) {
    return (err as Error).message;
  }
  let error = '';
  ws.on('error', (err) => { error = err.message; });
  ws.on('open', () => guard(() => h.opened(ws)));
  ws.on('message', (data) => guard(() => h.received(ws, data)));
  ws.on('close', (code, why) => guard(() => h.dropped(ws, error ? `error: ${error}` : `closed ${code} ${why.toString()}`.trim())));
  return ws;
}
