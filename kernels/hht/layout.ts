/**
 * Memory layout of the HHT kernel, mirrored from src/hht/wasm-layout.ts (the
 * source of truth; test/hht/wasm-layout.test.ts compares the constants). The JS
 * wrapper owns the imported memory: it places every buffer, writes their byte
 * addresses into a table of TABLE_SLOTS u32 (slot names T_*), and hhtInitBatch
 * copies the table into the globals below once. Nothing in the kernel allocates.
 *
 * Buffers of one window hold `capacity` samples; the wrapper pads each to a
 * multiple of 8 f64 (64 bytes) so rows start on cache lines, and gives the two
 * proto-IMF buffers SIFT_CHUNK samples of slack (envelope.ts). Knot buffers hold
 * knotCapacity entries (3·capacity + 8 covers any nbsym). FFT buffers hold
 * fftSize = the Bluestein length for capacity (the smallest power of 2 ≥
 * 2·capacity − 1), which also covers every radix-2 length ≤ capacity.
 */

export const T_CAPACITY: i32 = 0; // samples (not bytes)
export const T_KNOT_CAPACITY: i32 = 1; // knots per envelope
export const T_FFT_SIZE: i32 = 2; // radix-2 length of the twiddle table
export const T_X: i32 = 3; // input window (f64), also the Hilbert input
export const T_H_A: i32 = 4; // proto-IMF ping-pong buffers (f64)
export const T_H_B: i32 = 5;
export const T_SUM: i32 = 6; // running Σ IMFs (f64)
export const T_RESIDUE: i32 = 7; // x − Σ kept IMFs (f64)
export const T_MAX_IDX: i32 = 8; // extremum indices (i32)
export const T_MIN_IDX: i32 = 9;
export const T_MAX_T: i32 = 10; // knot times (exact integers) and values (f64)
export const T_MAX_V: i32 = 11;
export const T_MIN_T: i32 = 12;
export const T_MIN_V: i32 = 13;
export const T_SLOPE_U: i32 = 14; // spline scratch per envelope (f64): slopes, elimination
export const T_CP_U: i32 = 15;
export const T_SLOPE_L: i32 = 16;
export const T_CP_L: i32 = 17;
export const T_SIFTS: i32 = 18; // sifts per IMF (i32 × imf slots)
export const T_INFO: i32 = 19; // failure details (INFO_SLOTS f64)
export const T_TW_COS: i32 = 20; // cos/sin(2πj/fftSize), j < fftSize/2, written by the wrapper (f64)
export const T_TW_SIN: i32 = 21;
export const T_BITREV: i32 = 22; // bit reversal of fftSize indices (u32), filled by hhtInitBatch
export const T_WORK_RE: i32 = 23; // Bluestein convolution buffers (f64 × fftSize); WORK_RE is also the sift's upper-envelope scratch
export const T_WORK_IM: i32 = 24;
export const T_FILTER_RE: i32 = 25; // FFT of the Bluestein chirp filter (f64 × fftSize)
export const T_FILTER_IM: i32 = 26;
export const T_CHIRP_RE: i32 = 27; // e^(−iπk²/n), written by the wrapper per length (f64)
export const T_CHIRP_IM: i32 = 28;
export const T_RE: i32 = 29; // analytic signal (f64)
export const T_IM: i32 = 30;
export const T_AMPLITUDE: i32 = 31; // Hilbert outputs (f64)
export const T_PHASE: i32 = 32;
export const T_FREQUENCY: i32 = 33;
export const T_C3_U: i32 = 34; // the pieces' c3 coefficients per envelope (f64); cp holds c2 after the solve
export const T_C3_L: i32 = 35;
export const T_IMFS: i32 = 36; // IMF rows, imf slots × stride f64; last, so memory can grow behind it
export const T_STAGE_COS: i32 = 37; // per-stage twiddles of the planned length (f64 × fftSize), filled by fftPlan:
export const T_STAGE_SIN_FWD: i32 = 38; // stage h at [h − 1, 2h − 1): cos, −1·sin and +1·sin of 2πk/2h
export const T_STAGE_SIN_INV: i32 = 39;
export const TABLE_SLOTS: i32 = 40;

export const INFO_SLOTS: i32 = 4;

