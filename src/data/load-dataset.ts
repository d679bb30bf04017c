/**
 * From a read CSV table and a column mapping to the engine's inputs (`EvalInputs`: one row-major
 * Float32Array per role), with every row accounted for:
 *
 * - a used column with a non-numeric cell is an error at that cell;
 * - rows whose used cells are missing, NaN or infinite are skipped and counted by reason (or, with
 *   `strict`, the first one is an error), never folded into the value;
 * - values outside a role's domain (class index out of range, label outside {0, 1}, ...) are errors
 *   placed at the cell, found by the engine's own `checkDomains`;
 * - id columns (roles whose domain is `integer`, e.g. query ids) holding integers above 2^24, which
 *   float32 cannot tell apart, are renumbered 0..k-1 in increasing order: grouping and order are
 *   kept, and `idValues` maps the numbers back (renumber-ids.ts). (Erroring would force users to renumber by hand;
 *   other roles simply get float32 values, as in any float32 framework.)
 *
 * `lines[i]` is the file line of kept row i, so per-sample results can be traced back.
 */
import { checkDomains, InputError } from '../engine/inputs';
import { resolveParams } from '../engine/params';
import { tooManyRows, type EvalInputs, type LossSpec, type ResolvedParams, type RoleInput, type RoleName } from '../engine/spec';
import type { ColumnMapping, RoleMapping } from './column-mapping';
import type { CsvColumn, CsvTable } from './csv-reader';
import { DataError } from './data-error';
import { MAX_DISTINCT_IDS, renumberIds, type RenumberedIds } from './renumber-ids';

export interface SkipReason {
  readonly reason: string;
  readonly count: number;
  /** File line of the first row skipped for this reason. */
  readonly firstLine: number;
}

export interface SkipReport {
  /** Rows skipped. */
  readonly count: number;
  readonly reasons: readonly SkipReason[];
}

export interface Dataset {
  readonly fileName: string;
  readonly inputs: EvalInputs;
  /** Rows kept (those the loss is computed on). */
  readonly n: number;
  /** Data rows in the file. */
  readonly rowsRead: number;
  /** File line of each kept row. */
  readonly lines: Int32Array;
  /** Table row (0-based) of each kept row, or null when every row was kept. */
  readonly keptRows: Int32Array | null;
  readonly mapping: ColumnMapping;
  readonly skipped: SkipReport;
  /** Things the user should know (renumbered ids). */
  readonly notes: readonly string[];
  /** For renumbered id roles: the original id of each code. */
  readonly idValues?: Readonly<Partial<Record<RoleName, RenumberedIds>>>;
}

export interface BuildOptions {
  /** Make the first row with a missing or non-finite used cell an error instead of skipping it. */
  readonly strict?: boolean;
  /**
   * Hyperparameters as `resolveParams` returned them (default: the loss's defaults): the domains
   * are checked with them (the class-index domain depends on `ignore_index`), so the caller passes
   * the same resolved params and the dataset on to `evaluateChecked` rather than resolving twice.
   */
  readonly params?: ResolvedParams;
  /**
   * The table is not used afterwards: its stored arrays may become the dataset's inputs as they
   * are and be compacted in place when rows are skipped (no second copy of the data).
   */
  readonly consumeTable?: boolean;
}

interface UsedColumn {
  readonly role: RoleName;
  readonly index: number;
  readonly name: string;
  /** The cells: `data[row * stride + offset]`. */
  readonly data: Float32Array | Float64Array;
  readonly stride: number;
  readonly offset: number;
}

/** Builds the dataset in one synchronous call (the CLI, the loss suggestions on a file's first rows). */
export function buildDataset(table: CsvTable, spec: LossSpec, mapping: ColumnMapping, opts: BuildOptions = {}): Dataset {
  const steps = datasetSteps(table, spec, mapping, opts);
  for (;;) {
    const s = steps.next();
    if (s.done) return s.value;
  }
}

