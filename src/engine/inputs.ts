/**
 * Checking a loss's inputs before computing: required roles present, equal row counts, column
 * counts, and each role's value domain. Errors name the role, the row (0-based in the input as
 * given) and the column index, so the data layer can turn them into file:line:column.
 */
import { countCall } from './call-count';
import type { EvalInputs, LossSpec, ResolvedParams, RoleDomain, RoleName, RoleSpec } from './spec';

export class InputError extends Error {
  constructor(
    message: string,
    readonly role?: RoleName,
    /** 0-based row of the input as given. */
    readonly row?: number,
    /** 0-based column within the role. */
    readonly col?: number,
    /** The hyperparameter that does not fit the data (class weights against the logits' columns). */
    readonly param?: string,
  ) {
    super(message);
    this.name = 'InputError';
  }
}

export function rowCount(spec: LossSpec, inputs: EvalInputs): number {
  let n = -1;
  let first: RoleName | null = null;
  for (const r of spec.roles) {
    const x = inputs[r.name];
    if (!x) {
      if (!r.optional) throw new InputError(`${spec.id} needs the role ${r.name} (${r.doc})`, r.name);
      continue;
    }
    if (!Number.isInteger(x.cols) || x.cols < 1 || x.data.length % x.cols !== 0) {
      throw new InputError(`role ${r.name}: data length ${x.data.length} is not a multiple of its ${x.cols} columns`, r.name);
    }
    if (r.columns === 'one' && x.cols !== 1) {
      throw new InputError(`role ${r.name} takes one column, got ${x.cols}`, r.name);
    }
    const m = x.data.length / x.cols;
    if (n < 0) {
      n = m;
      first = r.name;
    } else if (m !== n) {
      throw new InputError(`role ${r.name} has ${m} rows but ${first} has ${n}`, r.name);
    }
  }
  for (const name of Object.keys(inputs) as RoleName[]) {
    if (!spec.roles.some((r) => r.name === name)) {
      throw new InputError(`${spec.id} has no role ${name} (roles: ${spec.roles.map((r) => r.name).join(', ')})`, name);
    }
  }
  if (n <= 0) throw new InputError(`${spec.id}: no rows to compute on`);
  return n;
}

/** `i` is the flat index into the role's row-major data; row and column are worked out only here, on failure. */
function domainError(r: RoleSpec, v: number, what: string, i: number, cols: number): InputError {
  return new InputError(`role ${r.name}: expected ${what}, got ${v}`, r.name, Math.floor(i / cols), i % cols);
}

/**
 * Index of the first NaN or ±Infinity, or -1. Blocks are summed first (four independent float64
 * sums, about 3x faster than testing each cell here): a float64 sum of 4096 float32 values cannot
 * overflow, so a block's sum is non-finite exactly when the block holds a non-finite cell.
 */
function firstNonFinite(d: Float32Array): number {
  const n = d.length;
  for (let b = 0; b < n; b += 4096) {
    const e = Math.min(n, b + 4096);
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let i = b;
    for (; i + 3 < e; i += 4) {
      s0 += d[i];
      s1 += d[i + 1];
      s2 += d[i + 2];
      s3 += d[i + 3];
    }
    for (; i < e; i++) s0 += d[i];
    const s = s0 + s1 + (s2 + s3);
    if (s - s !== 0) for (let j = b; j < e; j++) if (d[j] - d[j] !== 0) return j;
  }
  return -1;
}

/**
 * Index of the first cell outside the domain, or -1. One tight loop per domain (the check runs on
 * every cell of every evaluation, 1e8 cells for 1e7 rows of 10 logits); `v - v !== 0` is true
 * exactly for NaN and ±Infinity. checkDomains then explains the cell it finds.
 */
function firstOutside(d: Float32Array, domain: RoleDomain, classes: number, ignore: number | null, gains: number): number {
  const n = d.length;
  switch (domain) {
    case 'real':
      return firstNonFinite(d);
    case 'binary':
      for (let i = 0; i < n; i++) if (d[i] !== 0 && d[i] !== 1) return i;
      return -1;
    case 'unit':
      for (let i = 0; i < n; i++) if (!(d[i] >= 0 && d[i] <= 1)) return i;
      return -1;
    case 'nonnegative':
      for (let i = 0; i < n; i++) if (!(d[i] >= 0) || d[i] === Infinity) return i;
      return -1;
    case 'integer':
      for (let i = 0; i < n; i++) if (Math.floor(d[i]) !== d[i] || d[i] - d[i] !== 0) return i;
      return -1;
    case 'sign':
      for (let i = 0; i < n; i++) if (d[i] !== 1 && d[i] !== -1) return i;
      return -1;
    case 'classIndex':
      for (let i = 0; i < n; i++) {
        const v = d[i];
        if (v !== ignore && !(v >= 0 && v < classes && Math.floor(v) === v)) return i;
      }
      return -1;
    case 'gainIndex':
      for (let i = 0; i < n; i++) if (!(d[i] >= 0 && d[i] < gains && Math.floor(d[i]) === d[i])) return i;
      return -1;
  }
}

