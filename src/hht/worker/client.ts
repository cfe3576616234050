/**
 * The pipeline thread's handle on the HHT worker: writes grid samples into the
 * shared ring, submits replay jobs, waits for them (replay only) or reads the
 * newest live result without waiting. Owns the Worker and ends it on close().
 *
 * The worker is unref'd once it is ready, so a handle that is never closed cannot
 * keep the process alive; close() also terminates it.
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { BackendName } from '../../book/types.js';
import type { HhtWorkerData } from './thread.js';
import {
  BACKEND_CODES, C_BACKEND, C_DONE, C_LATEST_SEQ, C_SAMPLES, C_SLOT_VERSION, C_STATUS, C_STOP, C_SUBMITTED, C_WAKE,
  HhtShared, STATUS_FAILED, STATUS_READY, type SharedDims,
} from './shared.js';

/** A replay wait gives up when the worker has finished nothing for this long (a dead worker cannot say so). */
export const HHT_STALL_MS = 300_000;

/** How long a stopping worker may take to exit by itself (one window is well under this). */
const STOP_GRACE_MS = 2_000;

export class HhtWorkerClient {
  readonly sh: HhtShared;
  readonly backend: BackendName;
  /** Backends `auto` passed over, with the reason (for a note on stderr). */
  readonly skipped: string[];
  private readonly ctl: Int32Array;
  private readonly dims: SharedDims;
  private samples = 0;
  private submitted = 0;
  /** Window end (sample count) of each job in flight, by slot: the ring must keep those samples. */
  private readonly jobEnds: Int32Array;
  private lastSeq = 0;
  private closed = false;

  private constructor(private readonly worker: Worker, sh: HhtShared, backend: BackendName, skipped: string[]) {
    this.sh = sh;
    this.ctl = sh.control;
    this.dims = sh.dims;
    this.backend = backend;
    this.skipped = skipped;
    this.jobEnds = new Int32Array(this.dims.jobSlots);
  }

  /** Starts a worker and waits until its kernel is open; rejects with the worker's reason. */
  static async start(dims: SharedDims, params: Omit<HhtWorkerData, 'buffer' | 'dims'>): Promise<HhtWorkerClient> {
    const sh = HhtShared.create(dims);
    const data: HhtWorkerData = { buffer: sh.buffer, dims, ...params };
    // A worker inherits the process's flags; --input-type (node -e) would stop it loading its file.
    const execArgv = process.execArgv.filter((f) => !f.startsWith('--input-type'));
    const worker = new Worker(new URL('./thread.js', import.meta.url), { workerData: data, execArgv });
    const failed = once(worker, 'error').then(([err]) => { throw new Error(`HHT worker failed to start: ${(err as Error).message}`); });
    const [msg] = (await Promise.race([once(worker, 'message'), failed])) as [{ ready: boolean; backend?: BackendName; skipped?: string[]; error?: string }];
    if (!msg.ready) {
      await worker.terminate();
      throw new Error(`HHT worker could not open the ${params.backend} kernel: ${msg.error}`);
    }
    worker.unref();
    return new HhtWorkerClient(worker, sh, BACKEND_CODES[Atomics.load(sh.control, C_BACKEND)]!, msg.skipped ?? []);
  }

  /** Samples written so far. */
  get sampleCount(): number { return this.samples; }
  /** Replay jobs submitted so far (the next job's number). */
  get jobCount(): number { return this.submitted; }

  /**
   * Writes the next grid sample. In replay, first waits until no job in flight
   * still needs the ring slot it overwrites; live never waits (the worker checks
   * for a lapped window instead). Call wake() after a run of samples.
   */
  pushSample(gridMs: number, mid: number, replay: boolean): void {
    const i = this.samples;
    const { ring, n, jobSlots } = this.dims;
    if (replay) {
      for (;;) {
        const done = Atomics.load(this.ctl, C_DONE);
        if (done === this.submitted || i - ring < this.jobEnds[done % jobSlots]! - n) break;
        this.waitDone(done);
      }
    }
    this.sh.mid[i % ring] = mid;
    this.sh.grid[i % ring] = gridMs;
    this.samples = i + 1;
    Atomics.store(this.ctl, C_SAMPLES, this.samples);
  }

