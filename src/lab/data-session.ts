/**
 * One loaded CSV in the panel: the parsed table (kept in memory, so re-mapping or switching losses
 * does not re-read the file), the column mapping per loss, evaluation, sweeps and export. No
 * vscode import: the file bytes come from the host (streamed from disk, or vscode.workspace.fs),
 * everything else is here and unit-tested on the sample files.
 *
 * Memory budget (issue #10 §6): the table holds every numeric column as float32 (4 bytes a cell,
 * any of them may be mapped later) plus the file line of each row; nothing else. A column with a
 * text cell keeps only that first cell (the mapping error names it) and no values: no loss can
 * use it and no view shows it (the worst-rows table shows the mapped cells only, from the engine
 * inputs). The bytes are streamed through one reused 1 MB buffer, so a 1e7 × 11 file (440 MB of
 * float32) loads in about 1.1x that, yielding to the event loop after every chunk (cancellable
 * between chunks).
 */
import { analyzeData, type DataAnalysis } from './analysis/analyze-data';
import { evaluate } from '../engine/evaluate';
import { LOSSES } from '../engine/registry';
import { tooManyRows, type LossSpec, type NumberParam, type IntegerParam, type Reduction, type ResolvedParams } from '../engine/spec';
import { buildDataset, buildDatasetAsync, checkDataset, headRows, mapColumns, readCsv, type ColumnMapping, type CsvTable, type Dataset } from '../data';
import { resolveParams } from '../engine/params';
import type { DataResult, DatasetInfo, MappingData, ParamsData, SweepResult } from '../shared/protocol';
import { shortText } from '../text/short-text';
import { PanelError } from './panel-error';
import { paramRange } from './param-range';
import { formatSummary } from './summary';

export interface FileRef {
  /** Workspace-relative path, '/'-separated. */
  readonly path: string;
  readonly folder: string | null;
}

export interface LoadOptions {
  readonly signal?: AbortSignal;
  /** Size of a streamed input (progress, and one allocation of the columns instead of many). */
  readonly bytesTotal?: number;
  readonly onProgress?: (bytesDone: number, bytesTotal?: number) => void;
}

export interface EvaluateOptions {
  readonly seq: number;
  readonly sampleSize: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (rowsDone: number, rowsTotal: number) => void;
}

export interface Evaluation {
  readonly result: DataResult;
  readonly analysis: DataAnalysis;
  readonly dataset: Dataset;
}

export const DEFAULT_SWEEP_POINTS = 25;
/**
 * Rows per engine batch in the extension host: the host is shared with other extensions, and a
 * 2^18-row cross-entropy batch with gradients held the event loop for over a second here; 2^16
 * kept the longest pause near 0.3 s at about the same total time.
 */
export const PANEL_BATCH_ROWS = 1 << 16;

/** The mapping as the data layer takes it: column numbers (`#3`), immune to commas in names. */
function mappingText(table: CsvTable, m: MappingData): Record<string, string> {
  // one lookup table, not a scan of the header per name (4096 names x 65,536 columns)
  const byName = new Map<string, number>();
  for (const c of table.columns) if (!byName.has(c.name)) byName.set(c.name, c.index);
  const out: Record<string, string> = {};
  for (const [role, names] of Object.entries(m)) {
    out[role] = names
      .map((name) => {
        const index = byName.get(name);
        if (index === undefined) throw new PanelError('mapping_error', `no column ${JSON.stringify(shortText(name))} for role ${role} in ${table.fileName}`);
        return `#${index + 1}`;
      })
      .join(',');
  }
  return out;
}

export function mappingData(m: ColumnMapping): MappingData {
  return Object.fromEntries(m.roles.map((r) => [r.role, [...r.names]]));
}

export class DataSession {
  /** Explicit mappings per loss id (absent: inferred). */
  private readonly given = new Map<string, MappingData>();
  /**
   * Columns a role gets for every loss that has the role and no explicit column for it (AdaRank's
   * combined score as `score`): kept across loss switches, which re-infer the mapping.
   */
  private readonly roleDefaults = new Map<string, string>();
  /** The last built dataset: dragging a slider re-evaluates the same loss and mapping many times. */
  private built: { key: string; ds: Dataset } | null = null;

  constructor(
    /** Replaced only by `addColumn` (a derived column such as AdaRank's combined score). */
    public table: CsvTable,
    readonly ref: FileRef,
    readonly sizeBytes: number,
    readonly loadMs: number,
  ) {}

  /** Reads a whole file (its bytes, or a stream of chunks that may reuse one buffer). */
  static async read(input: Uint8Array | AsyncIterable<Uint8Array>, ref: FileRef, opts: LoadOptions = {}): Promise<DataSession> {
    const t0 = Date.now();
    const table = await readCsv(input, { fileName: ref.path, ...opts });
    return new DataSession(table, ref, table.bytes, Date.now() - t0);
  }

  /** A session on a re-read of the same file that keeps the explicit mappings (live reload). */
  reloaded(next: DataSession): DataSession {
    for (const [k, v] of this.given) next.given.set(k, v);
    return next;
  }

