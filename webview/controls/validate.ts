/**
 * Checks a control's text against its catalog entry, so an invalid value is refused at the control
 * with the reason, before any request. The host checks again with the engine's `resolveParams`
 * (the webview is not trusted); the wording here follows the engine's messages.
 */
import { isDecimalText } from '../../src/shared/decimal-text';
import type { CatalogParam } from '../../src/shared/catalog';
import type { ParamValueData } from '../../src/shared/state';

export type Checked = { ok: true; value: ParamValueData } | { ok: false; reason: string };

type Bounded = { min: number | null; max: number | null; minExclusive?: boolean; maxExclusive?: boolean };

/** Parses a number as the CLI does: plain decimals and exponents; `inf` where the range allows it. */
export function parseNumberText(raw: string): number {
  const t = raw.trim().toLowerCase();
  if (t === 'inf' || t === '+inf' || t === 'infinity' || t === '∞') return Infinity;
  if (t === '-inf' || t === '-infinity' || t === '−∞') return -Infinity;
  return isDecimalText(t) ? Number(t) : NaN;
}

export function describeRange(p: Bounded): string {
  const lo = p.min === null ? '' : p.minExclusive ? `> ${p.min}` : `≥ ${p.min}`;
  const hi = p.max === null ? '' : p.maxExclusive ? `< ${p.max}` : `≤ ${p.max}`;
  return [lo, hi].filter(Boolean).join(' and ');
}

function rangeProblem(p: Bounded, v: number): string | null {
  if (Number.isNaN(v)) return 'not a number';
  const unboundedAbove = p.max === null && v === Infinity;
  if (!Number.isFinite(v) && !unboundedAbove) return 'must be finite';
  const belowMin = p.min !== null && (p.minExclusive ? v <= p.min : v < p.min);
  const aboveMax = p.max !== null && (p.maxExclusive ? v >= p.max : v > p.max);
  if (belowMin || aboveMax) return `must be ${describeRange(p)}`;
  return null;
}

export function checkParamText(p: CatalogParam, raw: string): Checked {
  const t = raw.trim();
  switch (p.kind) {
    case 'number': {
      if (t === '') return { ok: false, reason: `${p.name} needs a value (${describeRange(p)})` };
      const v = parseNumberText(t);
      const problem = rangeProblem(p, v);
      return problem ? { ok: false, reason: `${p.name} ${problem}, got “${t}”` } : { ok: true, value: v };
    }
    case 'integer': {
      if (p.nullable && (t === '' || t.toLowerCase() === 'none')) return { ok: true, value: null };
      const v = parseNumberText(t);
      if (!Number.isInteger(v)) return { ok: false, reason: `${p.name} must be a whole number${p.nullable ? ' or none' : ''}, got “${t}”` };
      const problem = rangeProblem(p, v);
      return problem ? { ok: false, reason: `${p.name} ${problem}, got ${v}` } : { ok: true, value: v };
    }
    case 'boolean':
      if (t === 'true' || t === 'false') return { ok: true, value: t === 'true' };
      return { ok: false, reason: `${p.name} must be true or false` };
    case 'enum':
      return p.options.includes(t)
        ? { ok: true, value: t }
        : { ok: false, reason: `${p.name} must be one of ${p.options.join(', ')}` };
    case 'numberList': {
      if (t === '' || t.toLowerCase() === 'none') return { ok: true, value: null };
      const parts = t.split(',');
      const values: number[] = [];
      for (let i = 0; i < parts.length; i++) {
        const v = parseNumberText(parts[i]!);
        const problem = rangeProblem(p, v) ?? (Number.isFinite(v) ? null : 'must be finite');
        if (problem) return { ok: false, reason: `${p.name}[${i}] ${problem}, got “${parts[i]!.trim()}”` };
        values.push(v);
      }
      return { ok: true, value: values };
    }
  }
}

/** Checks one entry of a list (class weight) editor. */
export function checkListEntry(p: CatalogParam & { kind: 'numberList' }, index: number, raw: string): { ok: true; value: number } | { ok: false; reason: string } {
  const v = parseNumberText(raw);
  const problem = rangeProblem(p, v) ?? (Number.isFinite(v) ? null : 'must be finite');
  return problem ? { ok: false, reason: `${p.name}[${index}] ${problem}, got “${raw.trim()}”` } : { ok: true, value: v };
}

/** The text a control shows for a value. */
export function paramText(v: ParamValueData | undefined): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'number' && !Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  return String(v);
}
