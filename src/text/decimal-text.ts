/**
 * The one rule for "is this text a plain decimal number": `[+-]?(digits[.digits?] | .digits)`
 * followed by an optional exponent `[eE][+-]?digits`, nothing else (no spaces, no `inf`, no `_`).
 * CSV cells (src/data), `--param` values (src/engine/params.ts) and the panel's controls
 * (webview) all ask it.
 *
 * A hand-written scanner, one pass, each character read at most once. It replaces the regular
 * expression `^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`, whose `\d+\.?\d*` can split one run of
 * digits between two quantifiers in n ways: on a long run of digits followed by any other
 * character the backtracking engine tried them all, quadratic in the length (25 s for one
 * 100 000-digit CSV cell; issue #13).
 */

/** What the scanner reads: a string, or anything that hands out UTF-16 code units (tests count reads). */
export interface CharSource {
  readonly length: number;
  charCodeAt(index: number): number;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Whether the whole of `t` is a plain decimal number (see the module comment). */
export function isDecimalText(t: CharSource): boolean {
  const n = t.length;
  let i = 0;
  let c = n > 0 ? t.charCodeAt(0) : -1;
  if (c === 43 || c === 45) c = ++i < n ? t.charCodeAt(i) : -1;
  let digits = 0;
  while (isDigit(c)) {
    digits++;
    c = ++i < n ? t.charCodeAt(i) : -1;
  }
  if (c === 46) {
    c = ++i < n ? t.charCodeAt(i) : -1;
    while (isDigit(c)) {
      digits++;
      c = ++i < n ? t.charCodeAt(i) : -1;
    }
  }
  if (digits === 0) return false;
  if (c === 101 || c === 69) {
    c = ++i < n ? t.charCodeAt(i) : -1;
    if (c === 43 || c === 45) c = ++i < n ? t.charCodeAt(i) : -1;
    let exponent = 0;
    while (isDigit(c)) {
      exponent++;
      c = ++i < n ? t.charCodeAt(i) : -1;
    }
    if (exponent === 0) return false;
  }
  return i === n;
}
