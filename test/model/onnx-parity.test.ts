/**
 * Acceptance (issue 6): onnxruntime's output of the exported graph equals the
 * trainer's own evaluation of the same ensemble (src/model/ensemble.ts) within
 * 1e-6 relative, on random inputs with NaNs, for every combine mode, so for every
 * node type the exporter writes. Inputs include values exactly at split
 * thresholds (x <= t goes left in both), NaN in every split feature (the
 * learned default direction), and values far outside the training range, ±∞
 * included, which the ridge part clips to its bounds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { prng } from '../../src/feed/demo-stream.js';
import { COMBINES, predictEnsemble, predictHorizon, treePart, type Ensemble } from '../../src/model/ensemble.js';
import { exportOnnx, INPUT_NAME } from '../../src/model/export-onnx.js';
import { predictionName } from '../../src/model/horizons.js';
import { decodeModel } from '../../src/model/onnx-build.js';
import { predictRidge } from '../../src/model/ridge.js';
import { trainEnsemble } from '../../src/model/trainer.js';
import { gauss, plantedDataset, testOptions } from './synthetic.js';

const F = 6;
const HORIZONS = [1000, 10_000];
const { ds } = plantedDataset({
  n: 6000, features: F, horizonsMs: HORIZONS, seed: 11, nanShare: 0.08, noise: 0.5,
  signal: (a, b) => (Number.isNaN(a) ? 0.7 : Math.tanh(2 * a)) * (Number.isNaN(b) ? -1 : b),
});

/** Random rows: normal values twice the training spread, 10 % NaN, 10 % exactly at one of the trees' thresholds, 4 % at ±1e6 or ±∞. */
function randomInputs(e: Ensemble, rows: number, seed: number): Float64Array {
  const rnd = prng(seed);
  const thresholds: number[][] = Array.from({ length: F }, () => []);
  for (const h of e.horizons) for (const t of h.trees) t.feature.forEach((f, i) => { if (f >= 0 && Number.isFinite(t.threshold[i])) thresholds[f].push(t.threshold[i]); });
  const x = new Float64Array(rows * F);
  for (let i = 0; i < x.length; i++) {
    const j = i % F;
    const u = rnd();
    const sign = rnd() < 0.5 ? -1 : 1;
    x[i] = u < 0.1 ? NaN : u < 0.2 && thresholds[j].length > 0 ? thresholds[j][Math.floor(rnd() * thresholds[j].length)]
      : u < 0.22 ? sign * 1e6 : u < 0.24 ? sign * Infinity : 2 * gauss(rnd);
  }
  return x;
}

const opTypes = new Set<string>();

for (const combine of COMBINES) {
  test(`ONNX graph equals the trainer's evaluation, combine ${combine}`, async () => {
    const r = trainEnsemble(ds, testOptions({ combine, horizonsMs: HORIZONS }, { rounds: 40 }));
    const e = r.ensemble;
    if (combine !== 'ridge') assert.ok(e.horizons.every((h) => h.trees.length > 0), 'the test needs trees in every horizon');
    const bytes = exportOnnx(e, 'test');
    for (const n of decodeModel(bytes).graph?.node ?? []) opTypes.add(n.opType as string);
    const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
    try {
      const rows = 2000;
      const x = randomInputs(e, rows, 99);
      const ref = predictEnsemble(e, x, rows);
      if (combine !== 'trees') {
        // The ridge part must clip here, or the Max/Min nodes would go unchecked.
        const clip = e.horizons[0].ridge.clip;
        assert.ok(clip !== undefined, 'testOptions train the ridge with a clip');
        const outside = x.filter((v, i) => v < clip.lo[i % F] || v > clip.hi[i % F]).length;
        assert.ok(outside > rows * F * 0.05, `only ${outside} inputs outside the clip bounds`);
      }
      const out = await session.run({ [INPUT_NAME]: new ort.Tensor('float64', x, [rows, F]) });
      let worst = 0;
      e.horizons.forEach((h, k) => {
        const got = out[predictionName(h.horizonMs)];
        assert.deepEqual(got.dims, [rows, 1]);
        assert.equal(got.type, 'float64');
        for (let i = 0; i < rows; i++) {
          const want = ref[i * HORIZONS.length + k];
          assert.equal(want, predictHorizon(combine, h, x, i * F));
          // Relative to the larger of the output and its parts: a sum that cancels cannot be held to its own size.
          const scale = Math.max(Math.abs(want), combine === 'ridge' ? 0 : Math.abs(treePart(h, x, i * F)),
            combine === 'trees' ? 0 : Math.abs(predictRidge(h.ridge, x, i * F)), 1e-300);
          const rel = Math.abs((got.data as Float64Array)[i] - want) / scale;
          worst = Math.max(worst, rel);
          assert.ok(rel <= 1e-6, `horizon ${h.horizonMs} row ${i}: onnxruntime ${(got.data as Float64Array)[i]}, trainer ${want}`);
        }
      });
      assert.ok(worst <= 1e-6);
    } finally {
      await session.release();
    }
  });
}

test('the graphs above used every node type the exporter writes', () => {
  assert.deepEqual([...opTypes].sort(), ['Add', 'Cast', 'IsNaN', 'MatMul', 'Max', 'Min', 'Mul', 'Split', 'TreeEnsembleRegressor', 'Where']);
});

test('a horizon whose trees all stopped at round 0 exports as its base value', async () => {
  const r = trainEnsemble(ds, testOptions({ horizonsMs: HORIZONS }, { rounds: 5 }));
  const e: Ensemble = { ...r.ensemble, horizons: [{ ...r.ensemble.horizons[0], trees: [] }, r.ensemble.horizons[1]] };
  const session = await ort.InferenceSession.create(exportOnnx(e, 'test'), { intraOpNumThreads: 1 });
  try {
    const x = randomInputs(e, 10, 5);
    const out = await session.run({ [INPUT_NAME]: new ort.Tensor('float64', x, [10, F]) });
    const ref = predictEnsemble(e, x, 10);
    for (let i = 0; i < 10; i++) {
      assert.equal((out[predictionName(1000)].data as Float64Array)[i], Math.fround(e.horizons[0].treeBase));
      assert.ok(Math.abs((out[predictionName(10_000)].data as Float64Array)[i] - ref[i * 2 + 1]) <= 1e-6 * Math.abs(ref[i * 2 + 1]));
    }
  } finally {
    await session.release();
  }
});
