/**
 * Loads the native addon (build/native/btc_engine.node, built at install by
 * scripts/build-native.mjs) once per thread. A missing or broken addon is not an
 * error here: callers ask `nativeAddon()` and fall back to WASM with the reason.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/** Project root: this file is dist/src/native/load.js or src/native/load.ts. */
export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
export const ADDON_PATH = join(PROJECT_ROOT, 'build', 'native', 'btc_engine.node');

let cached: { addon?: Record<string, unknown>; error?: string } | undefined;

/** The addon's exports, or undefined when it is not available (see nativeLoadError). */
export function nativeAddon(): Record<string, unknown> | undefined {
  load();
  return cached!.addon;
}

/** Why the addon is unavailable, or undefined when it loaded. */
export function nativeLoadError(): string | undefined {
  load();
  return cached!.error;
}

function load(): void {
  if (cached) return;
  if (process.env.BTC_ENGINE_NO_NATIVE === '1') {
    cached = { error: 'disabled by BTC_ENGINE_NO_NATIVE=1' };
    return;
  }
  if (!existsSync(ADDON_PATH)) {
    cached = { error: `${ADDON_PATH} was not built (npm install prints why)` };
    return;
  }
  try {
    const require = createRequire(import.meta.url);
    cached = { addon: require(ADDON_PATH) as Record<string, unknown> };
  } catch (err) {
    cached = { error: `loading ${ADDON_PATH} failed: ${(err as Error).message}` };
  }
}

function findRoot(dir: string): string {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'package.json')) && existsSync(join(d, 'src'))) return d;
    if (dirname(d) === d) return dir;
  }
}
