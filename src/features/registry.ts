/**
 * The feature registry: every feature's name, group, unit, parameters and state
 * kind, in the one column order the store, the trainer, the ONNX input and the
 * dashboard use. Spec: ../shared/FEATURES.md §7 (the 51 core features); the
 * project's own account is docs/FEATURES.md. Changing a definition, a parameter
 * or the order bumps FEATURE_SET_VERSION.
 */

/** Bumped whenever a definition, parameter or the column order changes. */
export const FEATURE_SET_VERSION = 1;

export type FeatureGroup = 'price' | 'depth' | 'flow' | 'shape' | 'dynamics' | 'trades' | 'ladder' | 'hht';
/**
 * S0: current book only; S1: also the previous book; SW: a time window or history;
 * SC: an offline-calibrated table (looked up statelessly).
 */
export type StateKind = 'S0' | 'S1' | 'SW' | 'SC' | 'S1+SW' | 'S1+SW+SC';

export interface FeatureDef {
  readonly name: string;
  readonly group: FeatureGroup;
  readonly unit: string;
  readonly state: StateKind;
  readonly params: Readonly<Record<string, number | string>>;
}

const f = (name: string, group: FeatureGroup, unit: string, state: StateKind,
           params: Record<string, number | string> = {}): FeatureDef => ({ name, group, unit, state, params });

