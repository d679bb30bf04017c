/**
 * Resolving hyperparameters: defaults filled in, strings (CLI, panel) parsed, every value checked
 * against its spec with a message naming the parameter and what was expected.
 */
import { countCall } from './call-count';
import { isDecimalText } from '../text/decimal-text';
import { shortText } from '../text/short-text';
import type { LossSpec, ParamSpec, ParamValue, ResolvedParams } from './spec';

export class ParamError extends Error {
  constructor(
    message: string,
    /** The parameter refused, when it is one (the panel shows the error at its control). */
    readonly param?: string,
  ) {
    super(message);
    this.name = 'ParamError';
  }
}

function describeRange(s: ParamSpec): string {
  if (s.kind === 'number' || s.kind === 'integer' || s.kind === 'numberList') {
    const lo = s.kind === 'number' && s.minExclusive ? `> ${s.min}` : `>= ${s.min}`;
    const hi = Number.isFinite(s.max) ? ` and ${s.kind === 'number' && s.maxExclusive ? '<' : '<='} ${s.max}` : '';
    return `${lo}${hi}`;
  }
  return '';
}

/** A decimal or scientific number; anything else (words, `inf`, brackets) is NaN. */
function parseNumber(raw: string): number {
  const t = raw.trim();
  return isDecimalText(t) ? Number(t) : NaN;
}

/**
 * Every number must be finite, even where the range is unbounded: an infinite margin, delta or
 * gamma turns the loss's arithmetic into inf - inf and 0 * inf (NaN values and gradients), and
 * JSON cannot even print it back. `text` is what the user typed, for the message.
 */
function checkNumber(s: ParamSpec & { min: number; max: number }, v: number, loss: string, text: string = String(v)): void {
  const exclusive = s.kind === 'number' && s.minExclusive === true;
  const maxExclusive = s.kind === 'number' && s.maxExclusive === true;
  if (!Number.isFinite(v) || (exclusive ? v <= s.min : v < s.min) || (maxExclusive ? v >= s.max : v > s.max)) {
    throw new ParamError(`${loss}: parameter ${s.name} must be a ${Number.isFinite(v) ? '' : 'finite '}number ${describeRange(s)}, got ${text}`, s.name);
  }
}

/** Validates one value (already typed) against its spec; returns the canonical value. */
export function checkParam(s: ParamSpec, v: unknown, loss: string): ParamValue {
  switch (s.kind) {
    case 'number':
      if (typeof v !== 'number') throw new ParamError(`${loss}: parameter ${s.name} must be a number`, s.name);
      checkNumber(s, v, loss);
      return v;
    case 'integer':
      if (v === null && s.nullable) return null;
      if (typeof v !== 'number' || !Number.isInteger(v)) {
        throw new ParamError(`${loss}: parameter ${s.name} must be an integer ${describeRange(s)}${s.nullable ? ' or none' : ''}`, s.name);
      }
      checkNumber(s, v, loss);
      return v;
    case 'boolean':
      if (typeof v !== 'boolean') throw new ParamError(`${loss}: parameter ${s.name} must be true or false`, s.name);
      return v;
    case 'enum':
      if (typeof v !== 'string' || !s.options.includes(v)) {
        throw new ParamError(`${loss}: parameter ${s.name} must be one of ${s.options.join(', ')}, got ${shortText(String(v))}`, s.name);
      }
      return v;
    case 'numberList':
      if (v === null) return null;
      if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'number')) {
        throw new ParamError(`${loss}: parameter ${s.name} must be a comma-separated list of numbers`, s.name);
      }
      for (const x of v as number[]) {
        if (!Number.isFinite(x) || x < s.min || x > s.max) {
          throw new ParamError(`${loss}: every value of ${s.name} must be a number ${describeRange(s)}, got ${x}`, s.name);
        }
      }
      return Object.freeze([...(v as number[])]);
  }
}

/** Parses a string as the CLI and panel give it (`1.5`, `true`, `none`, `1,2,1.5`). */
export function parseParam(s: ParamSpec, raw: string, loss: string): ParamValue {
  const t = raw.trim();
  switch (s.kind) {
    case 'number': {
      const v = parseNumber(t);
      checkNumber(s, v, loss, Number.isNaN(v) ? JSON.stringify(shortText(t)) : String(v));
      return checkParam(s, v, loss);
    }
    case 'integer': {
      if (s.nullable && (t.toLowerCase() === 'none' || t.toLowerCase() === 'null' || t === '')) return null;
      const v = parseNumber(t);
      if (!Number.isInteger(v)) {
        throw new ParamError(`${loss}: parameter ${s.name} must be an integer ${describeRange(s)}${s.nullable ? ' or none' : ''}, got ${JSON.stringify(shortText(t))}`, s.name);
      }
      return checkParam(s, v, loss);
    }
    case 'boolean': {
      const l = t.toLowerCase();
      if (l === 'true' || l === '1') return true;
      if (l === 'false' || l === '0') return false;
      throw new ParamError(`${loss}: parameter ${s.name} must be true or false, got ${shortText(raw)}`, s.name);
    }
    case 'enum':
      return checkParam(s, t, loss);
    case 'numberList':
      if (t.toLowerCase() === 'none' || t === '') return null;
      for (const item of t.split(',')) {
        const x = parseNumber(item);
        if (!Number.isFinite(x)) throw new ParamError(`${loss}: every value of ${s.name} must be a finite number ${describeRange(s)}, got ${JSON.stringify(shortText(item.trim()))}`, s.name);
      }
      return checkParam(s, t.split(',').map(parseNumber), loss);
  }
}

/**
 * Fills defaults and validates. `given` values may be strings (parsed) or typed values (checked).
 * Unknown names are an error that lists the loss's parameters.
 */
export function resolveParams(spec: LossSpec, given: Readonly<Record<string, unknown>> = {}): ResolvedParams {
  countCall('resolveParams');
  const out: Record<string, ParamValue> = {};
  for (const name of Object.keys(given)) {
    if (!spec.params.some((p) => p.name === name)) {
      const known = spec.params.map((p) => p.name).join(', ') || 'none';
      throw new ParamError(`${spec.id}: unknown parameter ${shortText(name)} (parameters: ${known})`);
    }
  }
  for (const p of spec.params) {
    const v = given[p.name];
    if (v === undefined) out[p.name] = p.default;
    else if (typeof v === 'string' && p.kind !== 'enum') out[p.name] = parseParam(p, v, spec.id);
    else out[p.name] = checkParam(p, v, spec.id);
  }
  return Object.freeze(out);
}
