/**
 * Exact replay from `raw`: a source's stored frames as recording lines
 * (`<receive ns> <frame>`, src/store/layout.ts rawLine), in chunks of whole lines,
 * with the part boundaries the ingest met. Fed to the same pass, they give the
 * same feature rows as the original files (blank lines were not stored, so line
 * numbers in reject messages can differ).
 */
import type { StreamItem } from '../feed/stream.js';
import { rawKey, rawLine } from './layout.js';
import type { IngestRun } from './schema.js';
import type { Store } from './store.js';

/** Frames read per range query: each query is a short read transaction, so writes can go on between them. */
const PAGE_FRAMES = 4096;
const NEWLINE = Buffer.from('\n');

/** The frames [0, upToFrame) of a source as stream items. */
export async function* replaySource(store: Store, run: IngestRun, upToFrame = run.progress.frames): AsyncGenerator<StreamItem> {
  const parts = run.progress.parts;
  let partIdx = -1;
  let lines: Buffer[] = [];
  let first = false;
  const flush = (): StreamItem | undefined => {
    if (lines.length === 0) return undefined;
    const name = partIdx >= 0 ? parts[partIdx].name : `source ${run.sourceNo}`;
    const out: StreamItem = { part: `${name} (from raw)`, bytes: Buffer.concat(lines), first };
    lines = [];
    first = false;
    return out;
  };
  let frameNo = 0;
  while (frameNo < upToFrame) {
    const pageStart = frameNo;
    const range = store.raw.getRange({ start: rawKey(run.sourceNo, frameNo), end: rawKey(run.sourceNo, upToFrame), limit: PAGE_FRAMES });
    const page: Buffer[] = [];
    for (const { value } of range) page.push(value);
    if (page.length === 0) throw new Error(`raw frames of source ${run.sourceNo} end at frame ${frameNo}; its ingest recorded ${upToFrame}`);
    for (const value of page) {
      while (partIdx + 1 < parts.length && parts[partIdx + 1].firstFrame <= frameNo) {
        const out = flush();
        if (out) yield out;
        partIdx++;
        first = true;
      }
      lines.push(rawLine(value), NEWLINE);
      frameNo++;
    }
    if (frameNo === pageStart) break;
    const out = flush();
    if (out) yield out;
  }
  const out = flush();
  if (out) yield out;
}
