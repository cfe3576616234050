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

/** Bad command-line or configuration input: printed without a stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The native addon is missing or failed to load. */
export function nativeUnavailable(cause: string): UsageError {
  return new UsageError(`native backend unavailable: ${cause} (reinstall with a C++ compiler, or use --backend wasm)`);
}
