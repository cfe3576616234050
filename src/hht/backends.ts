/** HHT backend selection: `ts | wasm | native` → an HhtKernel of the given window capacity. */
import type { BackendName } from '../book/types.js';
import type { HhtKernel } from './kernel.js';
import { TsHhtKernel } from './reference-kernel.js';

export function createHhtKernel(backend: BackendName, capacity: number): HhtKernel {
  switch (backend) {
    case 'ts': return new TsHhtKernel(capacity);
    case 'wasm':
    case 'native':
      throw new Error(`the ${backend} HHT kernel is not built yet`);
  }
}
