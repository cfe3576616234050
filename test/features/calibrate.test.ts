/** calibrate: PCA, VPIN bucket rounding, the Stoikov solve, the file validation. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  covariance, firstPrincipalComponent, solve, stoikovAdjustments, symmetricQuantileEdges, TransitionCounts, vpinBucketLotsFromVolume,
} from '../../src/features/calibrate-math.js';
import { parseCalibration } from '../../src/features/calibrate.js';
import { DEFAULT_IOFI_WEIGHTS } from '../../src/features/flow.js';
import { DEFAULT_MICROPRICE_TABLE } from '../../src/features/microprice.js';
import { FEATURE_SET_VERSION } from '../../src/features/registry.js';

test('PCA: a covariance with a known first PC; sign fixed so Σw > 0; ℓ1 = 1', () => {
  // C = 3·u uᵀ + 1·v vᵀ with u = (1, 2, −1)/√6 (Σu > 0 after the sign fix), v ⟂ u.
  const u = [1, 2, -1].map((x) => x / Math.sqrt(6));
  const v = [1, 0, 1].map((x) => x / Math.sqrt(2));
  const c = u.map((_, i) => u.map((__, j) => 3 * u[i] * u[j] + v[i] * v[j]));
  const w = firstPrincipalComponent(c)!;
  const want = [1, 2, -1].map((x) => x / 4);
  w.forEach((x, i) => assert.ok(Math.abs(x - want[i]) < 1e-9, `w = ${w.join(',')}`));
  // A diagonal covariance: the largest-variance axis.
  const w2 = firstPrincipalComponent([[1, 0], [0, 4]])!;
  assert.deepEqual(w2.map((x) => Math.round(x * 1e9) / 1e9), [0, 1]);
  assert.equal(firstPrincipalComponent([[0, 0], [0, 0]]), undefined);
});

test('PCA on samples: unstandardised covariance of points along (2, 1)', () => {
  const rows: number[][] = [];
  for (let i = -20; i <= 20; i++) rows.push([2 * i + (i % 2) * 0.01, i]);
  const w = firstPrincipalComponent(covariance(rows, 2))!;
  assert.ok(Math.abs(w[0] - 2 / 3) < 1e-3 && Math.abs(w[1] - 1 / 3) < 1e-3, `w = ${w.join(',')}`);
});

test('VPIN bucket: volume per 24 h / 50, rounded to whole lots, at least 1', () => {
  const day = 86_400_000;
  assert.equal(vpinBucketLotsFromVolume(5000, day), 100);
  assert.equal(vpinBucketLotsFromVolume(1000, day / 2), 40); // 2000 per day / 50
  assert.equal(vpinBucketLotsFromVolume(1024, day), 20); // 20.48 → 20
  assert.equal(vpinBucketLotsFromVolume(1026, day), 21); // 20.52 → 21
  assert.equal(vpinBucketLotsFromVolume(3, day), 1);
  assert.equal(vpinBucketLotsFromVolume(0, day), 1);
});

test('linear solve', () => {
  const x = solve([[2, 1], [1, 3]], [[3], [5]])!;
  assert.ok(Math.abs(x[0][0] - 0.8) < 1e-12 && Math.abs(x[1][0] - 1.4) < 1e-12);
  assert.equal(solve([[1, 1], [1, 1]], [[1], [1]]), undefined);
});

test('Stoikov: hand-checkable one-state case', () => {
  // From x: 2 no-move, 1 move +1 tick, 1 move −½ tick (all back to x). N = 4.
  // Q = ½, R1·K = ¼·1 + ¼·(−½) = ⅛, G1 = ⅛ / ½ = ¼, B = ½ / ½ = 1, g* = 6 · ¼ = 1.5.
  const c = new TransitionCounts(1);
  c.add(0, 0, 0, 2);
  c.add(0, 0, 1);
  c.add(0, 0, -0.5);
  assert.ok(Math.abs(stoikovAdjustments(c)[0] - 1.5) < 1e-12);
});

test('Stoikov: two states, hand solve', () => {
  // State 0: 1 stay in 0, 1 move +1 to 1. State 1: 1 stay → 0, 1 move −1 to 0.
  // Q = [[½,0],[½,0]], R1K = [½, −½], I−Q = [[½,0],[−½,1]] → G1 = [1, 0];
  // (I−Q)^{-1} = [[2,0],[1,1]], R2 = [[0,½],[½,0]] → B = [[0,1],[½,½]].
  // g = G1 + B G1 + … = [1,0] + [0,½] + [½,¼] + [¼,⅜] + [⅜,5/16] + [5/16,11/32].
  const c = new TransitionCounts(2);
  c.add(0, 0, 0); c.add(0, 1, 1); c.add(1, 0, 0); c.add(1, 0, -1);
  const g = stoikovAdjustments(c);
  const want0 = 1 + 0 + 0.5 + 0.25 + 0.375 + 5 / 16;
  const want1 = 0 + 0.5 + 0.25 + 0.375 + 5 / 16 + 11 / 32;
  assert.ok(Math.abs(g[0] - want0) < 1e-12, `g0 ${g[0]}`);
  assert.ok(Math.abs(g[1] - want1) < 1e-12, `g1 ${g[1]}`);
});

test('Stoikov: a symmetrised sample gives g* antisymmetric in ρ and 0 in the middle; unseen states 0', () => {
  for (const nb of [5, 10]) {
    const spreads = 2;
    const c = new TransitionCounts(spreads * nb + 0);
    let seed = 7;
    const rnd = (): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
    const mirror = (x: number): number => Math.floor(x / nb) * nb + (nb - 1 - (x % nb));
    const moves = [0, 0, 0, -1, -0.5, 0.5, 1];
    for (let i = 0; i < 4000; i++) {
      const s = rnd() < 0.8 ? 0 : 1;
      const k = Math.floor(rnd() * nb);
      if (s === 1 && k === 0) continue; // leave (S=2, bucket 0) and its mirror mostly rare
      const x = s * nb + k;
      const y = Math.floor(rnd() * spreads) * nb + Math.min(nb - 1, Math.max(0, k + Math.floor(rnd() * 3) - 1));
      // moves biased towards the imbalance: up when k is high
      let dm = moves[Math.floor(rnd() * moves.length)];
      if (dm !== 0 && rnd() < k / nb) dm = Math.abs(dm);
      c.add(x, y, dm);
      c.add(mirror(x), mirror(y), dm === 0 ? 0 : -dm);
    }
    const g = stoikovAdjustments(c);
    for (let s = 0; s < spreads; s++) {
      for (let k = 0; k < nb; k++) {
        assert.ok(Math.abs(g[s * nb + k] + g[s * nb + nb - 1 - k]) < 1e-9, `nb ${nb} S ${s} k ${k}: ${g[s * nb + k]} vs ${g[s * nb + nb - 1 - k]}`);
      }
      if (nb % 2 === 1) assert.ok(Math.abs(g[s * nb + (nb - 1) / 2]) < 1e-9);
    }
    assert.ok(g[nb - 1] > 0 && g[0] < 0, 'high imbalance pushes the micro-price up');
  }
  // A state never seen and a state that never reaches a move: adjustment 0, no NaN.
  const c = new TransitionCounts(3);
  c.add(0, 0, 1); c.add(0, 0, 0);
  c.add(1, 1, 0);
  const g = stoikovAdjustments(c);
  assert.equal(g[1], 0);
  assert.equal(g[2], 0);
  assert.ok(Number.isFinite(g[0]) && g[0] > 0);
});

test('quantile edges: symmetric, strictly increasing, inside (0, 1)', () => {
  const rho = [0.1, 0.2, 0.25, 0.3, 0.5, 0.5, 0.7, 0.75, 0.8, 0.9].flatMap((r) => [r, 1 - r]).sort((a, b) => a - b);
  const e = symmetricQuantileEdges(rho, 10);
  for (let i = 0; i < e.length; i++) {
    assert.ok(e[i] > 0 && e[i] < 1);
    if (i > 0) assert.ok(e[i] > e[i - 1]);
    assert.ok(Math.abs(e[i] - (1 - e[e.length - 1 - i])) < 1e-12);
  }
  assert.deepEqual(symmetricQuantileEdges([0.5, 0.5, 0.5, 0.5], 10), [0.5]);
});

test('calibration file validation names the field', () => {
  const good = {
    version: 1, featureSetVersion: FEATURE_SET_VERSION,
    instrument: { exchange: 'bybit', market: 'linear', symbol: 'BTCUSDT', tick: '0.1', lot: '0.001' },
    range: { firstMs: 1, lastMs: 2 }, vpinBucketBtc: 2,
    iofi: { levels: DEFAULT_IOFI_WEIGHTS.levels, weights: [...DEFAULT_IOFI_WEIGHTS.weights] },
    microprice: JSON.parse(JSON.stringify(DEFAULT_MICROPRICE_TABLE)) as unknown, stats: {},
  };
  assert.equal(parseCalibration(good, 'f.json').vpinBucketBtc, 2);
  const bad = (patch: Record<string, unknown>, re: RegExp): void => {
    assert.throws(() => parseCalibration({ ...good, ...patch }, 'f.json'), re);
  };
  bad({ version: 2 }, /f\.json: version/);
  bad({ featureSetVersion: 99 }, /featureSetVersion/);
  bad({ vpinBucketBtc: -1 }, /vpinBucketBtc/);
  bad({ iofi: { levels: 2, weights: [0.5, -0.5] } }, /iofi/);
  bad({ microprice: { ...good.microprice as object, spreadTicks: [] } }, /microprice/);
  bad({ instrument: { ...good.instrument, symbol: 1 } }, /instrument\.symbol/);
  assert.throws(() => parseCalibration([], 'f.json'), /JSON object/);
});
