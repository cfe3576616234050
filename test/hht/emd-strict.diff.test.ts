/**
 * Tier 2 of HHT.md §5 on every reference vector: same IMF count and sifts per
 * IMF, every IMF and residue sample within 1e−6·std(x), and x − ΣIMF − residue
 * within 1e−9·std(x). Each vector is decomposed with the settings it records.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emd } from '../../src/hht/emd.js';
import { loadHhtVectors, maxAbsDiff, stdOf } from './vectors.js';

for (const v of loadHhtVectors()) {
  test(`decomposition matches ${v.file} (strict tier)`, (t) => {
    const x = Float64Array.from(v.input), n = x.length, std = stdOf(x);
    const r = emd(x, v.options);
    assert.equal(r.imfs.length, v.n_imfs, 'IMF count');
    assert.deepEqual(r.siftsPerImf, v.sift_iterations_per_imf, 'sifts per IMF');
    let worst = 0;
    for (let k = 0; k < r.imfs.length; k++) {
      const e = maxAbsDiff(r.imfs[k]!, v.imfs[k]!);
      assert.ok(e <= 1e-6 * std, `IMF ${k + 1} off by ${e / std}·std`);
      worst = Math.max(worst, e);
    }
    const eRes = maxAbsDiff(r.residue, v.residue);
    assert.ok(eRes <= 1e-6 * std, `residue off by ${eRes / std}·std`);
    let recon = 0;
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (const imf of r.imfs) sum += imf[i]!;
      recon = Math.max(recon, Math.abs(x[i]! - sum - r.residue[i]!));
    }
    assert.ok(recon <= 1e-9 * std, `reconstruction off by ${recon / std}·std`);
    t.diagnostic(`max error / std: IMFs ${(worst / std).toExponential(2)}, residue ${(eRes / std).toExponential(2)}, reconstruction ${(recon / std).toExponential(2)}`);
  });
}
