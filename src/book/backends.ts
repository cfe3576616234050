/**
 * Backend selection: `ts | wasm | native | auto` → a book kernel and the parser
 * that feeds it. auto = native when the addon loaded, else WASM. The native
 * backend parses with the native byte scanner; ts and wasm use the TS reference
 * parser (JSON.parse), so `--backend` compares whole paths, not only books.
 */
import { UsageError } from '../errors.js';
import type { Instrument } from '../feed/instrument.js';
import { TsFrameParser, type FrameParser, type RejectHandler } from '../feed/frame-parser.js';
import { NativeFrameParser } from '../feed/native-parser.js';
import { nativeAddon } from '../native/load.js';
import { createNativeBook } from './native.js';
import { ReferenceBook } from './reference.js';
import type { BackendName, BookKernel, BookKernelOptions } from './types.js';
import { createWasmBook } from './wasm.js';

export type BackendChoice = BackendName | 'auto';
export const BACKEND_CHOICES: readonly BackendChoice[] = ['ts', 'wasm', 'native', 'auto'];

/** Resolves `auto` to the fastest backend available on this machine. */
export function resolveBackend(choice: BackendChoice): BackendName {
  if (choice === 'auto') return nativeAddon() ? 'native' : 'wasm';
  if (!BACKEND_CHOICES.includes(choice)) {
    throw new UsageError(`backend must be one of ${BACKEND_CHOICES.join(', ')}, was "${String(choice)}"`);
  }
  return choice;
}

/** Creates a book kernel of the given backend. */
export function createBook(backend: BackendName, opts: BookKernelOptions): BookKernel {
  switch (backend) {
    case 'ts': return new ReferenceBook(opts);
    case 'wasm': return createWasmBook(opts);
    case 'native': return createNativeBook(opts);
  }
}

/** Creates the parser that writes into `kernel`'s input. */
export function createParser(kernel: BookKernel, instrument: Instrument, onReject?: RejectHandler): FrameParser {
  return kernel.backend === 'native'
    ? new NativeFrameParser(instrument, kernel, onReject)
    : new TsFrameParser(instrument, kernel, onReject);
}
