/** Runs `btc-engine paper` as a child process and talks to its /health and /metrics. */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/native/load.js';

const CLI = join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');

export interface PaperProc {
  proc: ChildProcess;
  /** stdout lines so far. */
  lines: string[];
  stderr: string[];
  /** Base URL of /health and /metrics, once printed. */
  url: Promise<string>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startPaper(args: string[], env: NodeJS.ProcessEnv = {}): PaperProc {
  const proc = spawn(process.execPath, [CLI, 'paper', '--port', '0', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const stderr: string[] = [];
  let resolveUrl!: (u: string) => void;
  let rejectUrl!: (e: Error) => void;
  const url = new Promise<string>((res, rej) => { resolveUrl = res; rejectUrl = rej; });
  let buf = '';
  proc.stdout!.setEncoding('utf8').on('data', (d: string) => {
    buf += d;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      lines.push(line);
      const m = /(http:\/\/127\.0\.0\.1:\d+)\/health/.exec(line);
      if (m) resolveUrl(m[1]);
    }
  });
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => stderr.push(d));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => {
    proc.on('exit', (code, signal) => {
      rejectUrl(new Error(`paper exited (${code ?? signal}) before serving: ${stderr.join('')}`));
      res({ code, signal });
    });
  });
  url.catch(() => {});
  return { proc, lines, stderr, url, exit };
}

export async function getJson(url: string): Promise<Record<string, any>> {
  const r = await fetch(url);
  return (await r.json()) as Record<string, any>;
}

/** A metric's value from Prometheus text (the sample with exactly these labels). */
export async function metric(base: string, name: string, labels = ''): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const want = labels ? `${name}{${labels}}` : name;
  for (const line of text.split('\n')) {
    const sp = line.lastIndexOf(' ');
    if (line.slice(0, sp) === want) return Number(line.slice(sp + 1));
  }
  return NaN;
}

/** Polls `check` every 100 ms until it returns true or `ms` pass. */
export async function until(check: () => Promise<boolean> | boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

export function writeConfig(dir: string, name: string, yaml: string): string {
  const f = join(dir, name);
  writeFileSync(f, yaml);
  return f;
}
