/**
 * Checking a loss's inputs before computing: required roles present, equal row counts, column
 * counts, and each role's value domain. Errors name the role, the row (0-based in the input as
 * given) and the column index, so the data layer can turn them into file:line:column.
 */
import type { EvalInputs, LossSpec, ResolvedParams, RoleName, RoleSpec } from './spec';

export class InputError extends Error {
  constructor(
    message: string,
    readonly role?: RoleName,
    /** 0-based row of the input as given. */
    readonly row?: number,
    /** 0-based column within the role. */
    readonly col?: number,
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

function domainError(r: RoleSpec, v: number, what: string, row: number, col: number): InputError {
  return new InputError(`role ${r.name}: expected ${what}, got ${v}`, r.name, row, col);
}

/** Throws an InputError at the first cell outside its role's domain. */
export function checkDomains(spec: LossSpec, inputs: EvalInputs, params: ResolvedParams): void {
  const classes = inputs.logits?.cols ?? 0;
  const ignore = typeof params.ignore_index === 'number' ? params.ignore_index : null;
  for (const r of spec.roles) {
    const x = inputs[r.name];
    if (!x) continue;
    const d = x.data;
    for (let i = 0; i < d.length; i++) {
      const v = d[i];
      const row = Math.floor(i / x.cols);
      const col = i % x.cols;
      if (!Number.isFinite(v)) throw domainError(r, v, 'a finite number', row, col);
      switch (r.domain) {
        case 'real':
          break;
        case 'binary':
          if (v !== 0 && v !== 1) throw domainError(r, v, 'a label 0 or 1', row, col);
          break;
        case 'unit':
          if (v < 0 || v > 1) throw domainError(r, v, 'a value in [0, 1]', row, col);
          break;
        case 'nonnegative':
          if (v < 0) throw domainError(r, v, 'a value >= 0', row, col);
          break;
        case 'integer':
          if (!Number.isInteger(v)) throw domainError(r, v, 'an integer', row, col);
          break;
        case 'classIndex':
          if (v === ignore) break;
          if (!Number.isInteger(v) || v < 0 || v >= classes) {
            throw domainError(r, v, `a class index in [0, ${classes - 1}]${ignore !== null ? ` or ignore_index ${ignore}` : ''}`, row, col);
          }
          break;
      }
    }
  }
  const msg = spec.check?.(params, Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v?.cols])));
  if (msg) throw new InputError(msg);
}
