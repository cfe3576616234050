#!/usr/bin/env node
/**
 * Builds the native addon at install time (package.json "install" script, also
 * `npm run build:native`): node-pre-gyp `install --fallback-to-build
 * --build-from-source`, i.e. always a local node-gyp compile of binding.gyp and
 * never a download (with --build-from-source node-pre-gyp's install goes straight
 * to the build and never fetches binary.host), ending with
 * build/native/btc_engine.node (src/native/load.ts loads it from there).
 *
 * The addon is optional: when it cannot be built (no compiler, no make / python,
 * no Node headers, a compile error) this prints ONE warning line to stderr and
 * exits 0, and the engine runs on the WASM kernels. The full build log goes to
 * build/native-build.log. BTC_ENGINE_SKIP_NATIVE=1 skips the build.
 *
 * Node headers: under npm, npm_config_nodedir (npm config nodedir=...) is used;
 * when run directly the script looks for headers next to the running node
 * (<prefix>/include/node, e.g. /usr) and passes --nodedir itself, so node-gyp does
 * not try to download them.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const ADDON = join(ROOT, 'build', 'native', 'btc_engine.node');
const LOG = join(ROOT, 'build', 'native-build.log');
const TIMEOUT_MS = 15 * 60 * 1000;
const require = createRequire(import.meta.url);

function notBuilt(reason) {
  process.stderr.write(`btc-engine: native addon not built (${reason}); the engine will run on the WASM kernels\n`);
  process.exit(0);
}

/** First word of a command resolved on PATH (or an absolute / relative path that exists). */
function onPath(cmd) {
  if (!cmd) return undefined;
  const exe = cmd.trim().split(/\s+/)[0];
  if (exe.includes('/') || exe.includes('\\')) return existsSync(exe) ? exe : undefined;
  const exts = process.platform === 'win32' ? ['.exe', '.cmd', '.bat', ''] : [''];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const ext of exts) {
      const p = join(dir, exe + ext);
      if (dir && existsSync(p)) return p;
    }
  }
  return undefined;
}

/** A directory with include/node/{node_api.h,common.gypi} to pass as --nodedir, if any. */
function findNodedir() {
  const fromNpm = process.env.npm_config_nodedir;
  if (fromNpm) return fromNpm;
  const prefix = dirname(dirname(process.execPath));
  const hdr = join(prefix, 'include', 'node');
  if (existsSync(join(hdr, 'node_api.h')) && existsSync(join(hdr, 'common.gypi'))) return prefix;
  return undefined; // node-gyp falls back to its header cache (and may download headers)
}

/** Shortest useful cause found in a failed build's output. */
function shortReason(log) {
  const lines = log.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const pick = (re) => lines.find((l) => re.test(l));
  let text;
  const compileError = pick(/^[^\s:]+\.(?:cc|cpp|h|c):\d+(?::\d+)?:\s*(?:fatal )?error:/);
  const makeError = pick(/^make(?:\[\d+\])?: \*\*\* \[.*\] Error \d+/);
  const noPython = pick(/Could not find any Python|not found: python/i);
  if (compileError) {
    text = `compile error: ${compileError}`;
  } else if (makeError) {
    const target = /\[[^\]]*?([^\s/\]]+\.(?:o|node))\]/.exec(makeError)?.[1] ?? 'a target';
    text = `C++ compiler failed on ${target}${process.env.CXX ? ` with CXX=${process.env.CXX}` : ''}`;
  } else if (noPython) {
    text = 'node-gyp found no Python 3';
  } else {
    const line = pick(/^gyp ERR! stack Error: /) ?? pick(/^node-pre-gyp \w+ error: /) ?? pick(/^gyp ERR! /) ??
      lines.at(-1) ?? 'no output';
    text = line.replace(/^gyp ERR! (?:stack )?/, '').replace(/^Error: /, '');
  }
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

function run(cmd, args, env) {
  return new Promise((resolvePromise) => {
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (d) => { log += d; });
    child.stderr.on('data', (d) => { log += d; });
    const timer = setTimeout(() => { log += '\nbuild timed out\n'; child.kill('SIGKILL'); }, TIMEOUT_MS);
    child.on('error', (err) => { log += `\n${err.message}\n`; });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ ok: code === 0, log: signal ? `${log}\nkilled by ${signal}\n` : log });
    });
  });
}

function saveLog(text) {
  try {
    mkdirSync(dirname(LOG), { recursive: true });
    writeFileSync(LOG, text);
    return relative(ROOT, LOG);
  } catch {
    return undefined;
  }
}

async function main() {
  if (process.env.BTC_ENGINE_SKIP_NATIVE === '1') notBuilt('skipped: BTC_ENGINE_SKIP_NATIVE=1');

  let npgBin;
  try {
    npgBin = join(dirname(dirname(require.resolve('@mapbox/node-pre-gyp'))), 'bin', 'node-pre-gyp');
  } catch {
    notBuilt('@mapbox/node-pre-gyp is not installed');
  }
  const cxx = process.env.CXX || (process.platform === 'win32' ? 'cl' : ['c++', 'g++', 'clang++'].find(onPath));
  if (process.platform !== 'win32' && !onPath(cxx)) notBuilt(`no C++ compiler found (${cxx ?? 'c++/g++/clang++'})`);
  if (process.platform !== 'win32' && !onPath(process.env.MAKE || 'make')) notBuilt('make not found');

  const args = ['install', '--fallback-to-build', '--build-from-source'];
  const nodedir = findNodedir();
  if (nodedir) args.push(`--nodedir=${nodedir}`);
  args.push('--jobs=max');

  // A previous addon must not outlive a failed rebuild of newer sources.
  rmSync(ADDON, { force: true });

  const result = await run(process.execPath, [npgBin, ...args], process.env);
  const header = `node-pre-gyp ${args.join(' ')}\n\n`;

  if (result.ok && !existsSync(ADDON)) {
    // node-gyp built it but the copy step did not run (e.g. module_path not passed).
    const built = join(ROOT, 'build', 'Release', 'btc_engine.node');
    if (existsSync(built)) {
      mkdirSync(dirname(ADDON), { recursive: true });
      copyFileSync(built, ADDON);
    }
  }
  const logName = saveLog(header + result.log);
  const seeLog = logName ? `, see ${logName}` : '';
  if (!result.ok) notBuilt(`${shortReason(result.log)}${seeLog}`);
  if (!existsSync(ADDON)) notBuilt(`the build did not produce ${relative(ROOT, ADDON)}${seeLog}`);
  try {
    const addon = require(ADDON);
    if (typeof addon.Book !== 'function') throw new Error('no Book export');
  } catch (err) {
    rmSync(ADDON, { force: true });
    notBuilt(`built but failed to load: ${String(err.message).split('\n')[0]}`);
  }
  process.stdout.write(`btc-engine: native addon built: ${relative(ROOT, ADDON)}\n`);
}

main().catch((err) => notBuilt(`build script error: ${err.message}`));