  /** Sets (or with null clears) the explicit mapping for a loss; throws when it does not fit. */
  setMapping(spec: LossSpec, m: MappingData | null): void {
    if (m === null) {
      this.given.delete(spec.id);
      return;
    }
    mapColumns(spec, this.table, mappingText(this.table, m));
    this.given.set(spec.id, m);
  }

  /**
   * Appends a computed column (one value per table row, NaN = missing) to the table in memory,
   * under a name no column has (`name`, else `name_2`, ...); returns that name. It lives until the
   * file is read again.
   */
  addColumn(name: string, values: Float32Array): string {
    if (values.length !== this.table.rows) throw new Error(`internal: ${values.length} values for ${this.table.rows} rows`);
    const taken = new Set(this.table.columns.map((c) => c.name));
    let unique = name;
    for (let i = 2; taken.has(unique); i++) unique = `${name}_${i}`;
    const column = { name: unique, index: this.table.columns.length, values, stored: { data: values, stride: 1, offset: 0 }, wide: false };
    this.table = { ...this.table, columns: [...this.table.columns, column], blocks: [...this.table.blocks, { columns: [column.index], data: values }] };
    this.built = null;
    return unique;
  }

  /** Maps `role` to column `name` for every loss with that role, unless its mapping names another column. */
  setRoleDefault(role: string, name: string): void {
    this.roleDefaults.set(role, name);
    this.built = null;
  }

  /** The explicit mapping of a loss (null: all roles inferred). */
  givenMapping(spec: LossSpec): MappingData | null {
    return this.given.get(spec.id) ?? null;
  }

  /** The column mapping for a loss: explicit roles as given, the others inferred. Throws DataError/MappingError. */
  mapping(spec: LossSpec): ColumnMapping {
    const g: MappingData = { ...this.given.get(spec.id) };
    for (const [role, name] of this.roleDefaults) if (!(role in g) && spec.roles.some((r) => r.name === role)) g[role] = [name];
    return mapColumns(spec, this.table, Object.keys(g).length ? mappingText(this.table, g) : {});
  }

  /**
   * The first loss (the given family first, then registry order) whose roles all map onto the
   * columns and whose value domains the first rows satisfy: names alone mislead (a regression file's
   * `y_pred, y_true` also match a binary loss's `logit, target` aliases, but its targets are not 0/1).
   */
  suggestLoss(prefer?: LossSpec): string | null {
    const ordered = prefer ? [...LOSSES.filter((l) => l.family === prefer.family), ...LOSSES.filter((l) => l.family !== prefer.family)] : LOSSES;
    for (const l of ordered) {
      // A file with more rows than the loss takes is not suggested for it (the rows a skip would drop are not known yet).
      if (tooManyRows(l, this.table.rows)) continue;
      try {
        const head = this.head(l);
        buildDataset(head, l, mapColumns(l, head, {}), {});
        return l.id;
      } catch {
        // not this one
      }
    }
    return null;
  }

  /**
   * The first rows the domains are tried on: SUGGEST_ROWS, or fewer for a loss that takes fewer
   * (whether the whole file is within its bound is said when it is evaluated, with the bound).
   */
  private head(spec: LossSpec): CsvTable {
    return headRows(this.table, Math.min(SUGGEST_ROWS, spec.maxRows?.rows ?? SUGGEST_ROWS));
  }

  /** Whether the loss maps onto the columns and its value domains hold on the first rows. */
  fits(spec: LossSpec): boolean {
    try {
      const head = this.head(spec);
      buildDataset(head, spec, this.mapping(spec), {});
      return true;
    } catch {
      return false;
    }
  }

  /** The file as the panel describes it for a loss; `mapped`: its mapping, when the caller has it already. */
  info(spec: LossSpec, mapped?: ColumnMapping): DatasetInfo {
    let mapping: MappingData | null = null;
    let notes: readonly string[] = [];
    let mappingError: string | null = null;
    try {
      const m = mapped ?? this.mapping(spec);
      mapping = mappingData(m);
      notes = m.explanation;
    } catch (e) {
      mappingError = e instanceof Error ? e.message : String(e);
    }
    const suggestion = mappingError ? this.suggestLoss(spec) : null;
    return {
      path: this.ref.path,
      folder: this.ref.folder,
      fileName: this.ref.path.split('/').pop() ?? this.ref.path,
      sizeBytes: this.sizeBytes,
      rows: this.table.rows,
      columns: this.table.columns.map((c) => c.name),
      loss: spec.id,
      mapping,
      mappingNotes: [...notes],
      mappingError,
      suggestedLoss: suggestion,
      loadMs: this.loadMs,
    };
  }

