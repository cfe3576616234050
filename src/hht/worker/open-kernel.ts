/**
 * The HHT backend a worker runs (config features.hht.backend): a named backend
 * must load or the stage fails with its reason; `auto` takes native if it loads,
 * else wasm, else the TS reference, so HHT works before the ports are built.
 * Uses createHhtKernel (src/hht/backends.ts) for every backend it accepts.
 */
import type { BackendName } from '../../book/types.js';
import { createHhtKernel } from '../backends.js';
import type { HhtKernel } from '../kernel.js';

export type HhtBackendChoice = BackendName | 'auto';

/** The order `auto` tries. */
export const AUTO_ORDER: readonly BackendName[] = ['native', 'wasm', 'ts'];

/** An HhtKernel of `capacity` for `choice`; `tried` collects why auto skipped a backend. */
export function openHhtKernel(choice: HhtBackendChoice, capacity: number, tried: string[] = []): HhtKernel {
  if (choice !== 'auto') return createHhtKernel(choice, capacity);
  for (const b of AUTO_ORDER) {
    try {
      return createHhtKernel(b, capacity);
    } catch (err) {
      if (b === 'ts') throw err;
      tried.push(`${b}: ${(err as Error).message}`);
    }
  }
  throw new Error('unreachable: the ts HHT kernel always opens');
}