/**
 * The same build, yielding to the event loop between its steps (a column's skip check, a chunk of
 * a copied role) and rejecting with the signal's reason once it is aborted. For the extension host,
 * which it shares with other extensions: copying the 10 logit columns of a 1e7-row table into one
 * row-major array blocked it for seconds in one piece (issue #10 §6).
 */
export async function buildDatasetAsync(table: CsvTable, spec: LossSpec, mapping: ColumnMapping, opts: BuildOptions & { readonly signal?: AbortSignal } = {}): Promise<Dataset> {
  opts.signal?.throwIfAborted();
  const steps = datasetSteps(table, spec, mapping, opts);
  for (;;) {
    const s = steps.next();
    if (s.done) return s.value;
    await new Promise<void>((r) => setImmediate(r));
    opts.signal?.throwIfAborted();
  }
}

/**
 * Rows copied per step of a role's row-major copy: 2^16 rows of 10 columns is 2.6 MB, a few ms of
 * work (fresh memory is written at 0.3-0.5 GB/s on this kind of VM), and stays in cache while the
 * columns are interleaved into it.
 */
const COPY_ROWS = 1 << 16;

/** buildDataset's work, as a generator that yields between steps (see the two drivers above). */
function* datasetSteps(table: CsvTable, spec: LossSpec, mapping: ColumnMapping, opts: BuildOptions): Generator<void, Dataset, void> {
  const params = opts.params ?? resolveParams(spec);
  const used: UsedColumn[] = [];
  for (const m of mapping.roles) {
    for (const index of m.columns) {
      const col = table.columns[index];
      if (col.nonNumeric) {
        const c = col.nonNumeric;
        throw new DataError(`non-numeric cell "${c.text}" in column ${col.name} (role ${m.role}): expected a number${decimalCommaHint(c.text, table)}`, table.fileName, c.line, c.column);
      }
      used.push({ role: m.role, index, name: col.name, ...cellsOf(col) });
    }
  }

  // Skipped rows: mark each row with the first used cell (in role order) that is not finite.
  const rows = table.rows;
  // Reason numbers per row: up to two per used column (65,535 columns make more than a Uint16 holds).
  const mark = new Uint32Array(rows);
  const reasonText: string[] = [];
  const reasonIndex = new Map<string, number>();
  const reasonCount: number[] = [];
  const reasonLine: number[] = [];
  const reasonCell: Array<[number, string]> = [];
  let skipped = 0;
  const reasonFor = (u: UsedColumn, kind: 'nan' | 'inf'): number => {
    const text = `${kind === 'nan' ? 'missing or NaN' : 'infinite'} value in ${u.role} (column ${u.name})`;
    let k = reasonIndex.get(text) ?? -1;
    if (k < 0) {
      k = reasonText.push(text) - 1;
      reasonIndex.set(text, k);
      reasonCount.push(0);
      reasonLine.push(0);
      reasonCell.push([u.index + 1, kind]);
    }
    return k + 1;
  };
  for (const u of used) {
    const { data, stride, offset } = u;
    let nanReason = 0;
    let infReason = 0;
    for (let i = 0; i < rows; i++) {
      const x = data[i * stride + offset];
      if (x - x === 0 || mark[i] !== 0) continue;
      if (x !== x) mark[i] = nanReason || (nanReason = reasonFor(u, 'nan'));
      else mark[i] = infReason || (infReason = reasonFor(u, 'inf'));
      skipped++;
    }
    yield;
  }
  if (skipped > 0) {
    for (let i = 0; i < rows; i++) {
      const k = mark[i];
      if (k === 0) continue;
      if (opts.strict) {
        throw new DataError(`${reasonText[k - 1]}; strict mode allows none (without it such rows are skipped and counted)`, table.fileName, table.lines[i], reasonCell[k - 1][0]);
      }
      if (reasonCount[k - 1]++ === 0) reasonLine[k - 1] = table.lines[i];
    }
  }
  const n = rows - skipped;
  if (n === 0) {
    throw new DataError(`no rows left: all ${rows} data rows have missing or non-finite values in the columns used (${reasonText.join('; ')})`, table.fileName, table.lines[0], 1);
  }
  const keep = skipped > 0 ? keptRows(mark, n) : null;
  const inPlace = !!opts.consumeTable;
  // Blocks already compacted in place (a column mapped to two roles is one block used twice).
  const compacted = new Map<Float32Array | Float64Array, Float32Array>();
  const lines = keep ? gather(table.lines, keep, 1, inPlace) : table.lines;

  const inputs: Partial<Record<RoleName, RoleInput>> = {};
  const idValues: Partial<Record<RoleName, RenumberedIds>> = {};
  const notes: string[] = [];
  for (const m of mapping.roles) {
    const r = spec.roles.find((s) => s.name === m.role)!;
    const cols = m.columns.map((i) => table.columns[i]);
    const wideIds = r.domain === 'integer' && cols.length === 1 && cols[0].wide;
    const kept = wideIds ? (keep ? gather(cols[0].values, keep) : cols[0].values) : null;
    if (kept && allIntegers(kept)) {
      const ren = renumberIds(kept);
      if (!ren) {
        throw new DataError(
          `column ${m.names[0]} (role ${m.role}) holds ids above 2^24 and more than ${MAX_DISTINCT_IDS} distinct ones, more than float32 codes can tell apart; renumber them (or split the file)`,
          table.fileName,
          table.headerLine,
          m.columns[0] + 1,
        );
      }
      inputs[m.role] = { data: ren.codes, cols: 1, columns: m.names };
      idValues[m.role] = ren;
      const last = ren.first + ren.ids.length - 1;
      notes.push(`column ${m.names[0]} holds ids above 2^24, which float32 cannot tell apart; role ${m.role} uses them renumbered ${ren.first}..${last} in increasing order (same groups, same order)`);
      continue;
    }
    inputs[m.role] = { data: yield* roleData(cols, keep, n, inPlace ? compacted : null), cols: m.columns.length, columns: m.names };
    yield;
  }

  const ds: Dataset = {
    fileName: table.fileName,
    inputs,
    n,
    rowsRead: rows,
    lines,
    keptRows: keep,
    mapping,
    skipped: {
      count: skipped,
      reasons: reasonText.map((reason, k) => ({ reason, count: reasonCount[k], firstLine: reasonLine[k] })).filter((r) => r.count > 0),
    },
    notes,
    ...(Object.keys(idValues).length ? { idValues } : {}),
  };
  checkDataset(spec, ds, params);
  return ds;
}

