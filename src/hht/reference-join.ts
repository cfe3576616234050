/**
 * The replay rows of the HHT stage, computed on the calling thread: the readable
 * statement of what each row carries (the window of the last N grid samples
 * closed before the row's ts), with no worker, ring or job queue. The worker
 * stage (stage.ts) must give the same bytes for the same kernel backend.
 */
import type { BackendName } from '../book/types.js';
import type { HhtKernel } from './kernel.js';
import { RowJoinBase, type HhtJoin, type HhtStageOptions } from './stage.js';
import { HhtWindowFeatures } from './window-features.js';
import { openHhtKernel } from './worker/open-kernel.js';
import { R_GRID_MS, R_VALUES } from './worker/shared.js';

export class HhtReferenceJoin extends RowJoinBase implements HhtJoin {
  readonly backend: BackendName;
  private readonly kernel: HhtKernel;
  private readonly features: HhtWindowFeatures;
  /** Every grid sample so far (a test-sized history; the stage keeps a ring). */
  private readonly mids: number[] = [];
  private readonly grids: number[] = [];
  private readonly window: Float64Array;
  private readonly result: Float64Array;
  private resultEnd = -1;

  constructor(inStride: number, opts: HhtStageOptions) {
    super(inStride, opts);
    this.kernel = openHhtKernel(opts.backend, opts.n);
    this.backend = this.kernel.backend;
    this.features = new HhtWindowFeatures(this.kernel, { k: opts.k, sampleMs: opts.sampleMs, mode: opts.mode });
    this.window = new Float64Array(opts.n);
    this.result = new Float64Array(R_VALUES + this.width);
  }

  join(rows: Float64Array, count: number): Float64Array {
    const out = this.output(count);
    const n = this.opts.n;
    for (let i = 0; i < count; i++) {
      this.sampler.push(this.ts(rows, i), this.mid(rows, i), (g, m) => { this.grids.push(g); this.mids.push(m); });
      const end = this.mids.length;
      if (end >= n && end !== this.resultEnd) {
        for (let j = 0; j < n; j++) this.window[j] = this.mids[end - n + j]!;
        this.result[R_GRID_MS] = this.grids[end - 1]!;
        this.features.compute(this.window, this.result, R_VALUES);
        this.resultEnd = end;
      }
      this.writeRow(out, rows, i, end >= n ? this.result : undefined);
    }
    return out;
  }

  close(): void {
    this.kernel.close();
  }
}
