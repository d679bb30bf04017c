/**
 * Checks a control's text against its catalog entry, so an invalid value is refused at the control
 * with the reason, before any request. The text is read here; whether the value is valid is the
 * one shared rule (src/shared/param-rule.ts, driven by the catalog's constraints, proved to agree
 * with the engine's check). The host checks again with the engine's `resolveParams`.
 */
import { isDecimalText } from '../../src/shared/decimal-text';
import type { CatalogParam } from '../../src/shared/catalog';
import { checkParamValue, describeRange } from '../../src/shared/param-rule';
import type { ParamValueData } from '../../src/shared/state';

export { describeRange };

export type Checked = { ok: true; value: ParamValueData } | { ok: false; reason: string };

/**
 * Reads a number as the CLI does: plain decimals and exponents (`inf` reads as Infinity, which the
 * rule then refuses as not finite, rather than "not a number").
 */
export function parseNumberText(raw: string): number {
  const t = raw.trim().toLowerCase();
  if (t === 'inf' || t === '+inf' || t === 'infinity' || t === '∞') return Infinity;
  if (t === '-inf' || t === '-infinity' || t === '−∞') return -Infinity;
  return isDecimalText(t) ? Number(t) : NaN;
}

/** The value a control's text stands for (before the rule): numbers parsed, `none`/empty as null where allowed. */
function valueOfText(p: CatalogParam, t: string): unknown {
  switch (p.kind) {
    case 'number':
      return parseNumberText(t);
    case 'integer':
      return p.nullable && (t === '' || t.toLowerCase() === 'none') ? null : parseNumberText(t);
    case 'boolean':
      return t === 'true' ? true : t === 'false' ? false : t;
    case 'enum':
      return t;
    case 'numberList':
      return t === '' || t.toLowerCase() === 'none' ? null : t.split(',').map(parseNumberText);
  }
}

export function checkParamText(p: CatalogParam, raw: string): Checked {
  const t = raw.trim();
  if (p.kind === 'number' && t === '') return { ok: false, reason: `${p.name} needs a value (${describeRange(p)})` };
  const r = checkParamValue(p, valueOfText(p, t));
  if (r.ok) return r;
  if (r.index !== undefined) return { ok: false, reason: `${p.name}[${r.index}] ${r.problem}, got “${(t.split(',')[r.index] ?? '').trim()}”` };
  return { ok: false, reason: `${p.name} ${r.problem}${p.kind === 'number' || p.kind === 'integer' ? `, got “${t}”` : ''}` };
}

/** The text a control shows for a value. */
export function paramText(v: ParamValueData | undefined): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'number' && !Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  return String(v);
}