/** The 51 core features, in column order (FEATURES.md §7). */
export const CORE_FEATURES: readonly FeatureDef[] = [
  f('mid_px', 'price', 'USD', 'S0'),
  f('wmid_px', 'price', 'USD', 'S0'),
  f('microprice_px', 'price', 'USD', 'SC', { nImb: 10, nSpread: 2, terms: 6 }),
  f('vamp_px_5bps', 'price', 'USD', 'S0', { bandBps: 5 }),
  f('spread_abs', 'price', 'USD', 'S0'),
  f('spread_bps', 'price', 'bps', 'S0'),
  f('bid_qty_1', 'depth', 'BTC', 'S0'),
  f('ask_qty_1', 'depth', 'BTC', 'S0'),
  f('imb_1', 'depth', '[-1,1]', 'S0'),
  f('imb_cum_5', 'depth', '[-1,1]', 'S0', { levels: 5 }),
  f('depth_bid_5bps', 'depth', 'BTC', 'S0', { bandBps: 5 }),
  f('depth_ask_5bps', 'depth', 'BTC', 'S0', { bandBps: 5 }),
  f('depth_bid_25bps', 'depth', 'BTC', 'S0', { bandBps: 25 }),
  f('depth_ask_25bps', 'depth', 'BTC', 'S0', { bandBps: 25 }),
  f('imb_5bps', 'depth', '[-1,1]', 'S0', { bandBps: 5 }),
  f('imb_25bps', 'depth', '[-1,1]', 'S0', { bandBps: 25 }),
  f('book_pressure_25bps', 'depth', '[-1,1]', 'S0', { kappaBps: 5, bandBps: 25 }),
  f('ofi_1_1s', 'flow', 'BTC', 'S1+SW', { windowMs: 1000 }),
  f('ofi_1_1s_norm', 'flow', '1', 'S1+SW', { windowMs: 1000, tauAdMs: 60_000 }),
  f('mlofi_2_1s', 'flow', 'BTC', 'S1+SW', { level: 2, windowMs: 1000 }),
  f('mlofi_3_1s', 'flow', 'BTC', 'S1+SW', { level: 3, windowMs: 1000 }),
  f('mlofi_4_1s', 'flow', 'BTC', 'S1+SW', { level: 4, windowMs: 1000 }),
  f('mlofi_5_1s', 'flow', 'BTC', 'S1+SW', { level: 5, windowMs: 1000 }),
  f('iofi_10_1s', 'flow', '1', 'S1+SW+SC', { levels: 10, windowMs: 1000, tauAdMs: 60_000 }),
  f('iofi_10_10s', 'flow', '1', 'S1+SW+SC', { levels: 10, windowMs: 10_000, tauAdMs: 60_000 }),
  f('slope_ns_bid', 'shape', '1/fraction', 'S0', { levels: 10 }),
  f('slope_ns_ask', 'shape', '1/fraction', 'S0', { levels: 10 }),
  f('shape_exp_bid', 'shape', '1', 'S0', { nearBps: 5, farBps: 25 }),
  f('shape_exp_ask', 'shape', '1', 'S0', { nearBps: 5, farBps: 25 }),
  f('impact_buy_bps_1m', 'shape', 'bps', 'S0', { notionalUsd: 1_000_000 }),
  f('impact_sell_bps_1m', 'shape', 'bps', 'S0', { notionalUsd: 1_000_000 }),
  f('ofi_lambda_5m', 'shape', 'bps/unit', 'SW', { barMs: 1000, bars: 300, minBars: 30 }),
  f('ret_100ms_bps', 'dynamics', 'bps', 'SW', { lagMs: 100 }),
  f('ret_1s_bps', 'dynamics', 'bps', 'SW', { lagMs: 1000 }),
  f('ret_10s_bps', 'dynamics', 'bps', 'SW', { lagMs: 10_000 }),
  f('ret_60s_bps', 'dynamics', 'bps', 'SW', { lagMs: 60_000 }),
  f('rv_10s_bps', 'dynamics', 'bps', 'SW', { gridMs: 100, samples: 100 }),
  f('rv_60s_bps', 'dynamics', 'bps', 'SW', { gridMs: 100, samples: 600 }),
  f('upd_rate_1s', 'dynamics', 'msg/s', 'SW', { tauMs: 1000 }),
  f('add_rate_bid_1s', 'dynamics', 'BTC/s', 'S1+SW', { tauMs: 1000, bandBps: 25 }),
  f('add_rate_ask_1s', 'dynamics', 'BTC/s', 'S1+SW', { tauMs: 1000, bandBps: 25 }),
  f('cxl_rate_bid_1s', 'dynamics', 'BTC/s', 'S1+SW', { tauMs: 1000, bandBps: 25 }),
  f('cxl_rate_ask_1s', 'dynamics', 'BTC/s', 'S1+SW', { tauMs: 1000, bandBps: 25 }),
  f('spread_chg_1s_bps', 'dynamics', 'bps', 'SW', { lagMs: 1000 }),
  f('trade_imb_1s', 'trades', '[-1,1]', 'SW', { windowMs: 1000 }),
  f('trade_imb_10s', 'trades', '[-1,1]', 'SW', { windowMs: 10_000 }),
  f('trade_vol_10s', 'trades', 'BTC', 'SW', { windowMs: 10_000 }),
  f('vwap_dev_10s_bps', 'trades', 'bps', 'SW', { windowMs: 10_000 }),
  f('vwap_dev_60s_bps', 'trades', 'bps', 'SW', { windowMs: 60_000 }),
  f('vpin_50', 'trades', '[0,1]', 'SW', { buckets: 50 }),
  f('kyle_lambda_5m', 'trades', 'bps/$1M', 'SW', { barMs: 1000, bars: 300, minBars: 30 }),
];

/** Levels per side of the raw ladder in the extended set. */
export const LADDER_LEVELS = 10;
/** The extended set's extra depth/imbalance bands and VAMP bands (bps). */
export const EXTRA_BANDS_BPS: readonly number[] = [1, 10, 50, 100, 250];
export const EXTRA_VAMP_BANDS_BPS: readonly number[] = [1, 25];

/**
 * The extended set (FEATURES.md §8), appended after the core columns when
 * `features.extended` is on: the raw 10-level ladder in DeepLOB order (per level k:
 * ask price, ask size, bid price, bid size), then depth and imbalance at the extra
 * bands, then VAMP at the extra bands. All S0.
 */
export const EXTENDED_FEATURES: readonly FeatureDef[] = [
  ...Array.from({ length: LADDER_LEVELS }, (_, i) => i + 1).flatMap((k) => [
    f(`lob_ask_px_${k}`, 'ladder', 'USD', 'S0', { level: k }),
    f(`lob_ask_qty_${k}`, 'ladder', 'BTC', 'S0', { level: k }),
    f(`lob_bid_px_${k}`, 'ladder', 'USD', 'S0', { level: k }),
    f(`lob_bid_qty_${k}`, 'ladder', 'BTC', 'S0', { level: k }),
  ]),
  ...EXTRA_BANDS_BPS.flatMap((b) => [
    f(`depth_bid_${b}bps`, 'depth', 'BTC', 'S0', { bandBps: b }),
    f(`depth_ask_${b}bps`, 'depth', 'BTC', 'S0', { bandBps: b }),
    f(`imb_${b}bps`, 'depth', '[-1,1]', 'S0', { bandBps: b }),
  ]),
  ...EXTRA_VAMP_BANDS_BPS.map((b) => f(`vamp_px_${b}bps`, 'price', 'USD', 'S0', { bandBps: b })),
];