/**
 * Why a grade is not an index into `label_gain` (null when it is), in LightGBM's words and order
 * (DCGCalculator::CheckLabel, src/metric/dcg_calculator.cpp lines 147-163 at v4.6.0 d02a01ac):
 * not an integer, negative, not below the number of gains. Its `%f` prints six decimals.
 */
export function gainIndexReason(v: number, gains: number): string | null {
  if (!Number.isInteger(v)) return `label should be int type (met ${v.toFixed(6)}) for ranking task, for the gain of label, please set the label_gain parameter (LightGBM)`;
  if (v < 0) return `Label should be non-negative (met ${v.toFixed(6)}) for ranking task (LightGBM)`;
  if (v >= gains) return `Label ${v} is not less than the number of label mappings (${gains}) (LightGBM; label_gain has ${gains} values)`;
  return null;
}

/** Throws an InputError at the first cell of `d` outside `domain`; `why` (a conditional domain's reason) joins the message. */
function checkRole(r: RoleSpec, domain: RoleDomain, d: Float32Array, cols: number, classes: number, ignore: number | null, gains: number, why: string | null): void {
  const first = firstOutside(d, domain, classes, ignore, gains);
  if (first < 0) return;
  const fail = (what: string, i: number): InputError => domainError(r, d[i], why ? `${what} (${why})` : what, i, cols);
  for (let i = first; i < d.length; i++) {
    const v = d[i];
    if (!Number.isFinite(v)) throw fail('a finite number', i);
    switch (domain) {
      case 'real':
        break;
      case 'binary':
        if (v !== 0 && v !== 1) throw fail('a label 0 or 1', i);
        break;
      case 'unit':
        if (v < 0 || v > 1) throw fail('a value in [0, 1]', i);
        break;
      case 'nonnegative':
        if (v < 0) throw fail('a value >= 0', i);
        break;
      case 'integer':
        if (!Number.isInteger(v)) throw fail('an integer', i);
        break;
      case 'sign':
        if (v !== 1 && v !== -1) throw fail('a label 1 or -1', i);
        break;
      case 'classIndex':
        if (v === ignore) break;
        if (!Number.isInteger(v) || v < 0 || v >= classes) {
          throw fail(`a class index in [0, ${classes - 1}]${ignore !== null ? ` or ignore_index ${ignore}` : ''}`, i);
        }
        break;
      case 'gainIndex': {
        const reason = gainIndexReason(v, gains);
        if (reason) throw new InputError(`role ${r.name}: ${reason}`, r.name, Math.floor(i / cols), i % cols);
        break;
      }
    }
  }
}

/** Throws an InputError at the first cell outside its role's domain. */
export function checkDomains(spec: LossSpec, inputs: EvalInputs, params: ResolvedParams): void {
  countCall('checkDomains');
  const classes = inputs.logits?.cols ?? 0;
  const ignore = typeof params.ignore_index === 'number' ? params.ignore_index : null;
  const gains = Array.isArray(params.label_gain) ? params.label_gain.length : 0;
  for (const r of spec.roles) {
    const x = inputs[r.name];
    if (!x) continue;
    checkRole(r, r.domain, x.data, x.cols, classes, ignore, gains, null);
    const narrower = r.domainWhen;
    if (narrower && narrower.when(params)) checkRole(r, narrower.domain, x.data, x.cols, classes, ignore, gains, narrower.why);
  }
  for (const r of spec.roles) {
    const x = inputs[r.name];
    if (!x || !r.max) continue;
    const d = x.data;
    const top = r.max.value;
    for (let i = 0; i < d.length; i++) if (d[i] > top) throw domainError(r, d[i], `a value <= ${top} (${r.max.why})`, i, x.cols);
  }
  const msg = spec.check?.(params, Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v?.cols])));
  if (msg) throw typeof msg === 'string' ? new InputError(msg) : new InputError(msg.message, undefined, undefined, undefined, msg.param);
}
