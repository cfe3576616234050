/** Runs files through a backend's parser + book, collecting every output record. */
import { createBook, createParser } from '../../src/book/backends.js';
import { BookPipeline } from '../../src/book/pipeline.js';
import type { BackendName } from '../../src/book/types.js';
import { decodeContainer, readContainer, type ContainerPart } from '../../src/feed/containers.js';
import { detectInstrument } from '../../src/feed/detect.js';
import type { Instrument } from '../../src/feed/instrument.js';
import type { ParseStats } from '../../src/feed/reject.js';
import type { BookCounters } from '../../src/book/counters.js';
import { outStrideF64 } from '../../src/layout/book-out.js';

export interface StreamRun {
  instrument: Instrument;
  /** All output records, concatenated (stride outStrideF64(depth)). */
  out: Float64Array;
  messages: number;
  counters: BookCounters;
  stats: ParseStats;
  rejects: Array<{ kind: number; line: number; detail: string }>;
}

export function runFiles(files: string[], backend: BackendName, depth: number): StreamRun {
  return runParts(files.flatMap((f) => readContainer(f).parts), backend, depth);
}

export function runBytes(bytes: Buffer, backend: BackendName, depth: number, instrument?: Instrument): StreamRun {
  return runParts(decodeContainer('bytes', bytes).parts, backend, depth, instrument);
}

export function runParts(parts: ContainerPart[], backend: BackendName, depth: number, instrument?: Instrument,
                         capacities: { recordCapacity?: number; outputCapacity?: number } = {}): StreamRun {
  const inst = instrument ?? detectInstrument(parts[0].bytes.subarray(0, 1 << 20));
  const kernel = createBook(backend, { depth, ...capacities });
  const rejects: StreamRun['rejects'] = [];
  const parser = createParser(kernel, inst, (kind, line, detail) => rejects.push({ kind, line, detail }));
  const stride = outStrideF64(depth);
  const chunks: Float64Array[] = [];
  let messages = 0;
  const pipeline = new BookPipeline(kernel, parser, {
    holdBeforeSnapshot: inst.exchange === 'binance',
    onApplied: (o, n) => { chunks.push(o.slice(0, n * stride)); messages += n; },
  });
  for (const p of parts) { parser.beginFile(); pipeline.feed(p.bytes); }
  const out = new Float64Array(messages * stride);
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  const counters = kernel.counters();
  kernel.close();
  return { instrument: inst, out, messages, counters, stats: structuredClone(parser.stats), rejects };
}
