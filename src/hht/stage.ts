/**
 * The HHT feature stage: takes the feature kernel's rows, samples their mid on the
 * fixed clock (grid-sampler.ts), and returns the same rows with the HHT columns
 * appended (registry hhtFeatureDefs(k)). Two timings, one set of definitions:
 *
 * replay (features command, ingest, recompute): the row at ts t carries the
 *   decomposition of the window ending at the last grid time < t, always — the
 *   stage waits for the worker to finish exactly that window, so output is
 *   deterministic and causal. Windows are submitted ahead while scanning the
 *   batch, so the worker computes while the stage copies rows.
 * live: the stage never waits; each row carries the newest window the worker has
 *   finished, and `hht_age_ms` says how old its last sample is.
 *
 * Every row before the first full window (N samples) has NaN HHT columns.
 * HhtReferenceJoin (reference-join.ts) computes the replay rows on the calling
 * thread; the tests hold this stage to it.
 */
import type { BackendName } from '../book/types.js';
import { FEATURE_INDEX, hhtFeatureDefs } from '../features/registry.js';
import { ROW_FEATURES, ROW_TS_MS } from '../layout/feature-row.js';
import { UsageError } from '../errors.js';
import { GridSampler } from './grid-sampler.js';
import type { EmdMode } from './modes.js';
import { hhtWindowWidth } from './window-features.js';
import { HhtWorkerClient } from './worker/client.js';
import type { HhtBackendChoice } from './worker/open-kernel.js';
import { R_GRID_MS, R_VALUES, sharedDims } from './worker/shared.js';

/** What decides the HHT columns (config features.hht without `enabled`). */
export interface HhtStageOptions {
  sampleMs: number;
  n: number;
  k: number;
  mode: EmdMode;
  backend: HhtBackendChoice;
}

/** Appends HHT columns to feature rows. */
export interface HhtJoin {
  /** HHT columns appended to each row. */
  readonly columns: number;
  /** f64 slots per output row: the input stride + columns. */
  readonly outStride: number;
  readonly backend: BackendName;
  /** Rows [0, count) of `rows` with the HHT columns appended; valid until the next call. */
  join(rows: Float64Array, count: number): Float64Array;
  close(): void;
}

/** Column of mid_px in a kernel row. */
const MID_COL = ROW_FEATURES + FEATURE_INDEX.mid_px!;

/** The output buffer and the row copy shared by every join. */
export abstract class RowJoinBase {
  readonly columns: number;
  readonly outStride: number;
  protected readonly width: number;
  protected readonly sampler: GridSampler;
  private out = new Float64Array(0);

  constructor(readonly inStride: number, readonly opts: HhtStageOptions) {
    this.width = hhtWindowWidth(opts.k);
    this.columns = hhtFeatureDefs(opts.k).length;
    this.outStride = inStride + this.columns;
    this.sampler = new GridSampler(opts.sampleMs);
  }

  protected output(count: number): Float64Array {
    if (this.out.length < count * this.outStride) this.out = new Float64Array(Math.max(count, 64) * this.outStride);
    return this.out;
  }

  /**
   * Copies input row i and appends result record `res` (NaN columns when res is
   * undefined). Both copies are `set` from views made once (per row index, and per
   * result array): a memcpy, where an element loop took ~0.3 µs of the live path's
   * ~0.4 µs per book message, and no object per message.
   */
  protected writeRow(out: Float64Array, rows: Float64Array, i: number, res: Float64Array | undefined): void {
    const o = i * this.outStride, h = o + this.inStride;
    out.set(this.rowView(rows, i), o);
    if (!res) { out.fill(NaN, h, h + this.columns); return; }
    if (res !== this.valuesOf) { this.valuesOf = res; this.values = res.subarray(R_VALUES, R_VALUES + this.width); }
    out.set(this.values!, h);
    out[h + this.width] = rows[i * this.inStride + ROW_TS_MS]! - res[R_GRID_MS]!;
  }

  private rowsOf: Float64Array | undefined;
  private rowViews: Float64Array[] = [];
  private valuesOf: Float64Array | undefined;
  private values: Float64Array | undefined;

  private rowView(rows: Float64Array, i: number): Float64Array {
    if (rows !== this.rowsOf) { this.rowsOf = rows; this.rowViews = []; }
    return this.rowViews[i] ??= rows.subarray(i * this.inStride, (i + 1) * this.inStride);
  }

  protected mid(rows: Float64Array, i: number): number {
    return rows[i * this.inStride + MID_COL]!;
  }