  /** Lets the worker see what was written since the last wake. */
  wake(): void {
    Atomics.add(this.ctl, C_WAKE, 1);
    Atomics.notify(this.ctl, C_WAKE);
  }

  /** Replay: queues the window ending at the current sample count; the caller keeps < jobSlots unread. Returns its job number. */
  submit(): number {
    const j = this.submitted;
    this.jobEnds[j % this.dims.jobSlots] = this.samples;
    this.sh.jobs[j % this.dims.jobSlots] = this.samples;
    this.submitted = j + 1;
    Atomics.store(this.ctl, C_SUBMITTED, this.submitted);
    this.wake();
    return j;
  }

  /** Replay: blocks until job j is finished; returns the offset of its result record in sh.results. */
  awaitJob(j: number): number {
    for (;;) {
      const done = Atomics.load(this.ctl, C_DONE);
      if (done > j) return (j % this.dims.jobSlots) * this.sh.resultStride;
      this.waitDone(done);
    }
  }

  /**
   * Live: copies the newest published result into `out` (resultStride values)
   * when there is one newer than the last copied; never blocks. Returns true when
   * `out` changed.
   */
  readLatest(out: Float64Array): boolean {
    const seq = Atomics.load(this.ctl, C_LATEST_SEQ);
    if (seq === this.lastSeq) return false;
    const stride = this.sh.resultStride;
    for (let attempt = 0; attempt < 4; attempt++) {
      const slot = Atomics.load(this.ctl, C_LATEST_SEQ) & 1;
      const v = Atomics.load(this.ctl, C_SLOT_VERSION + slot);
      if ((v & 1) !== 0) continue;
      for (let i = 0; i < stride; i++) out[i] = this.sh.latest[slot * stride + i]!;
      if (Atomics.load(this.ctl, C_SLOT_VERSION + slot) === v) { this.lastSeq = seq; return true; }
    }
    return false; // the worker lapped us four times; the next row tries again
  }

  /**
   * Stops the worker (idempotent); it is unref'd, so the process never waits on it.
   * The worker is asked to stop and left to leave its loop, close its kernel and
   * exit by itself: terminating a thread while it is inside a native call can
   * abort the whole process (an N-API call in a terminating environment is fatal:
   * seen once in CI as "Error::ThrowAsJavaScriptException napi_throw"). Only a
   * worker still running after STOP_GRACE_MS is terminated.
   */
  close(): Promise<number> {
    if (this.closed) return Promise.resolve(0);
    this.closed = true;
    Atomics.store(this.ctl, C_STOP, 1);
    this.wake();
    return new Promise<number>((resolve) => {
      const timer = setTimeout(() => { void this.worker.terminate().then(resolve, () => resolve(1)); }, STOP_GRACE_MS);
      timer.unref();
      this.worker.once('exit', (code) => { clearTimeout(timer); resolve(code); });
    });
  }

  private waitDone(seen: number): void {
    this.checkAlive();
    if (Atomics.wait(this.ctl, C_DONE, seen, HHT_STALL_MS) === 'timed-out') {
      throw new Error(`HHT worker finished no window in ${HHT_STALL_MS / 1000} s (job ${seen} of ${this.submitted}): it has died or hangs`);
    }
    this.checkAlive();
  }

  private checkAlive(): void {
    const s = Atomics.load(this.ctl, C_STATUS);
    if (s === STATUS_FAILED) throw new Error(`HHT worker failed: ${this.sh.errorText()}`);
    if (s !== STATUS_READY) throw new Error('HHT worker has stopped');
  }
}
