/**
 * The PyEMD EMD() settings a reference vector records (`reference.settings` in
 * ../shared/hht-vectors: FIXE, FIXE_H, max_imf, MAX_ITERATION, the five
 * thresholds, nbsym, spline kind, extrema rule) as EmdKernelOptions, so a vector
 * made with other settings is decomposed with those settings by the tests and by
 * `btc-engine hht`. An absent field keeps PyEMD's default; a field this engine
 * does not know is ignored; a setting it cannot honour (another spline kind or
 * extrema rule, a value of the wrong type) is an Error naming the field.
 */
import type { EmdKernelOptions } from './kernel.js';

/** PyEMD's name of each numeric setting → the option it sets. */
const NUMERIC: ReadonlyArray<readonly [string, keyof EmdKernelOptions]> = [
  ['std_thr', 'stdThreshold'],
  ['svar_thr', 'svarThreshold'],
  ['energy_ratio_thr', 'energyRatioThreshold'],
  ['total_power_thr', 'totalPowerThreshold'],
  ['range_thr', 'rangeThreshold'],
  ['FIXE', 'fixe'],
  ['FIXE_H', 'fixeH'],
  ['MAX_ITERATION', 'maxIteration'],
  ['max_imf', 'maxImf'],
  ['nbsym', 'nbsym'],
];

/** The only values of the non-numeric settings that the engine implements (HHT.md §1). */
const FIXED: ReadonlyArray<readonly [string, string]> = [
  ['spline_kind', 'cubic'],
  ['extrema_detection', 'simple'],
];

/** The settings object of a vector document: `reference.settings`, or a top-level `settings`; undefined if neither. */
export function vectorSettingsOf(doc: unknown): unknown {
  if (typeof doc !== 'object' || doc === null) return undefined;
  const d = doc as { reference?: { settings?: unknown }; settings?: unknown };
  return d.reference?.settings ?? d.settings;
}

/** EmdKernelOptions for a vector's settings (undefined or {} → PyEMD defaults, i.e. {}); `where` prefixes errors. */
export function emdOptionsFromSettings(settings: unknown, where: string): EmdKernelOptions {
  if (settings === undefined || settings === null) return {};
  if (typeof settings !== 'object' || Array.isArray(settings)) throw new Error(`${where}: settings must be an object`);
  const s = settings as Record<string, unknown>;
  const opts: EmdKernelOptions = {};
  for (const [name, key] of NUMERIC) {
    const v = s[name];
    if (v === undefined) continue;
    if (typeof v !== 'number' || Number.isNaN(v)) throw new Error(`${where}: setting ${name} must be a number, was ${JSON.stringify(v)}`);
    opts[key] = v as never;
  }
  for (const [name, only] of FIXED) {
    const v = s[name];
    if (v !== undefined && v !== only) {
      throw new Error(`${where}: setting ${name} = ${JSON.stringify(v)} is not implemented (only ${JSON.stringify(only)}, HHT.md §1)`);
    }
  }
  return opts;
}

/** The options that differ from PyEMD's defaults, as "FIXE 5, max_imf 2" (empty when none): for messages. */
export function describeSettings(opts: EmdKernelOptions): string {
  const defaults: Partial<Record<keyof EmdKernelOptions, number>> = {
    stdThreshold: 0.2, svarThreshold: 0.001, energyRatioThreshold: 0.2, totalPowerThreshold: 0.005, rangeThreshold: 0.001,
    fixe: 0, fixeH: 0, maxIteration: 1000, maxImf: -1, nbsym: 2,
  };
  return NUMERIC.filter(([, key]) => opts[key] !== undefined && opts[key] !== defaults[key])
    .map(([name, key]) => `${name} ${String(opts[key])}`).join(', ');
}
