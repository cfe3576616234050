/**
 * The start-up check of a model against the running feature set (DESIGN.md §1):
 * the model's input is the feature row in the order it was trained on, so the
 * running engine must produce exactly those columns, in that order, at the same
 * feature-set version. Anything else is an error that names the columns, never a
 * silent zero-fill or reorder.
 *
 * Generic over names: a config switch that adds columns registers itself in
 * FEATURE_SWITCHES, and a model needing its columns while it is off is told so by
 * name ("the model needs extended columns … but features.extended is off").
 */
import { EXTENDED_FEATURES } from '../features/registry.js';

/** A config setting that adds feature columns when on. */
export interface FeatureSwitch {
  /** What its columns are called in messages ("extended", "HHT"). */
  label: string;
  /** Its config path ("features.extended"). */
  setting: string;
  /** True for the columns it adds. */
  covers: (name: string) => boolean;
}

const EXTENDED_NAMES = new Set(EXTENDED_FEATURES.map((d) => d.name));

/** Every switch known to the check; a feature group with its own switch adds one entry here. */
export const FEATURE_SWITCHES: FeatureSwitch[] = [
  { label: 'extended', setting: 'features.extended', covers: (n) => EXTENDED_NAMES.has(n) },
  // The HHT columns (docs/HHT.md) are all named hht_…, appended when features.hht.enabled is on.
  { label: 'HHT', setting: 'features.hht.enabled', covers: (n) => n.startsWith('hht_') },
];

/** A feature set: column names in order and the registry version they were computed with. */
export interface FeatureSet {
  names: readonly string[];
  featureSetVersion: number;
}

/** At most this many names are listed per problem. */
const LIST_MAX = 8;

function list(names: readonly string[]): string {
  const shown = names.slice(0, LIST_MAX).join(', ');
  return names.length > LIST_MAX ? `${shown} and ${names.length - LIST_MAX} more` : shown;
}

/** Splits names by the switch that covers them (null: none does). */
function bySwitch(names: readonly string[]): Map<FeatureSwitch | null, string[]> {
  const out = new Map<FeatureSwitch | null, string[]>();
  for (const n of names) {
    const s = FEATURE_SWITCHES.find((w) => w.covers(n)) ?? null;
    out.set(s, [...(out.get(s) ?? []), n]);
  }
  return out;
}

/** Every way `running` fails to be the model's input `model`, as sentences; empty when it fits. */
export function featureSetProblems(model: FeatureSet, running: FeatureSet): string[] {
  const problems: string[] = [];
  if (model.featureSetVersion !== running.featureSetVersion) {
    problems.push(`the model was trained on feature-set version ${model.featureSetVersion}, the engine computes version ${running.featureSetVersion}: ` +
      'feature definitions changed, retrain it (btc-engine train)');
  }
  const have = new Set(running.names);
  const want = new Set(model.names);
  const missing = model.names.filter((n) => !have.has(n));
  const extra = running.names.filter((n) => !want.has(n));
  for (const [sw, names] of bySwitch(missing)) {
    problems.push(sw
      ? `the model needs ${sw.label} columns (${list(names)}) but ${sw.setting} is off: turn it on, or use a model trained without them`
      : `the model needs columns the running feature set does not have: ${list(names)}`);
  }
  for (const [sw, names] of bySwitch(extra)) {
    problems.push(sw
      ? `the running feature set has ${sw.label} columns the model was not trained on (${list(names)}): turn ${sw.setting} off, or retrain with it on`
      : `the running feature set has columns the model was not trained on: ${list(names)}`);
  }
  if (missing.length === 0 && extra.length === 0) {
    const moved: string[] = [];
    model.names.forEach((n, i) => { if (running.names[i] !== n) moved.push(`column ${i} is ${n} in the model, ${running.names[i]} in the running set`); });
    if (moved.length > 0) problems.push(`the columns are in another order (${moved.length} positions differ): ${list(moved)}`);
  }
  return problems;
}
