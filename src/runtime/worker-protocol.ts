/**
 * What the main thread and the market worker say to each other. Market data
 * never goes through here (it goes through the frame ring); these messages are
 * start-up, a status at the dashboard's cadence (≤ 10 Hz), console lines, and
 * shutdown.
 */
import type { Config } from '../config/schema.js';
import { ModelError, StoreError, UsageError } from '../errors.js';
import type { ServerStats } from '../dashboard/snapshot.js';
import type { EngineStatus } from './metrics.js';

export interface MarketWorkerData {
  cfg: Config;
  configFile?: string;
  /** The frame ring (main → worker) and the feed client's counters. */
  ringSab: SharedArrayBuffer;
  feedStatsSab: SharedArrayBuffer;
  /** The shared wall clock: epoch ns at `clockBaseHrNs` of process.hrtime (both threads read the same monotonic clock). */
  clockBaseNs: bigint;
  clockBaseHrNs: bigint;
  startedAtMs: number;
  /** Status (and dashboard frame) every this many ms. */
  statusEveryMs: number;
}

/** The worker's status: everything but the feed client's counters, which the main thread owns. */
export type WorkerStatus = Omit<EngineStatus, 'feed'>;

export type WorkerMessage =
  | { t: 'ready'; lines: string[]; resumed: boolean; predictorSource: string; backend: string; hhtBackend: string | null; venueKind: string;
      venueOffsetMs: number; status: WorkerStatus }
  | { t: 'failed'; name: string; message: string }
  | { t: 'status'; status: WorkerStatus; frame?: string; history?: string }
  | { t: 'say'; line: string }
  /** The book saw a gap the feed client may not know of (a frame the parser refused): ask for a snapshot. */
  | { t: 'resync' }
  | { t: 'stopped'; line: string; status: WorkerStatus };

export type MainMessage =
  | { t: 'stop' }
  /** The dashboard hub's numbers for the next frame, and whether a client waits for a history. */
  | { t: 'dashboard'; server: ServerStats; wantHistory: boolean };

/** An error as it crosses the thread boundary. */
export function errorMessage(err: unknown): { t: 'failed'; name: string; message: string } {
  const e = err instanceof Error ? err : new Error(String(err));
  return { t: 'failed', name: e.name, message: e.message };
}

/** The error the main thread rethrows: the CLI's exit codes depend on the class. */
export function reviveError(m: { name: string; message: string }): Error {
  if (m.name === 'UsageError') return new UsageError(m.message);
  if (m.name === 'StoreError') return new StoreError(m.message);
  if (m.name === 'ModelError') return new ModelError(m.message);
  return new Error(`market worker: ${m.message}`);
}
