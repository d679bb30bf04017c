/**
 * The one parameter rule as the webview applies it: a generic check of a value against the
 * constraints the catalog carries for it (finite, bounds open or closed, integer, choices, list
 * length). The engine owns the rule (src/engine/params.ts and each loss's params spec) and the
 * catalog is derived from it (src/lab/catalog-data.ts); test/unit/lab/param-rule.test.ts proves
 * that this check and the engine's accept and refuse the same values for every loss in the
 * registry. The host still checks every request with the engine (the webview is not trusted).
 */
import type { CatalogParam } from './catalog';
import type { ParamValueData } from './state';

export type ParamCheck =
  | { readonly ok: true; readonly value: ParamValueData }
  /** `problem` reads after the parameter's name ("must be ≥ 0"); `index`: the list entry at fault. */
  | { readonly ok: false; readonly problem: string; readonly index?: number };

interface Bounds {
  readonly min: number | null;
  readonly max: number | null;
  readonly minExclusive?: boolean;
  readonly maxExclusive?: boolean;
}

/** "≥ 0 and < 1", "> 0": the bounds a value must keep (empty when unbounded). */
export function describeRange(p: Bounds): string {
  const lo = p.min === null ? '' : p.minExclusive ? `> ${p.min}` : `≥ ${p.min}`;
  const hi = p.max === null ? '' : p.maxExclusive ? `< ${p.max}` : `≤ ${p.max}`;
  return [lo, hi].filter(Boolean).join(' and ');
}

/** What is wrong with one number against finite-ness and bounds, or null. */
function numberProblem(p: Bounds & { readonly finite?: boolean }, v: number): string | null {
  if (Number.isNaN(v)) return 'not a number';
  if (p.finite !== false && !Number.isFinite(v)) return 'must be finite';
  const belowMin = p.min !== null && (p.minExclusive ? v <= p.min : v < p.min);
  const aboveMax = p.max !== null && (p.maxExclusive ? v >= p.max : v > p.max);
  return belowMin || aboveMax ? `must be ${describeRange(p)}` : null;
}

const fail = (problem: string, index?: number): ParamCheck => (index === undefined ? { ok: false, problem } : { ok: false, problem, index });

/** Checks a typed value (as a request carries it) against the parameter's catalog entry. */
export function checkParamValue(p: CatalogParam, v: unknown): ParamCheck {
  switch (p.kind) {
    case 'number': {
      if (typeof v !== 'number') return fail('must be a number');
      const problem = numberProblem(p, v);
      return problem ? fail(problem) : { ok: true, value: v };
    }
    case 'integer': {
      if (v === null && p.nullable) return { ok: true, value: null };
      if (typeof v !== 'number' || !Number.isInteger(v)) return fail(`must be a whole number${p.nullable ? ' or none' : ''}`);
      const problem = numberProblem(p, v);
      return problem ? fail(problem) : { ok: true, value: v };
    }
    case 'boolean':
      return typeof v === 'boolean' ? { ok: true, value: v } : fail('must be true or false');
    case 'enum':
      return typeof v === 'string' && p.options.includes(v) ? { ok: true, value: v } : fail(`must be one of ${p.options.join(', ')}`);
    case 'numberList': {
      if (v === null) return { ok: true, value: null };
      const minLength = p.minLength ?? 1;
      if (!Array.isArray(v) || !v.every((x) => typeof x === 'number')) return fail('must be a list of numbers');
      if (v.length < minLength) return fail(`needs at least ${minLength} value${minLength === 1 ? '' : 's'}`);
      for (let i = 0; i < v.length; i++) {
        const problem = numberProblem(p, v[i] as number);
        if (problem) return fail(problem, i);
      }
      return { ok: true, value: [...(v as number[])] };
    }
  }
}
