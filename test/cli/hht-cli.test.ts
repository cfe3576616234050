/**
 * `btc-engine hht`: the output contract of issue 4 (imfs, residue, siftsPerImf,
 * hilbert[{amplitude, phase, freq}], timing{repeat, medianUs, p99Us}) on the shared
 * reference vectors, the three input formats, and clear usage errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/native/load.js';
import { emd } from '../../src/hht/emd.js';
import { HHT_VECTOR_DIR, loadHhtVectors } from '../hht/vectors.js';

const CLI = join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');
const cli = (args: string[]) => spawnSync(process.execPath, [CLI, 'hht', ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
const dir = mkdtempSync(join(tmpdir(), 'btc-engine-hht-'));

interface HhtOut {
  imfs: number[][]; residue: number[]; siftsPerImf: number[];
  hilbert: Array<{ amplitude: number[]; phase: number[]; freq: number[] }>;
  timing: { repeat: number; medianUs: number; p99Us: number };
}

const std = (x: readonly number[]): number => {
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  return Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / x.length);
};

for (const v of loadHhtVectors()) {
  test(`hht on ${v.file}: the reference decomposition, in the contract's JSON shape`, () => {
    const out = join(dir, `${v.file}.out.json`);
    const r = cli(['--input', join(HHT_VECTOR_DIR, v.file), '--backend', 'ts', '--repeat', '3', '--out', out]);
    assert.equal(r.status, 0, r.stderr);
    const got = JSON.parse(readFileSync(out, 'utf8')) as HhtOut;
    assert.deepEqual(Object.keys(got), ['imfs', 'residue', 'siftsPerImf', 'hilbert', 'timing']);
    assert.deepEqual(got.siftsPerImf, v.sift_iterations_per_imf);
    assert.equal(got.imfs.length, v.imfs.length);
    const tol = 1e-6 * std(Array.from(v.input));
    got.imfs.forEach((imf, k) => imf.forEach((y, i) => assert.ok(Math.abs(y - v.imfs[k]![i]!) <= tol, `imf ${k}[${i}]`)));
    got.residue.forEach((y, i) => assert.ok(Math.abs(y - v.residue[i]!) <= tol, `residue[${i}]`));
    assert.equal(got.hilbert.length, got.imfs.length);
    for (const h of got.hilbert) {
      assert.deepEqual([h.amplitude.length, h.phase.length, h.freq.length], [v.input.length, v.input.length, v.input.length]);
    }
    assert.equal(got.timing.repeat, 3);
    assert.ok(got.timing.medianUs > 0 && got.timing.p99Us >= got.timing.medianUs);
  });
}

test('hht reads CSV with a header (--column) and one number per line, same result as JSON', () => {
  const v = loadHhtVectors()[0]!;
  const csv = join(dir, 'in.csv');
  writeFileSync(csv, `t,mid\n${Array.from(v.input, (x, i) => `${i},${x}`).join('\n')}\n`);
  const plain = join(dir, 'in.txt');
  writeFileSync(plain, `${Array.from(v.input).join('\n')}\n`);
  const outs = [['--input', csv, '--column', 'mid'], ['--input', plain]].map((args, k) => {
    const out = join(dir, `fmt${k}.json`);
    const r = cli([...args, '--backend', 'ts', '--out', out]);
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(readFileSync(out, 'utf8')) as HhtOut;
  });
  assert.deepEqual(outs[0]!.imfs, outs[1]!.imfs);
  // A spreadsheet export: byte-order mark, quoted header and cells, CRLF; and a JSON object's other array.
  const quoted = join(dir, 'quoted.csv');
  writeFileSync(quoted, `\uFEFF"t","mid"\r\n${Array.from(v.input, (x, i) => `${i},"${x}"`).join('\r\n')}\r\n`);
  const named = join(dir, 'named.json');
  writeFileSync(named, JSON.stringify({ t: v.input.map((_, i) => i), mid: v.input }));
  for (const args of [['--input', quoted, '--column', 'mid'], ['--input', named, '--column', 'mid']]) {
    const out = join(dir, 'fmt-more.json');
    const r = cli([...args, '--backend', 'ts', '--out', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual((JSON.parse(readFileSync(out, 'utf8')) as HhtOut).imfs, outs[0]!.imfs, args[1]);
  }
  // Text inputs carry no settings: PyEMD's defaults, as the TS reference's own defaults.
  assert.deepEqual(outs[0]!.siftsPerImf, emd(Float64Array.from(v.input)).siftsPerImf);
});

test('hht takes a vector file\'s recorded PyEMD settings as its defaults; flags override them', () => {
  const v = loadHhtVectors()[0]!;
  const settings = {
    spline_kind: 'cubic', nbsym: 2, extrema_detection: 'simple', std_thr: 0.2, svar_thr: 0.001, energy_ratio_thr: 0.2,
    total_power_thr: 0.005, range_thr: 0.001, FIXE: 2, FIXE_H: 0, MAX_ITERATION: 1000, max_imf: 2,
  };
  const file = join(dir, 'with-settings.json');
  writeFileSync(file, JSON.stringify({ input: v.input, reference: { settings } }));
  const run = (args: string[]): { out: HhtOut; stderr: string } => {
    const out = join(dir, 'settings-out.json');
    const r = cli(['--input', file, '--backend', 'ts', ...args, '--out', out]);
    assert.equal(r.status, 0, r.stderr);
    return { out: JSON.parse(readFileSync(out, 'utf8')) as HhtOut, stderr: r.stderr };
  };
  const fromFile = run([]);
  assert.deepEqual(fromFile.out.siftsPerImf, [2, 2], 'FIXE 2 and max_imf 2 from the file');
  assert.match(fromFile.stderr, /FIXE 2, max_imf 2/);
  const x = Float64Array.from(v.input);
  assert.deepEqual(fromFile.out.residue, Array.from(emd(x, { fixe: 2, maxImf: 2 }).residue));
  const overridden = run(['--fixe', '0', '--max-imf', '-1']).out;
  assert.deepEqual(overridden.siftsPerImf, emd(x).siftsPerImf, 'flags: FIXE off, no IMF limit');
  assert.deepEqual(run(['--fixe', '4']).out.siftsPerImf, [4, 4], 'one flag overrides, the file keeps max_imf');

  writeFileSync(file, JSON.stringify({ input: v.input, reference: { settings: { ...settings, spline_kind: 'akima' } } }));
  const r = cli(['--input', file, '--backend', 'ts', '--out', join(dir, 'x.json')]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /spline_kind = "akima" is not implemented/);
});

test('hht --fixe and --max-imf are applied; fast mode caps sifts per IMF at 50', () => {
  const v = loadHhtVectors()[0]!;
  const run = (args: string[]): HhtOut => {
    const out = join(dir, 'opt.json');
    const r = cli(['--input', join(HHT_VECTOR_DIR, v.file), '--backend', 'ts', ...args, '--out', out]);
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(readFileSync(out, 'utf8')) as HhtOut;
  };
  assert.ok(run(['--fixe', '3']).siftsPerImf.every((s) => s === 3));
  assert.equal(run(['--max-imf', '1']).imfs.length, 1);
  assert.ok(run(['--mode', 'fast']).siftsPerImf.every((s) => s <= 50));
});

test('bad input is a usage error naming the problem', () => {
  const bad = join(dir, 'bad.txt');
  writeFileSync(bad, '1\n2\nNaN\n4\n');
  let r = cli(['--input', bad, '--backend', 'ts', '--out', join(dir, 'x.json')]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /bad\.txt:3: "NaN" is not a finite number/);
  const short = join(dir, 'short.txt');
  writeFileSync(short, '1\n2\n');
  r = cli(['--input', short, '--backend', 'ts', '--out', join(dir, 'x.json')]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /at least 3 samples/);
  r = cli(['--input', join(dir, 'missing.json'), '--out', join(dir, 'x.json')]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /cannot read/);
});
