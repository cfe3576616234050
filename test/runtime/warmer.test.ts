/**
 * The pipeline warmer's shadow: it runs the synthetic market through its own
 * kernel and paper venue, cycles past the end of its frames (a fresh snapshot
 * starts each cycle), and never uses the configured venue, even a real one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/load.js';
import { paperInstrument } from '../../src/runtime/feed-source.js';
import { PipelineWarmer } from '../../src/runtime/warmer.js';
import { resolveBackend } from '../../src/book/backends.js';

test('the shadow pipeline cycles through its frames, trades only on its own paper venue, and closes', async () => {
  // A config that would trade on Bybit demo: the shadow must not even try to open it.
  const cfg = loadConfig(undefined, [[['venue', 'kind'], 'bybit-demo'], [['decision', 'source'], 'model']]);
  const instrument = paperInstrument(cfg);
  const w = await PipelineWarmer.open(cfg, instrument, resolveBackend(cfg.kernels), () => BigInt(Date.now()) * 1_000_000n);
  const frames = (w as unknown as { frames: unknown[] }).frames.length;
  assert.ok(frames > 1000, `a cycle has ${frames} frames`);
  for (let i = 0; i < frames; i++) w.step();
  assert.equal(w.steps, frames);
  w.step();
  assert.equal(w.steps, frames, 'no step while the next cycle\'s shadow is being built');
  const shadow = (w as unknown as { session: { venueKind: string; predictor: { source: string }; loop: { ticks: number; market: { valid: boolean } } } }).session;
  assert.equal(shadow.venueKind, 'paper');
  assert.match(shadow.predictor.source, /^rule/);
  assert.ok(shadow.loop.ticks > 0, 'the shadow ticked its rows');
  // The wrap built a fresh shadow account; once it is ready, the next cycle runs on it.
  await (w as unknown as { rebuilding?: Promise<void> }).rebuilding;
  assert.equal(w.cycles, 2);
  const fresh = (w as unknown as { session: typeof shadow }).session;
  assert.notEqual(fresh, shadow);
  for (let i = 0; i < 500; i++) w.step();
  assert.ok(fresh.loop.ticks > 100, 'the new cycle ticks on the fresh account');
  assert.equal(fresh.loop.market.valid, true, 'its book is valid (each cycle starts with a snapshot)');
  await w.close();
});
