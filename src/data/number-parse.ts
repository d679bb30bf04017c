/**
 * Parsing numbers straight from UTF-8 bytes, without making a string per cell (the CSV hot path),
 * plus the slow path for everything else a cell may hold (`nan`, `-inf`, padded or quoted numbers,
 * pandas' missing-value markers).
 *
 * Exactness: the value stored is `Math.fround(Number(text))`, exactly what `pandas.read_csv` (float64)
 * followed by `.astype(float32)` / `torch.tensor(...).float()` gives. With an integer mantissa
 * below 2^53 and a decimal exponent in [-22, 22] the double is computed exactly (Clinger's fast path: both
 * the integer mantissa and the power of ten are exact doubles, so one correctly rounded operation
 * gives the correctly rounded result). Longer mantissas (numpy's `%.18e`, pandas' 17-digit repr,
 * `%f` of large numbers; up to 40 significant digits) are computed to within 5e-15 relative; the float32 rounding of that
 * approximation is provably the same as of the exact value unless a float32 rounding boundary lies
 * within 1e-14 relative, which is checked, and only then does the cell take the slow
 * `Number(string)` path (a few cells in 10^7 for real-valued data; exact float32 midpoints, such
 * as averages of two float32 numbers, always take it).
 */

import { isDecimalText } from '../text/decimal-text';

/** 10^k as correctly rounded doubles; exact for k <= 22. */
const POW10 = new Float64Array(309);
for (let k = 0; k < POW10.length; k++) POW10[k] = Number(`1e${k}`);

/** Result of `scanNumber` besides its value. */
export interface NumberScan {
  /** Byte offset just after the number's last byte. */
  end: number;
  /**
   * `ok`: a plain decimal number was read (the caller checks what follows it);
   * `text`: the cell is not a plain decimal number at this position, or its value needs the slow
   * path (the caller decodes the cell and calls `parseCellText`).
   */
  ok: boolean;
}

const EPS = 1e-14;
const MAX_DIGITS = 40;

/**
 * Reads `[+-]digits[.digits][(e|E)[+-]digits]` starting at `p`, stopping at the first byte that
 * cannot continue it (or at `end`). Returns the value as a double; `st.ok` false means "use the slow
 * path" (no digits, `1e` followed by a letter, or a value whose float32 rounding is not certain).
 */
export function scanNumber(b: Uint8Array, p: number, end: number, st: NumberScan): number {
  let i = p;
  let neg = false;
  let c = b[i];
  if (c === 45) {
    neg = true;
    i++;
  } else if (c === 43) i++;
  // Every digit goes into m (leading zeros add nothing). m stays exact while below 2^53; past
  // that each step rounds once (relative 2^-53), so with at most MAX_DIGITS significant digits its
  // relative error stays below 40 * 2^-53 = 4.5e-15. Longer spellings take the slow path.
  let m = 0;
  const i0 = i;
  while (i < end) {
    const d = b[i] - 48;
    if (d >>> 0 > 9) break;
    m = m * 10 + d;
    i++;
  }
  let digits = i - i0;
  let e10 = 0;
  if (i < end && b[i] === 46) {
    i++;
    const f0 = i;
    while (i < end) {
      const d = b[i] - 48;
      if (d >>> 0 > 9) break;
      m = m * 10 + d;
      i++;
    }
    e10 = f0 - i;
    digits -= e10;
  }
  // leading zeros (0.000123...) do not count as significant; only counted on this rare path
  if (digits > MAX_DIGITS) digits -= leadingZeros(b, i0, i);
  if (digits === 0 || digits > MAX_DIGITS) {
    st.ok = false;
    st.end = i;
    return NaN;
  }
  if (i < end && (b[i] | 32) === 101) {
    let j = i + 1;
    let eneg = false;
    if (j < end && (b[j] === 45 || b[j] === 43)) {
      eneg = b[j] === 45;
      j++;
    }
    if (j >= end) {
      // `1e` or `1e-` at the end of the bytes seen so far: the caller waits for more or, at the
      // end of input, decodes the cell and finds it is not a number.
      st.ok = false;
      st.end = end;
      return NaN;
    }
    c = b[j] - 48;
    if (c < 0 || c > 9) {
      st.ok = false;
      st.end = j;
      return NaN;
    }
    let ex = 0;
    while (j < end) {
      const d = b[j] - 48;
      if (d < 0 || d > 9) break;
      if (ex < 100000) ex = ex * 10 + d;
      j++;
    }
    e10 += eneg ? -ex : ex;
    i = j;
  }
  st.end = i;
  if (m === 0) {
    st.ok = true;
    return neg ? -0 : 0;
  }
  if (m < 9007199254740992 && e10 >= -22 && e10 <= 22) {
    st.ok = true;
    const v = e10 < 0 ? m / POW10[-e10] : m * POW10[e10];
    return neg ? -v : v;
  }
  if (e10 >= -290 && e10 <= 290) {
    const v = e10 < 0 ? m / POW10[-e10] : m * POW10[e10];
    if (Math.fround(v * (1 - EPS)) === Math.fround(v * (1 + EPS))) {
      st.ok = true;
      return neg ? -v : v;
    }
  }
  st.ok = false;
  return NaN;
}

function leadingZeros(b: Uint8Array, from: number, to: number): number {
  let z = 0;
  for (let i = from; i < to; i++) {
    if (b[i] === 48) z++;
    else if (b[i] !== 46) break;
  }
  return z;
}

/**
 * Cells pandas reads as missing by default (`na_values`), besides the empty cell. Case matters,
 * as in pandas; `nan`/`inf` spellings in any case are handled separately.
 */
const MISSING = new Set(['NA', 'N/A', 'n/a', 'NULL', 'null', 'None', '<NA>', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '1.#IND', '1.#QNAN']);

/**
 * The value of a cell's text (already unquoted): a number, NaN for missing (empty, `nan`, `NA`...),
 * ±Infinity for `inf`/`Infinity`, or `undefined` when the text is not a number.
 */
export function parseCellText(text: string): number | undefined {
  const t = text.trim();
  if (t === '' || MISSING.has(t)) return NaN;
  if (isDecimalText(t)) return Number(t);
  const l = t.toLowerCase();
  if (l === 'nan' || l === '-nan' || l === '+nan') return NaN;
  if (l === 'inf' || l === '+inf' || l === 'infinity' || l === '+infinity') return Infinity;
  if (l === '-inf' || l === '-infinity') return -Infinity;
  return undefined;
}
