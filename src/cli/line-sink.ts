/**
 * Line output of the commands that write rows or frames: stdout through
 * process.stdout (a pipe may take only part of a raw write, and `| head` must end
 * quietly: src/cli/stdout.ts), or a file in whole synchronous writes. Lines are
 * text, or bytes when they must go out exactly as stored (raw frames).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { UsageError } from '../errors.js';
import './stdout.js';

const FLUSH_BYTES = 1 << 20;

export class LineSink {
  private parts: Array<string | Uint8Array> = [];
  private size = 0;
  private bytesSeen = false;

  private constructor(private readonly fd: number | undefined) {}

  /** Lines to the file `out`, or to stdout when it is undefined. */
  static open(out: string | undefined): LineSink {
    if (out === undefined) return new LineSink(undefined);
    try {
      return new LineSink(openSync(out, 'w'));
    } catch (err) {
      throw new UsageError(`cannot write ${out}: ${(err as Error).message}`);
    }
  }

  /** Adds one line (the newline is added here). */
  line(s: string | Uint8Array): void {
    if (typeof s !== 'string') this.bytesSeen = true;
    this.parts.push(s, '\n');
    this.size += s.length + 1;
    if (this.size >= FLUSH_BYTES) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    const data = this.bytesSeen
      ? Buffer.concat(this.parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)))
      : Buffer.from((this.parts as string[]).join(''));
    this.parts = [];
    this.size = 0;
    this.bytesSeen = false;
    if (this.fd === undefined) process.stdout.write(data);
    else for (let off = 0; off < data.length;) off += writeSync(this.fd, data, off);
  }

  /** Flushes and closes the file (stdout stays open). */
  close(): void {
    try {
      this.flush();
    } finally {
      if (this.fd !== undefined) closeSync(this.fd);
    }
  }
}
