/**
 * Deterministic signals of HHT.md §5 reproduced bit-exactly: the LCG against
 * BigInt arithmetic, the walk against the vectors' SHA-256 and against hashes
 * computed independently in Python from the formulas (4096 samples).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Lcg, randomWalk, RANDOM_WALK_SEED, tickRounded, tones } from '../../src/hht/test-signals.js';
import { loadHhtVectors } from './vectors.js';

const sha256 = (x: Float64Array): string => createHash('sha256').update(new Uint8Array(x.buffer, x.byteOffset, x.byteLength)).digest('hex');

test('LCG steps are s ← (1664525·s + 1013904223) mod 2^32 and u = (s + 0.5)/2^32', () => {
  const rng = new Lcg(RANDOM_WALK_SEED);
  let s = BigInt(RANDOM_WALK_SEED);
  for (let i = 0; i < 1000; i++) {
    s = (1664525n * s + 1013904223n) % 4294967296n;
    assert.equal(rng.uniform(), (Number(s) + 0.5) / 4294967296);
  }
  assert.equal(new Lcg(RANDOM_WALK_SEED).uniform(), (2276813924 + 0.5) / 4294967296);
});

test('gauss() = (u1 + … + u12) − 6, summed in order from 0', () => {
  const a = new Lcg(7), b = new Lcg(7);
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += b.uniform();
  assert.equal(a.gauss(), sum - 6);
});

test('random walk and its tick-rounded version match hashes computed in Python from the formulas', () => {
  const walk = randomWalk(4096);
  assert.equal(walk[0], 100);
  assert.equal(sha256(walk), '76001538158285f172052be5faea0e5422cbd1459a8c829a8f20fd419094daf7');
  const ticks = tickRounded(walk);
  assert.equal(sha256(ticks), 'dfa21cdb8869c22c9f77098dbd7e32d5c2c4db3b75bf90f043bfbb4d3f55af64');
  let plateaus = 0;
  for (let i = 0; i < ticks.length; i++) {
    assert.ok(Math.abs(ticks[i]! - walk[i]!) <= 0.005 + 1e-9);
    assert.ok(Math.abs(ticks[i]! * 100 - Math.round(ticks[i]! * 100)) < 1e-6);
    if (i > 0 && ticks[i] === ticks[i - 1]) plateaus++;
  }
  assert.ok(plateaus > 100, `tick rounding should leave plateaus, found ${plateaus}`);
});

/** The generator line of the spec's random-walk vectors; other LCG signals (tick-rounded, …) say more. */
const WALK_GENERATOR = `LCG(seed=${RANDOM_WALK_SEED}); x[0]=100; x[i]=x[i-1] + 0.05*gauss() for i>=1`;

test('every random-walk reference vector input is reproduced bit-exactly (SHA-256 of float64 LE)', (t) => {
  let checked = 0;
  for (const v of loadHhtVectors()) {
    if (v.generator !== WALK_GENERATOR) continue;
    const x = randomWalk(v.N);
    assert.equal(sha256(x), v.input_sha256_of_float64_le, v.file);
    assert.deepEqual([...x], v.input, v.file);
    checked++;
  }
  if (checked === 0) t.skip(`no vector made by "${WALK_GENERATOR}" in the folder`);
});

test('tones: within an ulp of its terms (V8 Math.sin is not glibc sin, so not bit-exact)', () => {
  for (const v of loadHhtVectors()) {
    if (v.name !== `tones_${v.N}`) continue;
    const x = tones(v.N);
    for (let i = 0; i < v.N; i++) {
      // The terms are ≈ 1 and cancel, so one ulp of a sine can be many ulps of the sum.
      const termScale = 1 + 0.6 + 0.3 + 0.002 * i;
      assert.ok(Math.abs(x[i]! - v.input[i]!) <= 2 * Number.EPSILON * termScale, `${v.file} sample ${i}`);
    }
  }
});