/**
 * Refuses more rows than the loss takes (its `maxRows`), placed at the first row beyond the bound,
 * then runs the engine's domain checks, placing any violation in the file.
 */
export function checkDataset(spec: LossSpec, ds: Dataset, params: ResolvedParams): void {
  const over = tooManyRows(spec, ds.n);
  if (over) throw new DataError(over, ds.fileName, ds.lines[spec.maxRows!.rows], 1);
  try {
    checkDomains(spec, ds.inputs, params);
  } catch (e) {
    throw e instanceof InputError ? placeInputError(e, ds) : e;
  }
}

/**
 * Turns an engine InputError that names a role, row and column into a DataError at the cell's
 * file line and column; other errors come back unchanged.
 */
export function placeInputError(e: InputError, ds: Dataset): Error {
  if (e.role === undefined || e.row === undefined) return e;
  const m: RoleMapping | undefined = ds.mapping.roles.find((r) => r.role === e.role);
  if (!m) return e;
  const k = e.col ?? 0;
  const name = m.names[k] ?? m.names[0];
  const prefix = `role ${e.role}:`;
  const detail = e.message.startsWith(prefix) ? `column ${name} (role ${e.role}):${e.message.slice(prefix.length)}` : `${e.message} (column ${name})`;
  return new DataError(detail, ds.fileName, ds.lines[e.row], (m.columns[k] ?? m.columns[0]) + 1);
}