/** Core then extended: the column order of a row with the extended set on. */
export const ALL_FEATURES: readonly FeatureDef[] = [...CORE_FEATURES, ...EXTENDED_FEATURES];

/** The feature columns of a row, in order. */
export function featureDefs(extended: boolean): readonly FeatureDef[] {
  return extended ? ALL_FEATURES : CORE_FEATURES;
}

/** Most IMFs the HHT columns describe (config features.hht.k ≤ this). */
export const HHT_MAX_IMFS = 5;

/**
 * Per-IMF HHT quantities, `hht_imf{k}_{quantity}` (docs/HHT.md "Features" has the
 * causal definitions): the FFT Hilbert spectrum read READOUT_LAG_PERIODS mean
 * periods back (amp, freq, phase, value), window-level energy share and mean
 * period, and the edge estimate at the window's last sample (Teager–Kaiser
 * amplitude, two-point quadrature phase). Amplitudes in bps of the window's last mid.
 */
export const HHT_IMF_QUANTITIES: ReadonlyArray<readonly [quantity: string, unit: string]> = [
  ['amp_bps', 'bps'], ['freq_hz', 'Hz'], ['phase_sin', '[-1,1]'], ['phase_cos', '[-1,1]'], ['value_bps', 'bps'],
  ['energy_share', '[0,1]'], ['period_s', 's'], ['edge_amp_bps', 'bps'], ['edge_phase_sin', '[-1,1]'], ['edge_phase_cos', '[-1,1]'],
];

/** Window-level HHT columns after the per-IMF ones; `hht_age_ms` is last. */
export const HHT_GLOBALS: ReadonlyArray<readonly [name: string, unit: string]> = [
  ['hht_imf_count', 'count'], ['hht_residue_slope_bps_s', 'bps/s'], ['hht_sift_capped', '{0,1}'], ['hht_age_ms', 'ms'],
];

/** The HHT columns for K IMFs (config features.hht), appended after core (+ extended) when HHT is on. */
export function hhtFeatureDefs(k: number, params: Readonly<Record<string, number | string>> = {}): readonly FeatureDef[] {
  if (!Number.isInteger(k) || k < 1 || k > HHT_MAX_IMFS) throw new RangeError(`HHT IMF count k must be an integer from 1 to ${HHT_MAX_IMFS}, was ${k}`);
  const perImf = Array.from({ length: k }, (_, i) => i + 1).flatMap((imf) =>
    HHT_IMF_QUANTITIES.map(([q, unit]) => f(`hht_imf${imf}_${q}`, 'hht', unit, 'SW', { ...params, imf })));
  return [...perImf, ...HHT_GLOBALS.map(([name, unit]) => f(name, 'hht', unit, 'SW', params))];
}

/** Every feature column of a row: core, extended when on, HHT for `hhtImfs` IMFs when > 0 (0 = HHT off). */
export function rowFeatureDefs(extended: boolean, hhtImfs = 0): readonly FeatureDef[] {
  return hhtImfs > 0 ? [...featureDefs(extended), ...hhtFeatureDefs(hhtImfs)] : featureDefs(extended);
}

/** Column index of each feature (core 0…50, extended from 51 on). */
export const FEATURE_INDEX: Readonly<Record<string, number>> = Object.fromEntries(ALL_FEATURES.map((d, i) => [d.name, i]));

/** `book_flags` bits (a metadata column beside the features). */
export const FLAG_EMPTY_SIDE = 1;
export const FLAG_CROSSED = 2;
export const FLAG_LOCKED = 4;
export const FLAG_OFI_RESET = 8;
export const FLAG_IMPACT_UNFILLED = 16;
export const FLAG_WARMUP = 32;
