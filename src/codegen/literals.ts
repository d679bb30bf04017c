/**
 * Literals of hyperparameter values in Python and JavaScript. Floats stay floats in Python (`1.0`,
 * not `1`, so `beta=1` cannot become integer arithmetic), infinities and "none" are spelled the way
 * each language spells them.
 */
import type { ParamSpec, ParamValue } from '../engine/spec';

export type Language = 'python' | 'js';

function pyNumber(v: number, integer: boolean): string {
  if (v === Infinity) return 'float("inf")';
  if (v === -Infinity) return '-float("inf")';
  if (Number.isNaN(v)) return 'float("nan")';
  if (integer) return String(Math.trunc(v));
  const s = String(v);
  // JavaScript's shortest round-trip form is valid Python except that integers need a decimal point.
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

function jsNumber(v: number): string {
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (Number.isNaN(v)) return 'NaN';
  return String(v);
}

/** The literal of `value` in `lang`; `spec` (when known) says whether a number is an integer. */
export function literal(value: ParamValue, lang: Language, spec?: ParamSpec): string {
  const integer = spec?.kind === 'integer';
  if (value === null) return lang === 'python' ? 'None' : 'null';
  if (typeof value === 'boolean') return lang === 'python' ? (value ? 'True' : 'False') : String(value);
  if (typeof value === 'number') return lang === 'python' ? pyNumber(value, integer) : jsNumber(value);
  if (typeof value === 'string') return lang === 'python' ? JSON.stringify(value) : `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const items = (value as readonly number[]).map((x) => (lang === 'python' ? pyNumber(x, false) : jsNumber(x)));
  return `[${items.join(', ')}]`;
}
