/**
 * Live recording into a store: Bybit public WebSocket frames (BybitLiveClient) →
 * recording lines `<receive ns, 19 digits> <frame>` → the ingest path, unchanged.
 * One recording session is one source (its digest names the session, not
 * content); its frames and the feature rows they produce are committed together,
 * one transaction per batch, like any ingest: every `batchFrames` frames or every
 * `flushMs`, whichever comes first. So a kill loses at most the frames received
 * since the last commit, and the store is a consistent prefix; the next writer
 * marks the session killed (store.ts closeDeadRecordings). A restart records a
 * new session (a new source with a fresh book, starting from a snapshot).
 *
 *   client.onFrame ─► LiveFrameQueue (lines, flushed as StreamItems) ─► ingest()
 *                                                   FeaturePass: parse → book → features → l2_features
 */
import { createHash, randomUUID } from 'node:crypto';
import { BybitLiveClient } from '../feed/live/bybit-client.js';
import type { BybitLiveInit, LiveEvent, LiveStats } from '../feed/live/types.js';
import type { StreamItem } from '../feed/stream.js';
import type { FeatureSettings, Reporter } from './feature-pass.js';
import { ingest, type IngestOutcome } from './ingest.js';
import { RECEIVE_TIME_DIGITS } from './layout.js';
import type { IngestRun, RecordingInfo } from './schema.js';
import type { Store } from './store.js';

const NL = 10;
const CR = 13;
const SPACE = 32;

/**
 * Frames pushed by the live client, handed out as whole-line chunks. A frame's
 * CR and LF bytes become spaces (JSON allows no raw line breaks inside strings,
 * so a valid frame means the same), keeping one frame per line.
 */
export class LiveFrameQueue implements AsyncIterable<StreamItem> {
  /** Frames pushed so far. */
  frames = 0;
  /** Frames dropped for being blank. */
  blank = 0;
  private buf = Buffer.allocUnsafe(1 << 16);
  private len = 0;
  private pending = 0;
  private readonly ready: StreamItem[] = [];
  private wake: (() => void) | undefined;
  private ended = false;
  private first = true;

  /** `part` names the chunks (reject messages, the source's parts); a chunk is flushed at `maxFrames` frames. */
  constructor(readonly part: string, private readonly maxFrames: number, private readonly onFirstFrame: () => void = () => {}) {}

  /** Appends one frame with its receive time (ns); flushes a full chunk. */
  push(frame: Buffer | string, recvTsNs: bigint): void {
    if (this.ended) return;
    const bytes = typeof frame === 'string' ? Buffer.from(frame, 'utf8') : frame;
    if (isBlank(bytes)) { this.blank++; return; }
    const need = this.len + RECEIVE_TIME_DIGITS + 2 + bytes.length;
    if (need > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
      this.buf.copy(grown, 0, 0, this.len);
      this.buf = grown;
    }
    const b = this.buf;
    this.len += b.write(`${recvTsNs.toString().padStart(RECEIVE_TIME_DIGITS, '0')} `, this.len, 'latin1');
    const start = this.len;
    this.len += bytes.copy(b, start);
    for (let i = start; i < this.len; i++) if (b[i] === NL || b[i] === CR) b[i] = SPACE;
    b[this.len++] = NL;
    this.pending++;
    if (this.frames++ === 0) this.onFirstFrame();
    if (this.pending >= this.maxFrames) this.flush();
  }

  /** Hands the frames pushed since the last flush to the consumer (a copy: the buffer is reused). */
  flush(): void {
    if (this.len === 0) return;
    this.ready.push({ part: this.part, bytes: Buffer.from(this.buf.subarray(0, this.len)), first: this.first });
    this.first = false;
    this.len = 0;
    this.pending = 0;
    this.notify();
  }

  /** Flushes and ends the stream; later pushes are ignored. */
  end(): void {
    this.flush();
    this.ended = true;
    this.notify();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<StreamItem> {
    for (;;) {
      const item = this.ready.shift();
      if (item) { yield item; continue; }
      if (this.ended) return;
      await new Promise<void>((r) => { this.wake = r; });
    }
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }
}

function isBlank(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== SPACE && b[i] !== 9 && b[i] !== NL && b[i] !== CR) return false;
  return true;
}

