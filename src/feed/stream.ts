/**
 * Streaming counterpart of containers.ts for files of any size (a Bybit day
 * archive inflates to gigabytes): yields decompressed whole-line chunks of a few
 * MiB, one part (file or zip entry) after another, never the whole file. Same
 * rules: content decides the container; a damaged gzip or zip keeps every complete
 * line before the damage and reports one problem; a partial last line is dropped
 * with the damage.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { Unzip, UnzipInflate } from 'fflate';

/** A chunk of whole lines of `part`, or a problem found in it. */
export type StreamItem =
  | { part: string; bytes: Buffer; first: boolean }
  | { part: string; problem: string };

const CHUNK_BYTES = 4 << 20;

/** Streams one input file as whole-line chunks. */
export async function* streamFile(path: string): AsyncGenerator<StreamItem> {
  const head = Buffer.alloc(4);
  const fh = await open(path, 'r');
  const { bytesRead } = await fh.read(head, 0, 4, 0);
  await fh.close();
  if (bytesRead >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    yield* lines(path, createReadStream(path, { highWaterMark: CHUNK_BYTES }).pipe(createGunzip({ chunkSize: 1 << 20 })), 'gzip stream is damaged');
  } else if (bytesRead === 4 && head.readUInt32LE(0) === 0x04034b50) {
    yield* unzipped(path);
  } else {
    yield* lines(path, createReadStream(path, { highWaterMark: CHUNK_BYTES }), 'read failed');
  }
}

/** Re-chunks a byte stream at line ends; a stream error keeps complete lines and reports. */
async function* lines(part: string, source: AsyncIterable<Buffer>, what: string): AsyncGenerator<StreamItem> {
  const split = new LineSplitter(part);
  try {
    for await (const chunk of source) {
      const out = split.push(chunk);
      if (out) yield out;
    }
  } catch (err) {
    yield { part, problem: `${what} (${(err as Error).message}); kept ${split.emitted} bytes of complete lines` };
    return;
  }
  const rest = split.end();
  if (rest) yield rest;
}

/** Zip entries in archive order, each inflated as it streams in. */
async function* unzipped(path: string): AsyncGenerator<StreamItem> {
  const queue: StreamItem[] = [];
  const splitters = new Map<string, LineSplitter>();
  let failure: string | undefined;
  const uz = new Unzip((file) => {
    if (file.name.endsWith('/')) return;
    const part = `${path}!${file.name}`;
    const split = new LineSplitter(part);
    splitters.set(part, split);
    file.ondata = (err, data, final) => {
      if (err) { failure ??= `${part}: ${err.message}`; return; }
      const out = split.push(Buffer.from(data.buffer, data.byteOffset, data.length));
      if (out) queue.push(out);
      if (final) { const rest = split.end(); if (rest) queue.push(rest); splitters.delete(part); }
    };
    file.start();
  });
  uz.register(UnzipInflate);
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
      uz.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
      yield* queue.splice(0);
      if (failure) break;
    }
    if (!failure) uz.push(new Uint8Array(0), true);
  } catch (err) {
    failure ??= (err as Error).message;
  }
  yield* queue.splice(0);
  // An entry that never reached its end was cut short.
  for (const part of splitters.keys()) failure ??= `${part} ends early`;
  if (failure) yield { part: path, problem: `zip archive is damaged (${failure}); complete lines before the damage were kept` };
}

/** Holds the partial last line of a chunk until the next one completes it. */
class LineSplitter {
  private tail: Buffer = Buffer.alloc(0);
  private sentFirst = false;
  /** Bytes of complete lines handed out so far. */
  emitted = 0;
  constructor(private readonly part: string) {}

  push(chunk: Buffer): StreamItem | undefined {
    const buf = this.tail.length ? Buffer.concat([this.tail, chunk]) : chunk;
    const cut = buf.lastIndexOf(10);
    if (cut < 0) { this.tail = buf; return undefined; }
    this.tail = Buffer.from(buf.subarray(cut + 1));
    return this.item(buf.subarray(0, cut + 1));
  }

  /** The last line when the part ended cleanly without a newline. */
  end(): StreamItem | undefined {
    const rest = this.tail;
    this.tail = Buffer.alloc(0);
    return rest.length ? this.item(rest) : undefined;
  }

  private item(bytes: Buffer): StreamItem {
    const first = !this.sentFirst;
    this.sentFirst = true;
    this.emitted += bytes.length;
    return { part: this.part, bytes, first };
  }
}
