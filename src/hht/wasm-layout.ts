/**
 * Memory layout and status codes of the WASM HHT kernel (kernels/hht/): the
 * source of truth that kernels/hht/layout.ts and errors.ts mirror
 * (test/hht/wasm-layout.test.ts compares them). The wrapper (wasm.ts) places
 * every buffer with planHhtLayout and hands the kernel a table of their byte
 * addresses, slot T_* at table + 4·T_*.
 *
 *   [0, heapBase)   kernel static data
 *   table           TABLE_SLOTS u32
 *   window buffers  capacity f64 each (x, ΣIMFs, residue, re, im, amplitude,
 *                   phase, frequency, chirp re/im; the two proto-IMFs with
 *                   SIFT_CHUNK slack), i32 extrema
 *   knots           3·capacity + 8 f64 each, per envelope: times, values, slopes,
 *                   elimination ratios (then c2), c3
 *   FFT             twiddles fftSize/2 f64 ×2, bit reversal fftSize u32,
 *                   work and filter fftSize f64 ×2 each, per-stage twiddles
 *                   fftSize f64 ×3 (cos, forward and inverse sin)
 *   sifts, info     imfSlots i32, INFO_SLOTS f64
 *   IMF rows        imfSlots × rowStride f64, last, so memory can grow behind it
 *
 * Every buffer starts on a 64-byte line; window buffers are padded to a multiple
 * of 8 f64. fftSize is the Bluestein length of capacity (the smallest power of 2
 * ≥ 2·capacity − 1), which also covers every radix-2 length ≤ capacity.
 */

export const T_CAPACITY = 0, T_KNOT_CAPACITY = 1, T_FFT_SIZE = 2, T_X = 3, T_H_A = 4, T_H_B = 5,
  T_SUM = 6, T_RESIDUE = 7, T_MAX_IDX = 8, T_MIN_IDX = 9, T_MAX_T = 10, T_MAX_V = 11, T_MIN_T = 12,
  T_MIN_V = 13, T_SLOPE_U = 14, T_CP_U = 15, T_SLOPE_L = 16, T_CP_L = 17, T_SIFTS = 18, T_INFO = 19,
  T_TW_COS = 20, T_TW_SIN = 21, T_BITREV = 22, T_WORK_RE = 23, T_WORK_IM = 24, T_FILTER_RE = 25,
  T_FILTER_IM = 26, T_CHIRP_RE = 27, T_CHIRP_IM = 28, T_RE = 29, T_IM = 30, T_AMPLITUDE = 31,
  T_PHASE = 32, T_FREQUENCY = 33, T_C3_U = 34, T_C3_L = 35, T_IMFS = 36, T_STAGE_COS = 37,
  T_STAGE_SIN_FWD = 38, T_STAGE_SIN_INV = 39;
export const TABLE_SLOTS = 40;
/** f64 slots of failure details the kernel writes next to a status code. */
export const INFO_SLOTS = 4;
/** Samples per evaluation step of the sift (kernels/hht/envelope.ts): slack past n in the proto-IMF buffers. */
export const SIFT_CHUNK = 2;

/** Kernel status codes (negative returns). */
export const E_OK = 0, E_NOT_FINITE = -1, E_LENGTH = -2, E_NO_EXTREMUM_PAIR = -3, E_LEFT_EDGE = -4,
  E_RIGHT_EDGE = -5, E_FEW_KNOTS = -6, E_KNOT_SPAN = -7, E_KNOT_ORDER = -8, E_IMF_SLOTS = -9,
  E_NOT_INITIALISED = -10, E_NO_PLAN = -11, E_NBSYM = -12;

/** Byte addresses of every buffer for one capacity and IMF slot count. */
export interface HhtLayout {
  readonly capacity: number;
  /** f64 between IMF rows: capacity rounded up to a multiple of 8. */
  readonly rowStride: number;
  readonly knotCapacity: number;
  readonly fftSize: number;
  readonly imfSlots: number;
  /** Byte address of the layout table; table[T_*] = slot addresses. */
  readonly tableOffset: number;
  readonly slots: Uint32Array;
  /** Bytes of each buffer slot (0 for the scalar slots T_CAPACITY … T_FFT_SIZE). */
  readonly slotBytes: Uint32Array;
  /** Bytes of memory the layout needs. */
  readonly totalBytes: number;
}

export const align64 = (n: number): number => Math.ceil(n / 64) * 64;

/** Smallest power of 2 ≥ v. */
export function ceilPow2(v: number): number {
  let p = 1;
  while (p < v) p *= 2;
  return p;
}

/** Places every buffer for `capacity` samples and `imfSlots` IMF rows after heapBase. */
export function planHhtLayout(heapBase: number, capacity: number, imfSlots: number): HhtLayout {
  const rowStride = Math.ceil(capacity / 8) * 8;
  const knotCapacity = 3 * capacity + 8;
  const fftSize = ceilPow2(2 * capacity - 1);
  const slots = new Uint32Array(TABLE_SLOTS), slotBytes = new Uint32Array(TABLE_SLOTS);
  slots[T_CAPACITY] = capacity;
  slots[T_KNOT_CAPACITY] = knotCapacity;
  slots[T_FFT_SIZE] = fftSize;
  const tableOffset = align64(heapBase);
  let at = align64(tableOffset + 4 * TABLE_SLOTS);
  const place = (slot: number, bytes: number): void => { slots[slot] = at; slotBytes[slot] = bytes; at = align64(at + bytes); };
  for (const s of [T_X, T_SUM, T_RESIDUE, T_RE, T_IM, T_AMPLITUDE, T_PHASE, T_FREQUENCY, T_CHIRP_RE, T_CHIRP_IM]) {
    place(s, 8 * rowStride);
  }
  // The sift evaluates whole chunks of SIFT_CHUNK samples and may run past n into this slack.
  place(T_H_A, 8 * (rowStride + SIFT_CHUNK));
  place(T_H_B, 8 * (rowStride + SIFT_CHUNK));
  place(T_MAX_IDX, 4 * rowStride);
  place(T_MIN_IDX, 4 * rowStride);
  for (const s of [T_MAX_T, T_MAX_V, T_MIN_T, T_MIN_V, T_SLOPE_U, T_CP_U, T_SLOPE_L, T_CP_L, T_C3_U, T_C3_L]) place(s, 8 * knotCapacity);
  place(T_TW_COS, 8 * (fftSize >> 1));
  place(T_TW_SIN, 8 * (fftSize >> 1));
  place(T_BITREV, 4 * fftSize);
  for (const s of [T_WORK_RE, T_WORK_IM, T_FILTER_RE, T_FILTER_IM, T_STAGE_COS, T_STAGE_SIN_FWD, T_STAGE_SIN_INV]) place(s, 8 * fftSize);
  place(T_SIFTS, 4 * imfSlots);
  place(T_INFO, 8 * INFO_SLOTS);
  place(T_IMFS, 8 * rowStride * imfSlots);
  return { capacity, rowStride, knotCapacity, fftSize, imfSlots, tableOffset, slots, slotBytes, totalBytes: at };
}
