/** Native feature kernel: being written (issue 3). */
import type { Instrument } from '../feed/instrument.js';
import type { FeatureKernel, FeatureKernelOptions } from './kernel.js';

export function createNativeFeatureKernel(_inst: Instrument, _opts: FeatureKernelOptions): FeatureKernel {
  throw new Error('the native feature kernel is not built yet');
}