/** Samples per window buffer and the f64 stride between IMF rows. */
export let capacity: i32 = 0;
export let rowStride: i32 = 0;
export let knotCapacity: i32 = 0;
export let fftSize: i32 = 0;
export let fftLog2: i32 = 0;
export let xPtr: usize = 0;
export let hAPtr: usize = 0;
export let hBPtr: usize = 0;
export let sumPtr: usize = 0;
export let residuePtr: usize = 0;
export let maxIdxPtr: usize = 0;
export let minIdxPtr: usize = 0;
export let maxTPtr: usize = 0;
export let maxVPtr: usize = 0;
export let minTPtr: usize = 0;
export let minVPtr: usize = 0;
export let slopeUPtr: usize = 0;
export let cpUPtr: usize = 0;
export let slopeLPtr: usize = 0;
export let cpLPtr: usize = 0;
export let c3UPtr: usize = 0;
export let c3LPtr: usize = 0;
export let siftsPtr: usize = 0;
export let infoPtr: usize = 0;
export let twCosPtr: usize = 0;
export let twSinPtr: usize = 0;
export let bitrevPtr: usize = 0;
export let workRePtr: usize = 0;
export let workImPtr: usize = 0;
export let filterRePtr: usize = 0;
export let filterImPtr: usize = 0;
export let chirpRePtr: usize = 0;
export let chirpImPtr: usize = 0;
export let rePtr: usize = 0;
export let imPtr: usize = 0;
export let amplitudePtr: usize = 0;
export let phasePtr: usize = 0;
export let frequencyPtr: usize = 0;
export let imfsPtr: usize = 0;
export let stageCosPtr: usize = 0;
export let stageSinFwdPtr: usize = 0;
export let stageSinInvPtr: usize = 0;

@inline function slot(table: usize, s: i32): usize {
  return <usize>load<u32>(table + (<usize>s << 2));
}

/** Copies the wrapper's layout table into the globals; false when it is inconsistent. */
export function readLayout(table: usize): bool {
  capacity = <i32>slot(table, T_CAPACITY);
  rowStride = (capacity + 7) & ~7;
  knotCapacity = <i32>slot(table, T_KNOT_CAPACITY);
  fftSize = <i32>slot(table, T_FFT_SIZE);
  if (capacity < 3 || knotCapacity < 3 * capacity || fftSize < 2 * capacity - 1 || (fftSize & (fftSize - 1)) != 0) return false;
  fftLog2 = ctz<i32>(fftSize);
  xPtr = slot(table, T_X);
  hAPtr = slot(table, T_H_A);
  hBPtr = slot(table, T_H_B);
  sumPtr = slot(table, T_SUM);
  residuePtr = slot(table, T_RESIDUE);
  maxIdxPtr = slot(table, T_MAX_IDX);
  minIdxPtr = slot(table, T_MIN_IDX);
  maxTPtr = slot(table, T_MAX_T);
  maxVPtr = slot(table, T_MAX_V);
  minTPtr = slot(table, T_MIN_T);
  minVPtr = slot(table, T_MIN_V);
  slopeUPtr = slot(table, T_SLOPE_U);
  cpUPtr = slot(table, T_CP_U);
  slopeLPtr = slot(table, T_SLOPE_L);
  cpLPtr = slot(table, T_CP_L);
  c3UPtr = slot(table, T_C3_U);
  c3LPtr = slot(table, T_C3_L);
  siftsPtr = slot(table, T_SIFTS);
  infoPtr = slot(table, T_INFO);
  twCosPtr = slot(table, T_TW_COS);
  twSinPtr = slot(table, T_TW_SIN);
  bitrevPtr = slot(table, T_BITREV);
  workRePtr = slot(table, T_WORK_RE);
  workImPtr = slot(table, T_WORK_IM);
  filterRePtr = slot(table, T_FILTER_RE);
  filterImPtr = slot(table, T_FILTER_IM);
  chirpRePtr = slot(table, T_CHIRP_RE);
  chirpImPtr = slot(table, T_CHIRP_IM);
  rePtr = slot(table, T_RE);
  imPtr = slot(table, T_IM);
  amplitudePtr = slot(table, T_AMPLITUDE);
  phasePtr = slot(table, T_PHASE);
  frequencyPtr = slot(table, T_FREQUENCY);
  imfsPtr = slot(table, T_IMFS);
  stageCosPtr = slot(table, T_STAGE_COS);
  stageSinFwdPtr = slot(table, T_STAGE_SIN_FWD);
  stageSinInvPtr = slot(table, T_STAGE_SIN_INV);
  return true;
}

/** Writes up to three failure details to the info slots. */
export function setInfo(a: f64, b: f64, c: f64): void {
  store<f64>(infoPtr, a);
  store<f64>(infoPtr, b, 8);
  store<f64>(infoPtr, c, 16);
}
