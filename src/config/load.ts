/**
 * Loads the configuration: schema defaults, then the YAML file (`--config`), then
 * `BTC_ENGINE_*` environment variables, then command-line flags. An invalid value
 * stops start-up with the field's path, the value, and what is allowed.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../errors.js';
import { configSchema, type Config } from './schema.js';

/** Environment variables → config paths (strings; the schema checks them). */
const ENV: ReadonlyArray<[string, string[]]> = [
  ['BTC_ENGINE_KERNELS', ['kernels']],
  ['BTC_ENGINE_INSTRUMENT_EXCHANGE', ['instrument', 'exchange']],
  ['BTC_ENGINE_INSTRUMENT_SYMBOL', ['instrument', 'symbol']],
  ['BTC_ENGINE_INSTRUMENT_TICK', ['instrument', 'tick']],
  ['BTC_ENGINE_INSTRUMENT_LOT', ['instrument', 'lot']],
  ['BTC_ENGINE_STORE_DIR', ['store', 'dir']],
  ['BTC_ENGINE_STORE_BATCH_FRAMES', ['store', 'batchFrames']],
  ['BTC_ENGINE_MODEL_DIR', ['model', 'dir']],
  ['BTC_ENGINE_PAPER_FEED', ['paper', 'feed']],
  ['BTC_ENGINE_PAPER_STATE_DIR', ['paper', 'stateDir']],
  ['BTC_ENGINE_DASHBOARD_HOST', ['dashboard', 'host']],
  ['BTC_ENGINE_DASHBOARD_PORT', ['dashboard', 'port']],
  ['BTC_ENGINE_DASHBOARD_TOKEN', ['dashboard', 'token']],
  ['BTC_ENGINE_EXECUTION_STRATEGY', ['execution', 'strategy']],
  ['BTC_ENGINE_DECISION_SOURCE', ['decision', 'source']],
];

/** Command-line overrides: config path → value (undefined = not given). */
export type Overrides = ReadonlyArray<[string[], unknown]>;

export function loadConfig(file?: string, overrides: Overrides = [], env: NodeJS.ProcessEnv = process.env): Config {
  let raw: unknown = {};
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read config ${file}: ${(err as Error).message}`);
    }
    try {
      raw = parseYaml(text) ?? {};
    } catch (err) {
      throw new UsageError(`config ${file} is not valid YAML: ${(err as Error).message}`);
    }
    if (typeof raw !== 'object' || Array.isArray(raw)) throw new UsageError(`config ${file} must be a YAML mapping at the top level`);
  }
  const merged = structuredClone(raw) as Record<string, unknown>;
  for (const [name, path] of ENV) if (env[name] !== undefined && env[name] !== '') setPath(merged, path, env[name]);
  for (const [path, value] of overrides) if (value !== undefined) setPath(merged, path, value);
  const r = configSchema.safeParse(merged);
  if (r.success) return r.data;
  const where = file ? ` (${file}, env, flags)` : '';
  const lines = r.error.issues.map((i) => {
    const path = i.path.join('.') || '(top level)';
    return `  ${path}: ${i.message}; value was ${JSON.stringify(getPath(merged, i.path)) ?? 'missing'}`;
  });
  throw new UsageError(`invalid configuration${where}:\n${lines.join('\n')}`);
}

function setPath(obj: Record<string, unknown>, path: string[], value: unknown): void {
  let o = obj;
  for (const k of path.slice(0, -1)) {
    if (typeof o[k] !== 'object' || o[k] === null) o[k] = {};
    o = o[k] as Record<string, unknown>;
  }
  o[path[path.length - 1]] = value;
}

function getPath(obj: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let o = obj;
  for (const k of path) {
    if (typeof o !== 'object' || o === null) return undefined;
    o = (o as Record<PropertyKey, unknown>)[k];
  }
  return o;
}