export interface RecordRequest {
  /** WebSocket client options: url, symbol, depth, timings (trades are always subscribed). */
  client: Omit<BybitLiveInit, 'trades'>;
  settings: FeatureSettings;
  calibrationSha256: string | null;
  /** Frames per transaction at most. */
  batchFrames: number;
  /** Longest time a received frame waits for its commit, ms. */
  flushMs: number;
  report: Reporter;
  onEvent?: (e: LiveEvent) => void;
  /** Wall clock (session start, commit times). */
  now?: () => Date;
}

/** What the recorder has done so far. */
export interface RecorderStats {
  /** Frames received (pushed to the queue). */
  frames: number;
  /** Frames and feature rows committed to the store. */
  committedFrames: number;
  rows: number;
  /** The session's source number, once its first frame arrived. */
  sourceNo: number | undefined;
  live: LiveStats;
}

/** Records one session into `store` (opened as a writer) from start() until stop(). */
export class Recorder {
  readonly client: BybitLiveClient;
  /** Settles when the session's ingest ends: after stop(), or on a write failure (rejects). */
  readonly done: Promise<IngestOutcome | undefined>;
  private readonly queue: LiveFrameQueue;
  private readonly info: RecordingInfo;
  private readonly now: () => Date;
  private flushTimer: NodeJS.Timeout | undefined;
  private committed = { frames: 0, rows: 0 };
  private sourceNo: number | undefined;
  private settle!: { resolve: (o: IngestOutcome | undefined) => void; reject: (e: unknown) => void };
  private started = false;

  constructor(private readonly store: Store, private readonly req: RecordRequest) {
    this.now = req.now ?? (() => new Date());
    this.done = new Promise((resolve, reject) => { this.settle = { resolve, reject }; });
    this.client = new BybitLiveClient({ ...req.client, trades: true, onFrame: (f, t) => this.queue.push(f, t), onEvent: req.onEvent });
    const startedAt = this.now().toISOString();
    this.info = {
      url: this.client.options.url, symbol: this.client.options.symbol, depth: this.client.options.depth,
      topics: [this.client.topics.book, this.client.topics.trade], pid: process.pid, startedAt, end: 'running', lastCommitAt: startedAt,
      bytes: 0, reconnects: 0, resubscribes: 0, gaps: 0, malformed: 0,
    };
    this.queue = new LiveFrameQueue(`live ${this.info.url} ${this.info.symbol} from ${startedAt}`, req.batchFrames, () => this.begin());
  }

  /** Connects; the session's source is created when the first frame arrives. */
  start(): void {
    this.client.start();
    this.flushTimer = setInterval(() => this.queue.flush(), this.req.flushMs);
  }

  stats(): RecorderStats {
    return { frames: this.queue.frames, committedFrames: this.committed.frames, rows: this.committed.rows, sourceNo: this.sourceNo, live: this.client.stats() };
  }

  /** Disconnects, commits every frame received and closes the session; resolves to its outcome (undefined: no frame ever arrived). */
  async stop(): Promise<IngestOutcome | undefined> {
    clearInterval(this.flushTimer);
    await this.client.stop();
    this.queue.end();
    if (!this.started) this.settle.resolve(undefined);
    return this.done;
  }

  private begin(): void {
    this.started = true;
    const digest = createHash('sha256').update(`record\n${this.info.url}\n${this.info.symbol}\n${this.info.startedAt}\n${process.pid}\n${randomUUID()}`).digest('hex');
    ingest(this.store, {
      source: { files: [], digest }, items: this.queue, settings: this.req.settings, calibrationSha256: this.req.calibrationSha256,
      batchFrames: this.req.batchFrames, report: this.req.report, recording: this.info,
      annotate: (run) => this.annotate(run),
      onProgress: (p) => { this.committed = { frames: p.frames, rows: p.rows }; },
    }).then((o) => this.settle.resolve(o), (err: unknown) => this.settle.reject(err));
  }

  /** The live counters, written with every commit of the session's record. */
  private annotate(run: IngestRun): void {
    this.sourceNo = run.sourceNo;
    const s = this.client.stats();
    const rec = run.recording ?? this.info;
    rec.bytes = s.bytes;
    rec.reconnects = s.reconnects;
    rec.resubscribes = s.resubscribes;
    rec.gaps = s.gaps;
    rec.malformed = s.malformed;
    rec.lastCommitAt = this.now().toISOString();
    rec.end = run.status === 'complete' ? 'stopped' : 'running';
    run.recording = rec;
  }
}
