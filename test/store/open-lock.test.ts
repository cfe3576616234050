/**
 * The store's open lock (src/store/open-lock.ts). The bundled LMDB's last closer
 * destroys the mutexes in lock.mdb; a process that opened at that moment attaches
 * to them and fails with EINVAL. Holding an flock on DIR/open.lock around every
 * open and close keeps the two apart.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { FEATURE_SET_VERSION, rowFeatureDefs } from '../../src/features/registry.js';
import { nativeAddon } from '../../src/native/load.js';
import { OPEN_LOCK_FILE, withOpenLock } from '../../src/store/open-lock.js';
import { Store } from '../../src/store/store.js';
import { tempDir } from './store-fixtures.js';

const CREATE = {
  featureSetVersion: FEATURE_SET_VERSION, columns: rowFeatureDefs(false, 0).map((d) => d.name), extended: false,
  instrument: { exchange: 'bybit', market: 'linear', symbol: 'BTCUSDT', tick: '0.1', lot: '0.001' }, calibrationSha256: null, createdBy: 'test',
};
const LOAD_URL = import.meta.resolve('../../src/native/load.js');
const LOCK_URL = import.meta.resolve('../../src/store/open-lock.js');
const STORE_URL = import.meta.resolve('../../src/store/store.js');
const LMDB_URL = import.meta.resolve('lmdb');

/** What another process gets when it tries the lock without waiting: 0 (taken) or the errno. */
function otherProcessTries(dir: string): number {
  const script = `const { openSync } = await import('node:fs');
    const { nativeAddon } = await import(${JSON.stringify(LOAD_URL)});
    process.stdout.write(String(nativeAddon().flock(openSync(${JSON.stringify(join(dir, OPEN_LOCK_FILE))}, 'a'), true)));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return Number(r.stdout);
}

test('the open lock keeps other processes out while held, counts nested use, and is free after', async () => {
  assert.ok(nativeAddon()?.flock, 'the native addon exports flock');
  const dir = tempDir('open-lock');
  const EWOULDBLOCK = 11;
  withOpenLock(dir, () => {
    assert.equal(otherProcessTries(dir), EWOULDBLOCK);
    withOpenLock(dir, () => assert.equal(otherProcessTries(dir), EWOULDBLOCK, 'nested use in one process does not wait on itself'));
    assert.equal(otherProcessTries(dir), EWOULDBLOCK, 'the outer holder still has it after the nested release');
  });
  assert.equal(otherProcessTries(dir), 0);
});

test('readers in fresh processes open a store while another process opens and closes it in a tight loop', async () => {
  const dir = join(tempDir('open-lock-race'), 's');
  const store = Store.open(dir, { writer: 'test', create: CREATE });
  store.putState('x', 7);
  await store.close();
  // The other process: open and close as fast as it can, under the lock like every btc-engine process.
  const looper = spawn(process.execPath, ['--input-type=module', '-e', `const { open } = await import(${JSON.stringify(LMDB_URL)});
    const { withOpenLock } = await import(${JSON.stringify(LOCK_URL)});
    const dir = ${JSON.stringify(dir)};
    process.stdout.write('ready\\n');
    for (;;) {
      const env = withOpenLock(dir, () => open({ path: dir, readOnly: true, maxDbs: 12, noSubdir: false }));
      withOpenLock(dir, () => void env.close());
      await new Promise((r) => setImmediate(r));
    }`], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise<void>((resolve) => looper.stdout!.once('data', () => resolve()));
    // Without the lock about one reader in eight failed here ("Invalid argument"): 30 readers would all pass with odds of 2 %.
    const failures: string[] = [];
    for (let i = 0; i < 30; i++) {
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', `const { Store } = await import(${JSON.stringify(STORE_URL)});
        const s = Store.open(${JSON.stringify(dir)}); const x = s.getState('x'); await s.close(); if (x !== 7) throw new Error('read ' + x);`], { encoding: 'utf8' });
      if (r.status !== 0) failures.push(r.stderr.trim().split('\n').find((l) => /^\w*Error: /.test(l)) ?? r.stderr);
    }
    assert.deepEqual(failures, []);
  } finally {
    looper.kill('SIGKILL');
  }
});
