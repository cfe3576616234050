/**
 * The HHT worker thread: opens one HHT kernel, then loops until told to stop,
 * sleeping in Atomics.wait on the wake word whenever there is nothing to do.
 *
 * replay  decomposes every submitted job in order (the window ending at the job's
 *         sample count) into the job's result slot and bumps C_DONE.
 * live    decomposes the window ending at the newest sample only, skipping any
 *         it fell behind on, and publishes it in the double buffer (seqlock).
 *         The book path never notifies (no system call on it): the worker
 *         looks for new samples every pollMs while idle.
 * Failures are written to the shared error area (HhtShared.fail): the pipeline
 * thread may be blocked in Atomics.wait and cannot receive an 'error' event.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { HhtWindowFeatures } from '../window-features.js';
import type { HhtKernel } from '../kernel.js';
import { openHhtKernel, type HhtBackendChoice } from './open-kernel.js';
import {
  BACKEND_CODES, C_BACKEND, C_DONE, C_LATEST_SEQ, C_SAMPLES, C_SLOT_VERSION, C_STATUS, C_STOP, C_SUBMITTED, C_WAKE,
  HhtShared, R_GRID_MS, R_SAMPLES, R_VALUES, STATUS_READY, STATUS_STOPPED, type SharedDims,
} from './shared.js';
import type { EmdMode } from '../modes.js';

/** What the stage passes in workerData. */
export interface HhtWorkerData {
  buffer: SharedArrayBuffer;
  dims: SharedDims;
  k: number;
  sampleMs: number;
  mode: EmdMode;
  backend: HhtBackendChoice;
  live: boolean;
  /** Live: how long an idle worker sleeps before looking for new samples (ms). */
  pollMs: number;
}

const data = workerData as HhtWorkerData;
const sh = new HhtShared(data.buffer, data.dims);
const ctl = sh.control;
const { n, ring, jobSlots } = data.dims;
const window = new Float64Array(n);
let kernel: HhtKernel | undefined;

process.on('exit', () => {
  if (Atomics.load(ctl, C_STATUS) === STATUS_READY) Atomics.store(ctl, C_STATUS, STATUS_STOPPED);
  Atomics.notify(ctl, C_DONE);
});

try {
  const tried: string[] = [];
  kernel = openHhtKernel(data.backend, n, tried);
  Atomics.store(ctl, C_BACKEND, BACKEND_CODES.indexOf(kernel.backend));
  Atomics.store(ctl, C_STATUS, STATUS_READY);
  parentPort!.postMessage({ ready: true, backend: kernel.backend, skipped: tried });
  run(new HhtWindowFeatures(kernel, { k: data.k, sampleMs: data.sampleMs, mode: data.mode }));
  Atomics.store(ctl, C_STATUS, STATUS_STOPPED);
} catch (err) {
  sh.fail(err);
  parentPort!.postMessage({ ready: false, error: err instanceof Error ? err.message : String(err) });
} finally {
  kernel?.close();
}

function run(features: HhtWindowFeatures): void {
  let lastLive = -1;
  for (;;) {
    const wake = Atomics.load(ctl, C_WAKE);
    if (Atomics.load(ctl, C_STOP) !== 0) return;
    const worked = data.live ? liveStep() : replayStep();
    if (!worked) Atomics.wait(ctl, C_WAKE, wake, data.live ? data.pollMs : Infinity);
  }

  function replayStep(): boolean {
    const done = Atomics.load(ctl, C_DONE);
    if (done === Atomics.load(ctl, C_SUBMITTED)) return false;
    const end = sh.jobs[done % jobSlots]!;
    copyWindow(end);
    const o = (done % jobSlots) * sh.resultStride;
    sh.results[o + R_GRID_MS] = sh.grid[(end - 1) % ring]!;
    sh.results[o + R_SAMPLES] = end;
    features.compute(window, sh.results, o + R_VALUES);
    Atomics.store(ctl, C_DONE, done + 1);
    Atomics.notify(ctl, C_DONE);
    return true;
  }

  function liveStep(): boolean {
    const end = Atomics.load(ctl, C_SAMPLES);
    if (end < n || end === lastLive) return false;
    copyWindow(end);
    const gridMs = sh.grid[(end - 1) % ring]!;
    // The pipeline kept writing while we copied: if it lapped the window's start, copy again.
    if (Atomics.load(ctl, C_SAMPLES) - (end - n) > ring) return true;
    lastLive = end;
    const seq = Atomics.load(ctl, C_LATEST_SEQ) + 1;
    const slot = seq & 1;
    const o = slot * sh.resultStride;
    Atomics.add(ctl, C_SLOT_VERSION + slot, 1); // odd: being written
    sh.latest[o + R_GRID_MS] = gridMs;
    sh.latest[o + R_SAMPLES] = end;
    features.compute(window, sh.latest, o + R_VALUES);
    Atomics.add(ctl, C_SLOT_VERSION + slot, 1); // even: complete
    Atomics.store(ctl, C_LATEST_SEQ, seq);
    return true;
  }
}

/** Samples end−N … end−1 from the ring into `window`. */
function copyWindow(end: number): void {
  for (let i = 0, s = end - n; i < n; i++, s++) window[i] = sh.mid[s % ring]!;
}
