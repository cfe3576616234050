/** Shared by the store tests: the CLI, temp directories, and the reference rows of a recording. */
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/native/load.js';
import { sharedFile } from '../helpers/shared-data.js';

export const CLI = join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');

/** The Bybit linear recording with receive times: 430 frames, 414 book messages. */
export const RECVTS = 'bybit/bybit_linear_BTCUSDT_ob200_trades_2026-08-09.recvts.txt';
export const RECVTS_FRAMES = 430;
export const RECVTS_ROWS = 414;

/** Runs `btc-engine ARGS` to completion. */
export function cli(args: string[], env: NodeJS.ProcessEnv = process.env): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, env });
}

/** Runs `btc-engine ARGS` under a file-size limit (KiB): writes past it fail like a full disk. */
export function cliWithFileLimit(kib: number, args: string[]): SpawnSyncReturns<string> {
  const quoted = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return spawnSync('bash', ['-c', `ulimit -f ${kib} && exec ${quoted}`], { encoding: 'utf8', maxBuffer: 1 << 28 });
}

/** Runs `btc-engine ARGS` to completion without blocking this process (so it can watch other children meanwhile). */
export function cliAsync(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

/** Starts `btc-engine ARGS` without waiting. */
export function cliChild(args: string[]) {
  return spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A new empty directory under the system temp dir. */
export function tempDir(tag: string): string {
  return mkdtempSync(join(tmpdir(), `btc-engine-store-${tag}-`));
}

const featuresCache = new Map<string, string>();

/** `btc-engine features --backend ts` output of files (the contract export must equal); computed once per input. */
export function featuresOutput(files: string[], format: 'csv' | 'jsonl' = 'csv'): string {
  const id = JSON.stringify([files, format]);
  let out = featuresCache.get(id);
  if (out === undefined) {
    const r = cli(['features', '--backend', 'ts', '--format', format, ...files]);
    if (r.status !== 0) throw new Error(`features failed: ${r.stderr}`);
    out = r.stdout;
    featuresCache.set(id, out);
  }
  return out;
}

/** The recording with receive times, from ../shared/data. */
export function recvtsFile(): string {
  return sharedFile(RECVTS);
}
