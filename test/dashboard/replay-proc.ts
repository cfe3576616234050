/** Runs `btc-engine replay --dashboard` as a child process and finds the dashboard's URL on stderr. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/native/load.js';

const CLI = join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');
/** The Bybit-shaped recording (≈ 15 400 book messages over 514 s of exchange time). */
export const BYBIT_SHAPED = join(PROJECT_ROOT, '..', 'shared', 'data', 'bybit', 'derived_bybit-shaped_ob200_BTCUSDT_2023-04-04.jsonl');

export interface ReplayProc {
  proc: ChildProcess;
  stdout: string[];
  stderr: string[];
  /** http://HOST:PORT of the dashboard, once announced. */
  url: Promise<string>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startReplay(args: string[], env: NodeJS.ProcessEnv = {}): ReplayProc {
  const proc = spawn(process.execPath, [CLI, 'replay', '--dashboard', '--port', '0', ...args], {
    env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  let resolveUrl!: (u: string) => void;
  let rejectUrl!: (e: Error) => void;
  const url = new Promise<string>((res, rej) => { resolveUrl = res; rejectUrl = rej; });
  url.catch(() => {});
  proc.stdout!.setEncoding('utf8').on('data', (d: string) => stdout.push(d));
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => {
    stderr.push(d);
    const m = /dashboard at (http:\/\/[^/\s]+)\//.exec(stderr.join(''));
    if (m) resolveUrl(m[1]!);
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => {
    proc.on('exit', (code, signal) => {
      rejectUrl(new Error(`replay exited (${code ?? signal}) before serving: ${stderr.join('')}`));
      res({ code, signal });
    });
  });
  return { proc, stdout, stderr, url, exit };
}

/** Polls `check` every 100 ms until it returns true or `ms` pass. */
export async function waitFor(check: () => Promise<boolean> | boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}
