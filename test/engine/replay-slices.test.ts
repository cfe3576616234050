/**
 * Replay parses and ticks its input a slice (SLICE_BYTES of whole lines) at a time,
 * so the venue's record queue and the row buffer stay small whatever the size of
 * the input chunks. The trades must not depend on where chunks and slices fall:
 * the first 3 MB of the real Bybit-shaped recording as one chunk (cut into slices
 * by replay) and as chunks of ~300 kB (never cut) give the same report, for the
 * passive and the aggressive strategy.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadConfig } from '../../src/config/load.js';
import { OncePerKind } from '../../src/cli/report.js';
import { replay } from '../../src/engine/replay.js';
import { buildReport } from '../../src/engine/report.js';
import { detectInstrument } from '../../src/feed/detect.js';
import type { StreamItem } from '../../src/feed/stream.js';
import { sharedFile } from '../helpers/shared-data.js';

const all = readFileSync(sharedFile('bybit/derived_bybit-shaped_ob200_BTCUSDT_2023-04-04.jsonl'));
const bytes = all.subarray(0, all.lastIndexOf(10, 3_000_000) + 1);
const instrument = detectInstrument(bytes.subarray(0, 1 << 20));

/** `bytes` as chunks of whole lines of about `size` bytes. */
function chunks(size: number): StreamItem[] {
  const out: StreamItem[] = [];
  for (let pos = 0; pos < bytes.length;) {
    const nl = bytes.indexOf(10, Math.min(bytes.length - 1, pos + size));
    const end = nl < 0 ? bytes.length : nl + 1;
    out.push({ part: 'bybit-shaped', bytes: bytes.subarray(pos, end), first: pos === 0 });
    pos = end;
  }
  return out;
}

async function report(items: StreamItem[], strategy: string): Promise<string> {
  const cfg = loadConfig(undefined, [[['decision', 'source'], 'rule'], [['execution', 'strategy'], strategy], [['features', 'hht', 'enabled'], false]]);
  async function* gen(): AsyncGenerator<StreamItem> { yield* items; }
  const run = await replay({ cfg, instrument, items: gen(), report: new OncePerKind('test', () => {}) });
  return JSON.stringify(buildReport(run));
}

for (const strategy of ['passive', 'aggressive']) {
  test(`${strategy}: one 3 MB chunk (sliced) and ~300 kB chunks give the same report`, async () => {
    const whole = await report(chunks(bytes.length), strategy);
    const small = await report(chunks(300_000), strategy);
    assert.ok((JSON.parse(whole) as { summary: { fills: number } }).summary.fills > 0, 'the stretch trades');
    assert.equal(small, whole);
  });
}