  protected ts(rows: Float64Array, i: number): number {
    return rows[i * this.inStride + ROW_TS_MS]!;
  }
}

/**
 * Live: an idle worker looks for new samples this often (ms), a quarter of the
 * grid interval within [1, 25]: a new sample waits at most that long, and the
 * book path never pays for a notify (a system call when the worker sleeps).
 */
export function livePollMs(sampleMs: number): number {
  return Math.max(1, Math.min(25, Math.floor(sampleMs / 4)));
}

/**
 * Starts the worker and returns the replay (default) or live stage. A worker
 * that cannot start (no such backend built, a bad window size) is a setting
 * the user has to change: a UsageError naming features.hht.
 */
export async function startHhtStage(inStride: number, opts: HhtStageOptions, live = false): Promise<HhtStage> {
  let client: HhtWorkerClient;
  try {
    client = await HhtWorkerClient.start(sharedDims(opts.n, hhtWindowWidth(opts.k)), {
      k: opts.k, sampleMs: opts.sampleMs, mode: opts.mode, backend: opts.backend, live, pollMs: livePollMs(opts.sampleMs),
    });
  } catch (err) {
    throw new UsageError(`features.hht: ${(err as Error).message}`);
  }
  return new HhtStage(client, inStride, opts, live);
}

/** The worker-backed stage (see the file comment). */
export class HhtStage extends RowJoinBase implements HhtJoin {
  readonly backend: BackendName;
  /** Job each row of the current batch reads (−1: no full window yet). */
  private rowJob = new Int32Array(0);
  /** Job whose result is in `current` (−1: none), and that result record. */
  private currentJob = -1;
  private readonly current: Float64Array;
  private hasCurrent = false;
  /** Sample count of the last submitted window. */
  private lastJobEnd = -1;
  private lastJob = -1;

  constructor(readonly client: HhtWorkerClient, inStride: number, opts: HhtStageOptions, readonly live: boolean) {
    super(inStride, opts);
    this.backend = client.backend;
    this.current = new Float64Array(client.sh.resultStride);
  }

  join(rows: Float64Array, count: number): Float64Array {
    const out = this.output(count);
    if (this.live) this.joinLive(rows, count, out);
    else this.joinReplay(rows, count, out);
    return out;
  }

  close(): void {
    void this.client.close();
  }

  private readonly emitReplay = (g: number, m: number): void => this.client.pushSample(g, m, true);
  private readonly emitLive = (g: number, m: number): void => this.client.pushSample(g, m, false);

  private joinLive(rows: Float64Array, count: number, out: Float64Array): void {
    // No wake: the live worker polls (livePollMs), so this path makes no system call.
    for (let i = 0; i < count; i++) {
      this.sampler.push(this.ts(rows, i), this.mid(rows, i), this.emitLive);
      if (this.client.readLatest(this.current)) this.hasCurrent = true;
      this.writeRow(out, rows, i, this.hasCurrent ? this.current : undefined);
    }
  }

  private joinReplay(rows: Float64Array, count: number, out: Float64Array): void {
    if (this.rowJob.length < count) this.rowJob = new Int32Array(count);
    const slots = this.client.sh.dims.jobSlots;
    let scan = 0;
    for (let i = 0; i < count; i++) {
      // Scan ahead: sample rows and submit their windows while result slots are free
      // (jobs after currentJob are unread; row i itself always fits, its job is the last read).
      while (scan < count && (scan <= i || this.lastJob - this.currentJob < slots)) {
        this.sampler.push(this.ts(rows, scan), this.mid(rows, scan), this.emitReplay);
        const end = this.sampler.samples;
        if (end >= this.opts.n && end !== this.lastJobEnd) {
          this.lastJob = this.client.submit();
          this.lastJobEnd = end;
        }
        this.rowJob[scan] = end >= this.opts.n ? this.lastJob : -1;
        scan++;
      }
      const j = this.rowJob[i]!;
      if (j >= 0 && j !== this.currentJob) {
        const at = this.client.awaitJob(j);
        this.current.set(this.client.sh.results.subarray(at, at + this.current.length));
        this.currentJob = j;
      }
      this.writeRow(out, rows, i, j >= 0 ? this.current : undefined);
    }
  }
}

/** The stage options of config features.hht, or undefined when HHT is off. */
export function hhtStageOptions(c: { enabled: boolean } & HhtStageOptions): HhtStageOptions | undefined {
  return c.enabled ? { sampleMs: c.sampleMs, n: c.n, k: c.k, mode: c.mode, backend: c.backend } : undefined;
}
