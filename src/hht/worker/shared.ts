/**
 * The memory the HHT stage (main / pipeline thread) and its worker share: one
 * SharedArrayBuffer, views made once on each side (DESIGN.md §3). No postMessage
 * after start-up; every hand-off is an Atomics store + notify.
 *
 *   control  Int32[CONTROL_WORDS]  status, stop, wake, counters, seqlock versions
 *   error    Uint8[ERROR_BYTES]    UTF-8 message of a worker failure
 *   mid      Float64[ring]         grid samples, sample i at i % ring   (main writes)
 *   grid     Float64[ring]         their grid times, exchange ms          (main writes)
 *   jobs     Int32[jobSlots]       replay: window end (sample count) of job j at j % jobSlots
 *   results  Float64[jobSlots · resultStride]   replay: result of job j at j % jobSlots
 *   latest   Float64[2 · resultStride]          live: double buffer, newest at seq & 1
 * A result record is [window end grid ms, sample count, values… (hhtWindowWidth)].
 *
 * Ownership: main writes mid/grid/jobs and the counters C_SAMPLES, C_SUBMITTED,
 * C_WAKE, C_STOP; the worker writes results/latest, C_DONE, C_LATEST_SEQ, the
 * slot versions, status, backend and error. Counters only grow (int32: 2^31
 * samples is 6.8 years at 100 ms).
 */

export const C_STATUS = 0;
export const C_STOP = 1;
/** Bumped by main after new samples or jobs; the worker sleeps on it. */
export const C_WAKE = 2;
export const C_SAMPLES = 3;
export const C_SUBMITTED = 4;
/** Replay jobs finished; main sleeps on it. */
export const C_DONE = 5;
/** Live results published. */
export const C_LATEST_SEQ = 6;
export const C_BACKEND = 7;
export const C_ERROR_LEN = 8;
/** Seqlock versions of the two live slots: odd while the worker writes the slot. */
export const C_SLOT_VERSION = 9;
export const CONTROL_WORDS = 16;
export const ERROR_BYTES = 2048;

export const STATUS_STARTING = 0, STATUS_READY = 1, STATUS_FAILED = 2, STATUS_STOPPED = 3;
export const BACKEND_CODES = ['ts', 'wasm', 'native'] as const;

/** Result record: window end grid ms, then the sample count S (window = samples S−N … S−1). */
export const R_GRID_MS = 0, R_SAMPLES = 1, R_VALUES = 2;

export interface SharedDims {
  /** Window length N. */
  n: number;
  /** Values per result (hhtWindowWidth(k)). */
  width: number;
  /** Sample ring length (≥ 2N). */
  ring: number;
  /** Replay jobs in flight at most. */
  jobSlots: number;
}

/** Ring and job-queue sizes for a window of n samples. */
export function sharedDims(n: number, width: number): SharedDims {
  let ring = 1;
  while (ring < 4 * n) ring *= 2;
  return { n, width, ring, jobSlots: 64 };
}

/** Typed views over the shared buffer, identical on both threads. */
export class HhtShared {
  readonly control: Int32Array;
  readonly error: Uint8Array;
  readonly mid: Float64Array;
  readonly grid: Float64Array;
  readonly jobs: Int32Array;
  readonly results: Float64Array;
  readonly latest: Float64Array;
  readonly resultStride: number;

  constructor(readonly buffer: SharedArrayBuffer, readonly dims: SharedDims) {
    const { ring, jobSlots, width } = dims;
    this.resultStride = R_VALUES + width;
    let at = 0;
    this.control = new Int32Array(buffer, at, CONTROL_WORDS); at += CONTROL_WORDS * 4;
    this.error = new Uint8Array(buffer, at, ERROR_BYTES); at += ERROR_BYTES;
    this.jobs = new Int32Array(buffer, at, jobSlots); at += jobSlots * 4;
    at = Math.ceil(at / 8) * 8;
    this.mid = new Float64Array(buffer, at, ring); at += ring * 8;
    this.grid = new Float64Array(buffer, at, ring); at += ring * 8;
    this.results = new Float64Array(buffer, at, jobSlots * this.resultStride); at += jobSlots * this.resultStride * 8;
    this.latest = new Float64Array(buffer, at, 2 * this.resultStride);
  }

  /** Bytes a buffer for `dims` needs. */
  static bytes(dims: SharedDims): number {
    const head = Math.ceil((CONTROL_WORDS * 4 + ERROR_BYTES + dims.jobSlots * 4) / 8) * 8;
    return head + (2 * dims.ring + (dims.jobSlots + 2) * (R_VALUES + dims.width)) * 8;
  }

  static create(dims: SharedDims): HhtShared {
    return new HhtShared(new SharedArrayBuffer(HhtShared.bytes(dims)), dims);
  }

  /** Worker side: records a failure (message truncated to ERROR_BYTES) and wakes every waiter. */
  fail(err: unknown): void {
    const text = err instanceof Error ? err.message : String(err);
    const bytes = new TextEncoder().encode(text).subarray(0, ERROR_BYTES);
    this.error.set(bytes);
    Atomics.store(this.control, C_ERROR_LEN, bytes.length);
    Atomics.store(this.control, C_STATUS, STATUS_FAILED);
    for (const w of [C_STATUS, C_DONE]) Atomics.notify(this.control, w);
  }

  /** The failure message the worker left. */
  errorText(): string {
    const len = Atomics.load(this.control, C_ERROR_LEN);
    return new TextDecoder().decode(this.error.slice(0, len));
  }
}
