/** Error text lives here: factories for the engine's typed errors. */
import { E_BAD_RECORD, E_CAPACITY, E_OUT_FULL } from './layout/book-out.js';

/** A kernel returned a negative status code. */
export class KernelError extends Error {
  override name = 'KernelError';
  constructor(readonly code: number, readonly backend: string, message: string) {
    super(message);
  }
}

/** Maps a kernel status code to a typed error naming the backend and the cause. */
export function kernelError(code: number, backend: string): KernelError {
  const why =
    code === E_BAD_RECORD ? 'a record of unknown kind, or a depth header whose levels run past the batch' :
    code === E_OUT_FULL ? 'more applied messages than the output capacity' :
    code === E_CAPACITY ? 'the book ran out of node memory (raise the kernel memory size)' :
    'unknown status';
  return new KernelError(code, backend, `${backend} book kernel failed with status ${code}: ${why}`);
}

/** A feature kernel's fixed-capacity structure `what` overflowed (status E_CAPACITY). */
export function featureCapacityError(backend: string, what: string): KernelError {
  return new KernelError(E_CAPACITY, backend,
    `${backend} feature kernel failed with status ${E_CAPACITY}: ${what}; ` +
    'its feature state no longer matches the stream, so it refuses further batches until reset()');
}

/** Bad command-line or configuration input: printed without a stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The native addon is missing or failed to load. */
export function nativeUnavailable(cause: string): UsageError {
  return new UsageError(`native backend unavailable: ${cause} (reinstall with a C++ compiler, or use --backend wasm)`);
}

/**
 * A store cannot be opened or written: missing, not a store, written by a newer
 * engine, holding another instrument or feature configuration, or a write the
 * disk refused. The message says what to do; the CLI prints it and exits 1.
 */
export class StoreError extends Error {
  override name = 'StoreError';
}

export const storeErrors = {
  missing: (dir: string) =>
    new StoreError(`no store at ${dir} (create one with: btc-engine ingest --store ${dir} FILE...)`),
  notAStore: (dir: string) =>
    new StoreError(`${dir} holds an LMDB environment without a btc-engine meta record: not a feature store`),
  tooNew: (dir: string, was: number, max: number) =>
    new StoreError(`store ${dir} has schema version ${was}, written by a newer btc-engine; this one reads versions up to ${max}: upgrade btc-engine to open it`),
  featuresTooNew: (dir: string, was: number, engine: number) =>
    new StoreError(`store ${dir} holds rows of feature-set version ${was}, newer than this engine's ${engine}: upgrade btc-engine to use it`),
  incompatible: (dir: string, what: string, stored: string, asked: string) =>
    new StoreError(`store ${dir} holds ${what} ${stored}, this ingest has ${asked}: use a new store for a different ${what}`),
  writeFailed: (dir: string, cause: Error, where: string) =>
    new StoreError(`writing to store ${dir} failed (${cause.message}${errnoText(cause)}): the disk may be full, the file-size limit reached or the device failing; ` +
      `the batch at ${where} was rolled back and the store holds every earlier batch; free space and run the same ingest again to resume`),
  readOnly: (dir: string, where: string) =>
    new StoreError(`store ${dir} is open read-only, so ${where} was refused: readers never write a store; ` +
      `a command that writes opens it with Store.open(dir, { writer: 'btc-engine …' }), which takes the writer lock`),
  beingCreated: (dir: string, pid: number, command: string) =>
    new StoreError(`store ${dir} is being created by pid ${pid} (${command}) and has no data yet: try again once it has committed its first batch`),
  stillNeedsWrite: (dir: string, what: string) =>
    new StoreError(`store ${dir} still needs ${what} after a read-write open made it: another process may be writing an older layout; stop it and try again`),
  txnCounterStale: (dir: string, where: string, resyncs: number) =>
    new StoreError(`store ${dir}: LMDB's transaction counter was still set back after ${resyncs} resynchronisations ` +
      `(other processes keep opening the store while this one commits), so ${where} was not written; every earlier commit is kept; run the same command again to resume`),
  txnResyncFailed: (dir: string, cause: string) =>
    new StoreError(`store ${dir}: resynchronising LMDB's transaction counter failed (${cause}): nothing of the current write was written and every earlier commit is kept; run the same command again to resume`),
  openRace: (dir: string, cause: string) =>
    new StoreError(`opening store ${dir} failed (lmdb-js: ${cause}): a process outside btc-engine's open lock closing the store at that moment causes this ` +
      `in the LMDB that lmdb-js 3.5.6 bundles (docs/STORE.md "Opening while another process closes"); nothing was read or written: run the same command again`),
  staleRows: (dir: string, stored: number, engine: number) =>
    new StoreError(`store ${dir} holds rows of feature-set version ${stored} (or a recompute that did not finish), this engine computes ${engine}: run btc-engine ingest --store ${dir} with no files to recompute them first`),
};

/**
 * A model cannot be used: its directory is incomplete, its manifest is invalid,
 * or it needs features the running configuration does not produce. The message
 * names what is wrong and what to do; the CLI prints it and exits 1.
 */
export class ModelError extends Error {
  override name = 'ModelError';
}

export const modelErrors = {
  missingFile: (dir: string, file: string, cause: string) =>
    new ModelError(`model ${dir} has no readable ${file} (${cause}): train one with btc-engine train --store DIR --out ${dir}`),
  badManifest: (path: string, why: string) =>
    new ModelError(`model manifest ${path} is not valid: ${why}`),
  onnxChanged: (dir: string, file: string) =>
    new ModelError(`model ${dir}: ${file} is not the file its manifest was written for (sha256 differs): retrain, or restore the pair`),
  featureSet: (dir: string, problems: string[]) =>
    new ModelError(`model ${dir} does not fit the running feature set:\n${problems.map((p) => `  - ${p}`).join('\n')}`),
};

function errnoText(err: Error): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code === undefined ? '' : `, code ${String(code)}`;
}
