/** HHT backend selection: `ts | wasm | native` → an HhtKernel of the given window capacity. */
import type { BackendName } from '../book/types.js';
import type { HhtKernel } from './kernel.js';
import { createNativeHhtKernel } from './native.js';
import { TsHhtKernel } from './reference-kernel.js';
import { createWasmHhtKernel } from './wasm.js';

export function createHhtKernel(backend: BackendName, capacity: number): HhtKernel {
  switch (backend) {
    case 'ts': return new TsHhtKernel(capacity);
    case 'wasm': return createWasmHhtKernel(capacity);
    case 'native': return createNativeHhtKernel(capacity);
  }
}
