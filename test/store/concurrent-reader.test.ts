/**
 * Readers during a write (issue 5 follow-up): `store verify` and `store info` run
 * over and over, as separate processes, while an ingest with one-frame
 * transactions writes the store, and while the same ingest resumes after a
 * SIGKILL at a random moment. Each reader exits 0, or, before the ingest has
 * committed the store's meta record, exits 1 saying there is no store yet or
 * that it is being created (the documented "busy" outcomes). Every verify that
 * runs passes, so no reader ever saw a hole. After the kill the store verifies,
 * the ingest resumes, and the final exports equal an uninterrupted run's byte
 * for byte.
 *
 * Readers opening the environment while the writer commits is what can drop a
 * commit with lmdb-js 3.5.6 (see lost-commit.test.ts); the writer's notes about
 * resynchronising the transaction counter are counted in the diagnostics.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { prng } from '../../src/feed/demo-stream.js';
import { Store } from '../../src/store/store.js';
import { cli, cliAsync, cliChild, featuresOutput, RECVTS_FRAMES, recvtsFile, tempDir } from './store-fixtures.js';

/** One frame per transaction: the most commits a reader can land between. */
const BATCH = '1';
/** Reader processes running at once (the machine has 2 cores, shared). */
const READERS_AT_ONCE = 2;
/** What a reader may say before the ingest has committed the store's meta record. */
const NOT_YET = /^btc-engine: (no store at |store \S+ is being created by pid \d+ )/m;

/** What the readers of one ingest did. */
interface ReaderTally { verify: number; info: number; notYet: number }

/**
 * Runs `store verify` and `store info` (alternately, READERS_AT_ONCE at a time)
 * until `stop()` says so; fails on any outcome other than exit 0 or, while no
 * store exists yet, NOT_YET. A verify that exits 0 passed every check.
 */
async function readWhile(dir: string, stop: () => boolean): Promise<ReaderTally> {
  const tally: ReaderTally = { verify: 0, info: 0, notYet: 0 };
  // When a reader first found the store: one started after that must find it too.
  let storeSeenAtMs = Infinity;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (!stop()) {
      const command = next++ % 2 === 0 ? 'verify' : 'info';
      const startedAtMs = performance.now();
      const r = await cliAsync(['store', command, '--store', dir]);
      if (r.status !== 0 && startedAtMs < storeSeenAtMs && NOT_YET.test(r.stderr)) {
        tally.notYet++;
        continue;
      }
      assert.equal(r.status, 0, `store ${command} during the ingest:\n${r.stdout}${r.stderr}`);
      if (command === 'verify') assert.match(r.stdout, /\n5 checks, 0 failed\n$/);
      storeSeenAtMs = Math.min(storeSeenAtMs, performance.now());
      tally[command]++;
    }
  };
  await Promise.all(Array.from({ length: READERS_AT_ONCE }, worker));
  return tally;
}

/** Frames the store's ingest record says are committed, -1 before there is one (read-only Store, opened per call). */
function committedFrames(dir: string): number {
  if (!existsSync(join(dir, 'data.mdb'))) return -1;
  let store: Store;
  try {
    store = Store.open(dir);
  } catch {
    return -1; // not created yet
  }
  try {
    return store.ingestRuns()[0]?.progress.frames ?? -1;
  } finally {
    void store.close();
  }
}

/** The ingest, as a child; resolves with its exit code (null when killed) and stderr. */
function startIngest(dir: string, file: string) {
  const child = cliChild(['ingest', '--store', dir, '--backend', 'ts', '--batch-frames', BATCH, file]);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  let done = false;
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) => {
    child.on('exit', (code) => { done = true; resolve({ code, stderr }); });
  });
  return { child, exited, isDone: () => done };
}

/** Times the writer set right a transaction counter a reader had set back. */
function resyncs(stderr: string): number {
  return stderr.split('\n').filter((l) => l.includes("set LMDB's transaction counter back")).length;
}

test('verify and info run during an ingest and its resume after SIGKILL; the store ends byte-identical', async (t) => {
  const seed = Number(process.env.STORE_CRASH_SEED ?? Date.now() % 2 ** 31);
  const rnd = prng(seed);
  const file = recvtsFile();
  const reference = featuresOutput([file]);
  const dir = join(tempDir('concurrent'), 's');
  const killAtFrames = 20 + Math.floor(rnd() * (RECVTS_FRAMES - 120));
  t.diagnostic(`seed ${seed} (STORE_CRASH_SEED), kill once ${killAtFrames} frames are committed`);

  // 1. Readers while the ingest writes, until it is killed.
  const first = startIngest(dir, file);
  let killed = false;
  const killer = (async () => {
    while (!first.isDone() && committedFrames(dir) < killAtFrames) await sleep(10);
    await sleep(Math.floor(rnd() * 15)); // anywhere in the next transaction or two
    killed = first.child.kill('SIGKILL');
  })();
  const during = await readWhile(dir, () => first.isDone());
  await killer;
  const outcome = await first.exited;
  assert.equal(outcome.code, null, `the ingest was killed, it did not end by itself: ${outcome.stderr}`);
  assert.ok(killed);

  // 2. The killed store verifies.
  const afterKill = cli(['store', 'verify', '--store', dir]);
  assert.equal(afterKill.status, 0, afterKill.stdout + afterKill.stderr);
  const stored = committedFrames(dir);
  assert.ok(stored >= killAtFrames && stored < RECVTS_FRAMES, `the kill landed mid-ingest (${stored} frames stored)`);

  // 3. Readers while the same ingest resumes and finishes.
  const resumed = startIngest(dir, file);
  const duringResume = await readWhile(dir, () => resumed.isDone());
  const end = await resumed.exited;
  assert.equal(end.code, 0, end.stderr);
  assert.match(end.stderr, new RegExp(`resumed at frame ${stored}\\)`));
  t.diagnostic(`readers during the ingest: ${JSON.stringify(during)}; during the resume: ${JSON.stringify(duringResume)}; ` +
    `counter resynchronisations: ${resyncs(outcome.stderr)} + ${resyncs(end.stderr)}`);
  assert.ok(during.verify + during.info + duringResume.verify + duringResume.info >= 2, 'readers ran while the store was written');

  // 4. The result is what an uninterrupted ingest stores.
  assert.equal(cli(['store', 'verify', '--store', dir]).status, 0);
  const exported = cli(['store', 'export', '--store', dir]);
  assert.equal(exported.stdout, reference, 'l2_features: what features computes');
  const clean = join(tempDir('concurrent-clean'), 's');
  assert.equal(cli(['ingest', '--store', clean, '--backend', 'ts', file]).status, 0);
  assert.equal(cli(['store', 'export', '--store', dir, '--table', 'raw']).stdout, cli(['store', 'export', '--store', clean, '--table', 'raw']).stdout, 'raw: byte for byte');
});