function decimalCommaHint(text: string, table: CsvTable): string {
  return table.delimiter !== ',' && /^\s*[+-]?\d+,\d+\s*$/.test(text) ? ' (a decimal comma? numbers must use a decimal point)' : '';
}

function keptRows(mark: Uint32Array, n: number): Int32Array {
  const keep = new Int32Array(n);
  let j = 0;
  for (let i = 0; i < mark.length; i++) if (mark[i] === 0) keep[j++] = i;
  return keep;
}

/**
 * The kept rows of `a` (rows of `width` values), into a new array or, `inPlace`, moved to the front
 * of `a` (safe: kept rows only move towards the start) and returned as a view.
 */
function gather<T extends Float32Array | Float64Array | Int32Array>(a: T, keep: Int32Array, width = 1, inPlace = false): T {
  const n = keep.length;
  const out = inPlace ? a : new (a.constructor as new (n: number) => T)(n * width);
  if (width === 1) for (let i = 0; i < n; i++) out[i] = a[keep[i]];
  else for (let i = 0; i < n; i++) for (let k = 0, s = keep[i] * width, d = i * width; k < width; k++) out[d + k] = a[s + k];
  return (inPlace ? a.subarray(0, n * width) : out) as T;
}

/**
 * A role's row-major float32 data over the kept rows. When the role's columns are exactly one
 * stored block (a column alone, or a group read row-major for this role), that block is the data:
 * used as it is, or compacted (in place, once, when the table is consumed: `compacted` remembers the
 * blocks done). Otherwise a new array.
 */
function* roleData(cols: readonly CsvColumn[], keep: Int32Array | null, n: number, compacted: Map<Float32Array | Float64Array, Float32Array> | null): Generator<void, Float32Array, void> {
  const width = cols.length;
  const block = cols[0].stored;
  const whole =
    block &&
    block.data instanceof Float32Array &&
    block.stride === width &&
    cols.every((c, k) => c.stored?.data === block.data && c.stored.offset === k);
  if (whole) {
    const data = block.data as Float32Array;
    if (!keep) return data;
    if (!compacted) return gather(data, keep, width);
    let view = compacted.get(data);
    if (!view) compacted.set(data, (view = gather(data, keep, width, true)));
    return view;
  }
  const out = new Float32Array(n * width);
  const cells = cols.map(cellsOf);
  // In chunks of rows, each chunk's columns interleaved while it is in cache; a step per chunk.
  for (let i0 = 0; i0 < n; i0 += COPY_ROWS) {
    copyRows(out, width, cells, keep, i0, Math.min(n, i0 + COPY_ROWS));
    if (i0 + COPY_ROWS < n) yield;
  }
  return out;
}

/** Rows [i0, i1) of the role's columns into row-major `out`. */
function copyRows(out: Float32Array, width: number, cells: ReadonlyArray<NonNullable<CsvColumn['stored']>>, keep: Int32Array | null, i0: number, i1: number): void {
  for (let c = 0; c < width; c++) {
    const { data, stride, offset } = cells[c];
    if (keep) for (let i = i0; i < i1; i++) out[i * width + c] = data[keep[i] * stride + offset];
    else for (let i = i0; i < i1; i++) out[i * width + c] = data[i * stride + offset];
  }
}

/** Where a mapped column's cells are (every column a mapping names was read). */
function cellsOf(col: CsvColumn): NonNullable<CsvColumn['stored']> {
  if (!col.stored) throw new Error(`internal: column ${col.name} is mapped but was not read`);
  return col.stored;
}

function allIntegers(v: Float32Array | Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isInteger(v[i])) return false;
  return true;
}
