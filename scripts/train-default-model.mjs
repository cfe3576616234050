#!/usr/bin/env node
/**
 * Rebuilds the model shipped in models/default (models/README.md) with the
 * project's own commands, from data the project generates itself:
 *
 *   1. btc-engine synthesize  3 h of the synthetic market, seed 1001   (training stream)
 *   2. btc-engine ingest      into a temporary store (WASM feature kernel)
 *   3. btc-engine train       --seed 1, horizons 1s,10s,60s, blend, every other setting the default
 *   4. btc-engine synthesize  1 h, seed 2002                            (held-out stream)
 *   5. btc-engine ingest      into a second temporary store
 *   6. btc-engine evaluate    the model on it: out of sample
 *
 * and writes model.onnx, manifest.json and evaluation.json (step 6's JSON with
 * what it was measured on) to models/default. Deterministic: the same engine
 * gives byte-identical files on every run (the trainer is seeded, the manifest
 * holds no wall-clock time and names the streams by file name only, the feature
 * kernel is WASM so a machine without the native addon computes the same rows).
 *
 * Usage (after `npm install` / `npm run build`):
 *   node scripts/train-default-model.mjs [--out DIR] [--work DIR] [--keep]
 *     --out DIR   where the model goes (default: models/default of this package)
 *     --work DIR  where the streams and stores go (default: a new temporary
 *                 directory, removed at the end unless --keep)
 * About 2 minutes and 1 GB of temporary disk; the streams are ~200 MB of JSON.
 * BTC_ENGINE_* variables are ignored: the model depends on this script only.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');

/** Everything the model depends on, besides the engine's code and default settings. */
const RECIPE = {
  depth: 50, // the orderbook topic `btc-engine paper` subscribes to by default (config paper.depth)
  train: { seed: 1001, seconds: 3 * 3600, file: 'synthetic-seed1001-10800s.jsonl' },
  test: { seed: 2002, seconds: 3600, file: 'synthetic-seed2002-3600s.jsonl' },
  model: { seed: 1, horizons: '1s,10s,60s', combine: 'blend' },
  featureBackend: 'wasm',
};

function parseArgs(argv) {
  const o = { out: join(ROOT, 'models', 'default'), work: undefined, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--keep') o.keep = true;
    else if (a === '--out' || a === '--work') {
      const v = argv[++i];
      if (!v) usage(`${a} needs a directory`);
      o[a.slice(2)] = resolve(v);
    } else if (a === '--help' || a === '-h') usage();
    else usage(`unknown argument ${a}`);
  }
  return o;
}

function usage(problem) {
  const text = 'usage: node scripts/train-default-model.mjs [--out DIR] [--work DIR] [--keep]';
  if (problem) {
    process.stderr.write(`train-default-model: ${problem}\n${text}\n`);
    process.exit(2);
  }
  process.stdout.write(`${text}\n`);
  process.exit(0);
}

/** The environment without BTC_ENGINE_* settings, so nothing outside this script changes the model. */
function cleanEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('BTC_ENGINE_')) env[k] = v;
  return env;
}

class StepFailed extends Error {}

function step(what, args, cwd, env) {
  process.stderr.write(`\n== ${what}\n$ btc-engine ${args.join(' ')}\n`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 });
  const s = (performance.now() - t0) / 1000;
  if (r.error) throw r.error;
  if (r.status !== 0) {
    process.stderr.write(r.stdout.toString());
    throw new StepFailed(`step "${what}" failed (exit ${r.status ?? r.signal})`);
  }
  process.stderr.write(`   (${s.toFixed(1)} s)\n`);
  return { stdout: r.stdout.toString(), seconds: s };
}

function main() {
  const o = parseArgs(process.argv.slice(2));
  if (!existsSync(CLI)) {
    process.stderr.write(`train-default-model: ${CLI} is missing: run npm install (or npm run build) first\n`);
    process.exit(1);
  }
  const work = o.work ?? mkdtempSync(join(tmpdir(), 'btc-engine-default-model-'));
  mkdirSync(work, { recursive: true });
  const env = cleanEnv();
  const R = RECIPE;
  const times = {};
  try {
    // Relative file names: the manifest records the streams by the names given to ingest.
    times.synthesizeTrain = step('training stream', ['synthesize', '--seconds', String(R.train.seconds), '--seed', String(R.train.seed),
      '--depth', String(R.depth), '--out', R.train.file], work, env).seconds;
    times.ingestTrain = step('ingest the training stream', ['ingest', '--store', 'store-train', '--backend', R.featureBackend, R.train.file], work, env).seconds;
    const trained = step('train', ['train', '--store', 'store-train', '--out', 'model', '--seed', String(R.model.seed),
      '--horizons', R.model.horizons, '--combine', R.model.combine, '--backend', 'auto'], work, env);
    times.train = trained.seconds;
    times.synthesizeTest = step('held-out stream', ['synthesize', '--seconds', String(R.test.seconds), '--seed', String(R.test.seed),
      '--depth', String(R.depth), '--out', R.test.file], work, env).seconds;
    times.ingestTest = step('ingest the held-out stream', ['ingest', '--store', 'store-test', '--backend', R.featureBackend, R.test.file], work, env).seconds;
    const evaluated = step('evaluate out of sample', ['evaluate', '--model', 'model', '--store', 'store-test'], work, env);
    times.evaluate = evaluated.seconds;

    const evaluation = {
      what: 'btc-engine evaluate of this model on a synthetic stream it was not trained on (scripts/train-default-model.mjs)',
      stream: { command: `btc-engine synthesize --seconds ${R.test.seconds} --seed ${R.test.seed} --depth ${R.depth}`, file: R.test.file },
      ...JSON.parse(evaluated.stdout),
    };
    mkdirSync(o.out, { recursive: true });
    for (const f of ['model.onnx', 'manifest.json']) copyFileSync(join(work, 'model', f), join(o.out, f));
    writeFileSync(join(o.out, 'evaluation.json'), `${JSON.stringify(evaluation, null, 2)}\n`);
    process.stderr.write(`\n== wrote ${join(o.out, 'model.onnx')} (${readFileSync(join(o.out, 'model.onnx')).length} bytes), manifest.json, evaluation.json\n`);
    process.stderr.write(`   train test part: ${trained.stdout.trim()}\n   held-out stream: ${evaluated.stdout.trim()}\n`);
    process.stderr.write(`   times (s): ${Object.entries(times).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}\n`);
  } catch (err) {
    if (!(err instanceof StepFailed)) throw err;
    process.stderr.write(`train-default-model: ${err.message}; ${o.out} was not changed\n`);
    process.exitCode = 1;
  } finally {
    if (!o.keep && o.work === undefined) rmSync(work, { recursive: true, force: true });
    else process.stderr.write(`   streams and stores kept in ${work}\n`);
  }
}

main();
