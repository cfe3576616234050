/**
 * Exact decimal-string → integer-grid conversion (prices → ticks, sizes → lots).
 * No floating-point division: "65114.20" on a 0.1 grid is 651142 exactly, and a
 * value between grid points is reported, never rounded. The native scanner
 * (native/src/scan_decimal.cc) implements the same rules; both are checked against
 * each other on real and mutated frames.
 *
 * Accepted text: [0-9]+ ( "." [0-9]+ )?  — no sign, no exponent, no spaces.
 * Significant digits (leading integer zeros and trailing fraction zeros removed)
 * must be <= 15, so every value is exact in an f64.
 */

/** A grid step written as units × 10^-decimals: 0.1 = {1, 1}, 0.25 = {25, 2}, 5 = {5, 0}. */
export interface Grid {
  readonly units: number;
  readonly decimals: number;
}

/** Status codes of toGridUnits (negative); a non-negative result is the value in grid units. */
export const DEC_NOT_DECIMAL = -1;
export const DEC_TOO_MANY_DIGITS = -2;
export const DEC_OFF_GRID = -3;
export const DEC_TOO_LARGE = -4;

export const MAX_SIGNIFICANT_DIGITS = 15;
const POW10 = Array.from({ length: 40 }, (_, i) => 10 ** i);

/** Parses a grid step such as "0.1" or "0.00001" (must be > 0). */
export function parseGrid(text: string): Grid | undefined {
  const m = /^([0-9]+)(?:\.([0-9]+))?$/.exec(text.trim());
  if (!m) return undefined;
  const frac = (m[2] ?? '').replace(/0+$/, '');
  const digits = (m[1] + frac).replace(/^0+/, '');
  if (digits === '' || digits.length > MAX_SIGNIFICANT_DIGITS) return undefined;
  return { units: Number(digits), decimals: frac.length };
}

/** The grid step as text with its own decimals: {1,1} → "0.1". */
export function gridText(g: Grid): string {
  return formatUnits(1, g);
}

/** Converts decimal text to a count of grid steps, or a negative DEC_* status. */
export function toGridUnits(text: string, grid: Grid): number {
  const n = text.length;
  let i = 0;
  let mantissa = 0;
  let sig = 0; // significant digits so far (leading zeros skipped)
  while (i < n) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    if (sig > 0 || d !== 0) { mantissa = mantissa * 10 + d; sig++; }
    i++;
  }
  if (i === 0) return DEC_NOT_DECIMAL;
  let fracDigits = 0; // fraction digits up to the last non-zero one
  if (i < n) {
    if (text.charCodeAt(i) !== 46 || i + 1 === n) return DEC_NOT_DECIMAL;
    i++;
    let pendingZeros = 0;
    for (; i < n; i++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return DEC_NOT_DECIMAL;
      if (d === 0) { pendingZeros++; continue; }
      // Zeros between non-zero digits are significant once something precedes them.
      for (; pendingZeros > 0; pendingZeros--) { if (sig > 0) { mantissa *= 10; sig++; } fracDigits++; }
      mantissa = mantissa * 10 + d;
      sig++;
      fracDigits++;
    }
  }
  if (sig > MAX_SIGNIFICANT_DIGITS) return DEC_TOO_MANY_DIGITS;
  if (mantissa === 0) return 0;
  // value = mantissa × 10^-fracDigits, grid = units × 10^-decimals
  if (fracDigits > grid.decimals) {
    const step = grid.units * POW10[fracDigits - grid.decimals];
    if (mantissa % step !== 0) return DEC_OFF_GRID;
    return mantissa / step;
  }
  const scaled = mantissa * POW10[grid.decimals - fracDigits];
  if (scaled > Number.MAX_SAFE_INTEGER) return DEC_TOO_LARGE;
  if (scaled % grid.units !== 0) return DEC_OFF_GRID;
  return scaled / grid.units;
}

/** Formats a count of grid steps with the grid's decimals: 651142 on {1,1} → "65114.2". */
export function formatUnits(count: number, grid: Grid): string {
  const v = count * grid.units;
  if (grid.decimals === 0) return String(v);
  const s = String(v).padStart(grid.decimals + 1, '0');
  return `${s.slice(0, s.length - grid.decimals)}.${s.slice(s.length - grid.decimals)}`;
}