  /**
   * The engine inputs for a loss (mapped, rows with missing values skipped, domains checked for
   * these params, as `resolveParams` returned them). Built once per loss and mapping; other params
   * only re-run the domain checks (which depend on params such as ignore_index and the class-weight
   * count).
   */
  async dataset(spec: LossSpec, params: ResolvedParams, mapping: ColumnMapping = this.mapping(spec), signal?: AbortSignal): Promise<Dataset> {
    const key = JSON.stringify([spec.id, mapping.roles.map((r) => [r.role, r.columns])]);
    if (this.built?.key === key) {
      checkDataset(spec, this.built.ds, params);
      return this.built.ds;
    }
    this.built = null;
    // Built in steps between which the host's event loop runs (a 1e7 × 10 copy is seconds of work).
    const ds = await buildDatasetAsync(this.table, spec, mapping, { params, ...(signal ? { signal } : {}) });
    this.built = { key, ds };
    return ds;
  }

  async evaluate(spec: LossSpec, params: ParamsData, reduction: Reduction, opts: EvaluateOptions): Promise<Evaluation> {
    const t0 = Date.now();
    // Mapped, resolved and checked once here; the engine and the file's description get the results.
    const mapping = this.mapping(spec);
    const resolved = resolveParams(spec, params);
    const dataset = await this.dataset(spec, resolved, mapping, opts.signal);
    const columns = Object.fromEntries(dataset.mapping.roles.map((r) => [r.role, r.names]));
    const analysis = await analyzeData(spec, dataset.inputs, resolved, {
      reduction,
      sampleSize: opts.sampleSize,
      lines: dataset.lines,
      columns,
      ...(dataset.idValues ? { idValues: dataset.idValues } : {}),
      batchRows: PANEL_BATCH_ROWS,
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    });
    const partial = {
      ...analysis.figures,
      seq: opts.seq,
      dataset: this.info(spec, mapping),
      mapping: mappingData(dataset.mapping),
      skipped: { count: dataset.skipped.count, reasons: dataset.skipped.reasons.map((r) => ({ ...r })) },
      evalMs: Date.now() - t0,
    };
    const result: DataResult = { ...partial, summary: formatSummary(partial) };
    return { result, analysis, dataset };
  }

  /** The reduced loss on this data as `param` moves over its range (`none` is shown as the mean). */
  async sweep(
    spec: LossSpec,
    params: ParamsData,
    reduction: Reduction,
    param: string,
    opts: { seq: number; points?: number; signal?: AbortSignal; onProgress?: (done: number, total: number) => void },
  ): Promise<SweepResult> {
    const p = spec.params.find((q) => q.name === param);
    if (!p || (p.kind !== 'number' && p.kind !== 'integer') || !p.sweep) {
      const sweepable = spec.params.filter((q) => (q.kind === 'number' || q.kind === 'integer') && q.sweep).map((q) => q.name);
      throw new PanelError('bad_request', `${spec.id}: ${param} cannot be swept (sweepable: ${sweepable.join(', ') || 'none'})`);
    }
    const xs = sweepGrid(p, opts.points ?? DEFAULT_SWEEP_POINTS);
    const dataset = await this.dataset(spec, resolveParams(spec, params), undefined, opts.signal);
    const red: Reduction = reduction === 'none' ? 'mean' : reduction;
    const value: Array<number | null> = [];
    for (let k = 0; k < xs.length; k++) {
      opts.signal?.throwIfAborted();
      try {
        const r = await evaluate(spec, dataset.inputs, { ...params, [param]: xs[k] }, { reduction: red, batchRows: PANEL_BATCH_ROWS, ...(opts.signal ? { signal: opts.signal } : {}) });
        value.push(Number.isFinite(r.value) ? r.value : null);
      } catch (e) {
        opts.signal?.throwIfAborted();
        if ((e as Error).name === 'CancelledError') throw e;
        value.push(null);
      }
      opts.onProgress?.(k + 1, xs.length);
    }
    const cur = params[param];
    return { seq: opts.seq, loss: spec.id, param, x: xs, value, current: typeof cur === 'number' ? cur : (p.default ?? null), reduction: red };
  }
}

/** Evenly spaced values over the param's slider range (`paramRange`), inside its bounds. */
export function sweepGrid(p: NumberParam | IntegerParam, points: number): number[] {
  const range = paramRange(p);
  const lo = Math.max(range.min, p.min);
  const hi = Math.min(range.max, p.max);
  const xs: number[] = [];
  for (let k = 0; k < points; k++) xs.push(lo + ((hi - lo) * k) / (points - 1));
  let out = p.kind === 'integer' ? [...new Set(xs.map((x) => Math.round(x)))] : xs;
  // An exclusive lower bound (beta > 0) cannot be evaluated at the bound itself.
  if (p.kind === 'number' && p.minExclusive) out = out.map((x) => (x <= p.min ? p.min + (hi - lo) / (points - 1) / 10 : x));
  // Likewise an exclusive upper bound (quantile q < 1).
  if (p.kind === 'number' && p.maxExclusive) out = out.map((x) => (x >= p.max ? p.max - (hi - lo) / (points - 1) / 10 : x));
  return out;
}

/** Rows a loss suggestion checks the value domains on. */
const SUGGEST_ROWS = 2000;
