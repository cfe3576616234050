/**
 * `btc-engine config print [--config FILE]`: the configuration the engine would
 * run with — schema defaults, then the file, then BTC_ENGINE_* variables — as
 * YAML. `btc-engine config validate --config FILE`: exit 0 and say so when the
 * file is valid; exit 2 naming every bad field, its value and what is allowed.
 */
import { stringify } from 'yaml';
import { loadConfig } from '../config/load.js';

export function runConfigPrint(o: { config?: string }): number {
  const cfg = loadConfig(o.config);
  process.stdout.write(`# btc-engine configuration${o.config ? ` from ${o.config}` : ' (defaults)'}, with BTC_ENGINE_* overrides applied\n`);
  process.stdout.write(stringify(cfg));
  return 0;
}

export function runConfigValidate(o: { config?: string }): number {
  loadConfig(o.config); // throws UsageError (exit 2) listing every problem
  process.stdout.write(`${o.config ?? 'the default configuration'}: valid\n`);
  return 0;
}
