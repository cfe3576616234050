/**
 * Feature backend selection: `ts | wasm | native` → a FeatureKernel computing the
 * same rows (the TS engine is the reference the others are tested against).
 * `auto` is resolved by src/book/backends.ts resolveBackend.
 */
import type { BackendName } from '../book/types.js';
import type { Instrument } from '../feed/instrument.js';
import type { FeatureKernel, FeatureKernelOptions } from './kernel.js';
import { createFeatureEngine } from './modules.js';
import { createNativeFeatureKernel } from './native.js';
import { createWasmFeatureKernel } from './wasm.js';

export function createFeatureKernel(backend: BackendName, inst: Instrument, opts: FeatureKernelOptions = {}): FeatureKernel {
  switch (backend) {
    case 'ts': return createFeatureEngine(inst, opts);
    case 'wasm': return createWasmFeatureKernel(inst, opts);
    case 'native': return createNativeFeatureKernel(inst, opts);
  }
}
