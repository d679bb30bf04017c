/**
 * Everything the panel's data view shows about one loss on one loaded table, from a single engine
 * run (the reduced value, the per-sample values, and the gradient of their plain sum): the
 * histogram of per-sample losses, the per-unit loss against the family's variable (decimated),
 * per-row gradient magnitudes, the worst units with their CSV lines, and the family's own figures.
 *
 * The gradient magnitudes are per-sample, not of the reduced loss (which carries 1/N and says
 * little about one row): for row units the gradient of the sum at row i is ∂l_i/∂(row i's inputs),
 * the row's own loss's gradient; a pair, query or triplet loss depends on several rows, so there
 * each row shows ∂(Σ losses)/∂(its inputs), and `gradient.of` and its label say which.
 */
import type { DataResult, FamilyAnalysis, ParamSuggestion, Scatter, WorstRow } from '../../shared/results';
import { curveKindOf } from '../curves/kind';
import { evaluateChecked, type EvalResult } from '../../engine/evaluate';
import { rowCount } from '../../engine/inputs';
import type { EvalInputs, LossSpec, Reduction, ResolvedParams, RoleName } from '../../engine/spec';
import { analyzeBinary, analyzeDistillation, analyzeMulticlass, multiclassMetricsInSteps } from './classification';
import { analyzeContrastive } from './contrastive';
import { analyzeCosinePairs, analyzeInfoNce, analyzeSupcon } from './cosine';
import { histogram, quantile } from './histogram';
import { decimate, float32Point, topIndices } from './per-row';
import { analyzeRanking } from './ranking';
import { analyzeLambdaMart } from './lambdamart';
import { analyzeRegression } from './regression';
import { analyzeMinedTriplets, analyzeTriplets, minedTripletUnits } from './triplet';
import type { UnitView } from './unit-view';
import type { RenumberedIds } from '../../data/renumber-ids';
import { queryIds } from '../query-ids';

export interface AnalyzeOptions {
  readonly reduction: Reduction;
  /** Points drawn in the scatter (the chartSampleSize setting). */
  readonly sampleSize: number;
  /** 1-based CSV line of each input row. */
  readonly lines: ArrayLike<number>;
  /** Column names of each mapped role (for the worst rows' cells). */
  readonly columns: Readonly<Partial<Record<RoleName, readonly string[]>>>;
  readonly worst?: number;
  /**
   * For the id roles the data layer renumbered (ids above 2^24: query ids, class labels), the file's
   * own ids: figures and worst-row cells show those, never the codes (default: none renumbered).
   */
  readonly idValues?: Readonly<Partial<Record<RoleName, RenumberedIds>>>;
  /** Rows per engine batch (smaller batches keep the event loop responsive; default the engine's). */
  readonly batchRows?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (rowsDone: number, rowsTotal: number) => void;
}

/** The data view's figures without what the panel adds (seq, dataset, mapping, skipped rows, summary). */
export type DataFigures = Omit<DataResult, 'seq' | 'dataset' | 'mapping' | 'skipped' | 'summary' | 'evalMs'>;

export interface DataAnalysis {
  readonly figures: DataFigures;
  /** Host-only, for "export per-sample results": the engine's output and how units map to rows. */
  readonly eval: EvalResult;
  readonly view: UnitView | null;
  readonly gradNorms: Float64Array | null;
}

const WORST_CELLS = 12;

function familyFigures(spec: LossSpec, inputs: EvalInputs, r: EvalResult, lines: ArrayLike<number>, idOf: (code: number) => number) {
  const kind = curveKindOf(spec);
  const perRow = r.unit === 'row' ? r.perSample : undefined;
  let analysis: FamilyAnalysis | null = null;
  let view: UnitView | null = null;
  let suggestions: ParamSuggestion[] = [];
  switch (kind) {
    case 'regression':
      ({ analysis, view } = analyzeRegression(inputs, r.params));
      break;
    case 'classification':
      if (inputs.teacher_logits) ({ analysis, view, suggestions } = analyzeDistillation(inputs, perRow, r.metrics));
      else ({ analysis, view, suggestions } = analyzeMulticlass(spec, inputs, r.params, perRow, r.metrics));
      break;
    case 'binary':
      ({ analysis, view, suggestions } = analyzeBinary(spec, inputs, perRow));
      break;
    case 'ranking':
      ({ analysis, view } = analyzeRanking(inputs, r.params, r.unit, r.perSample, r.unitIds, lines, idOf));
      // LightGBM's objective: the per-document λ and h and the pairs of the worst queries.
      if (spec.id === 'lambdamart' && analysis?.kind === 'ranking' && r.perSample && r.unitIds) {
        analysis = { ...analysis, lambdamart: analyzeLambdaMart(inputs, r.params, r.perSample, r.unitIds, lines, idOf) };
      }
      break;
    case 'contrastive':
      ({ analysis, view } = analyzeContrastive(inputs, r.params));
      break;
    case 'triplet':
      if (inputs.embedding) {
        ({ analysis } = analyzeMinedTriplets(inputs, r.params));
        view = r.unitRows ? minedTripletUnits(inputs, r.unitRows, lines) : null;
      } else {
        ({ analysis, view } = analyzeTriplets(inputs, r.params));
      }
      break;
    case 'cosine':
      ({ analysis, view } = analyzeCosinePairs(inputs, r.params));
      break;
    case 'in_batch':
      ({ analysis, view } = inputs.embedding ? analyzeSupcon(inputs) : analyzeInfoNce(inputs));
      break;
  }
  // A row view only describes row units (a loss of another unit over the same roles would not line up).
  if (view && r.unit !== 'row' && view.describe(0) === 'row') view = null;
  return { analysis, view, suggestions };
}

function finiteStats(values: ArrayLike<number>): { mean: number | null; max: number | null } {
  let s = 0;
  let n = 0;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    s += v;
    n++;
    if (v > max) max = v;
  }
  return { mean: n ? s / n : null, max: n ? max : null };
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** What the gradient magnitudes are, for the chart's axis and note (see the file's comment). */
export function gradientMeaning(unit: EvalResult['unit'], roles: readonly RoleName[], wholeBatch = false): { of: 'per-sample' | 'sum'; label: string; note: string } {
  const wrt = roles.length === 1 ? `${roles[0]}_i` : `(${roles.map((r) => `${r}_i`).join(', ')})`;
  const inputs = roles.join(' and ');
  if (unit === 'row' && wholeBatch) {
    // info_nce, supcon: one loss per row, but each row's loss depends on every row of the batch.
    return {
      of: 'sum',
      label: `‖∂(Σ losses)/∂${wrt}‖`,
      note: `Per row: the gradient of the sum of all rows' losses with respect to the row's ${inputs}; each row's loss depends on every row of the file, so this adds up the row's part in all of them (not divided by N).`,
    };
  }
  if (unit === 'row') {
    return {
      of: 'per-sample',
      label: `‖∂l_i/∂${wrt}‖`,
      note: `Per row: the gradient of the row's own loss l_i with respect to its ${inputs} (not divided by N; weights as in l_i).`,
    };
  }
  if (unit === 'file') {
    return {
      of: 'sum',
      label: `‖∂L/∂${wrt}‖`,
      note: `Per row: the gradient of the file's one loss value L with respect to the row's ${inputs}; every row takes part in it (not divided by anything).`,
    };
  }
  const plural = unit === 'query' ? 'queries' : `${unit}s`;
  const share =
    unit === 'query'
      ? 'a row belongs to one query, so this is the gradient of its query\'s loss'
      : `a row takes part in several ${plural}, so this adds up its gradients over all of them`;
  return {
    of: 'sum',
    label: `‖∂(Σ losses)/∂${wrt}‖`,
    note: `Per row: the gradient of the sum of the per-${unit} losses with respect to the row's ${inputs}; ${share} (not divided by the number of ${plural}).`,
  };
}

/** The histogram, range and largest values of a loss's second per-unit output, with each unit's id and line. */
function unitWeightFigures(
  about: NonNullable<LossSpec['unitWeights']>,
  r: EvalResult,
  view: UnitView | null,
  lines: ArrayLike<number>,
  idOf: (code: number) => number,
): NonNullable<DataFigures['unitWeights']> {
  const w = r.unitWeights!;
  let min = Infinity;
  let max = -Infinity;
  for (const x of w) {
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const top = topIndices(w, 20);
  const rows = view ? view.rowOf(top) : top.map(() => -1);
  return {
    name: about.name,
    doc: about.doc,
    histogram: histogram(w),
    min: finite(min),
    max: finite(max),
    top: top.map((u, k) => ({ id: r.unitIds ? idOf(r.unitIds[u]) : u, weight: w[u], line: rows[k] >= 0 && rows[k] < lines.length ? lines[rows[k]] : null })),
  };
}

/** Lets other work run between the analysis passes (each is synchronous over all rows). */
const breathe = (): Promise<void> => new Promise((r) => setImmediate(r));

/** `inputs` were checked with `params` (resolved) as the data layer built them: the engine does not check again. */
export async function analyzeData(spec: LossSpec, inputs: EvalInputs, params: ResolvedParams, opts: AnalyzeOptions): Promise<DataAnalysis> {
  // Only the per-row norms of the gradient are shown: the engine reduces each batch's gradient to
  // them, so the whole gradient (as large as the inputs) is never held (issue #10 §6).
  const gradRoles = spec.roles.filter((s) => s.differentiable && inputs[s.name]).map((s) => s.name);
  const gradNorms = gradRoles.length ? new Float64Array(rowCount(spec, inputs)) : null;
  // Accuracy in steps here rather than in one pass inside the engine (see multiclassMetricsInSteps).
  const metrics = await multiclassMetricsInSteps(spec, inputs, params, opts.signal);
  const run = await evaluateChecked(spec, inputs, params, {
    metrics: metrics === null,
    reduction: opts.reduction,
    perSample: true,
    grad: gradNorms !== null,
    ...(gradNorms ? { gradNormsInto: gradNorms } : {}),
    gradOf: 'sum',
    rampBatches: true,
    ...(opts.batchRows ? { batchRows: opts.batchRows } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  const r: EvalResult = metrics ? { ...run, metrics } : run;
  const per = r.perSample ?? new Float32Array(0);
  await breathe();
  const idOf = queryIds(opts.idValues?.query).idOf;
  const { analysis, view, suggestions } = familyFigures(spec, inputs, r, opts.lines, idOf);
  await breathe();
  opts.signal?.throwIfAborted();
  const unitLine = (row: number): number | null => (row >= 0 && row < opts.lines.length ? opts.lines[row] : null);

  // Worst units, with their rows' mapped cells.
  const worstIdx = topIndices(per, opts.worst ?? 20);
  const worstRows = view ? view.rowOf(worstIdx) : worstIdx.map(() => -1);
  const worstVar = view ? view.variableOf(worstIdx) : worstIdx.map(() => NaN);
  // An id cell shows the file's id (a renumbered id's code means nothing to the user): one mapper per role.
  const fileIdOf = new Map(spec.roles.map((role) => [role.name, queryIds(opts.idValues?.[role.name]).idOf]));
  const worst: WorstRow[] = worstIdx.map((u, k) => {
    const row = worstRows[k];
    const cells: Record<string, number> = {};
    if (row >= 0) {
      for (const role of spec.roles) {
        const x = inputs[role.name];
        const names = opts.columns[role.name];
        if (!x || !names) continue;
        const shown = fileIdOf.get(role.name)!;
        for (let c = 0; c < x.cols && Object.keys(cells).length < WORST_CELLS; c++) cells[names[c] ?? `${role.name}[${c}]`] = shown(x.data[row * x.cols + c]);
      }
    }
    return { line: unitLine(row), loss: per[u], variable: finite(worstVar[k]), label: view ? view.describe(u) : r.unit, cells };
  });

  // Scatter: a stride sample plus the worst units, so outliers are never decimated away.
  let scatter: Scatter | null = null;
  if (view && per.length) {
    const idx = decimate(per.length, opts.sampleSize, topIndices(per, Math.min(50, Math.floor(opts.sampleSize / 100))));
    const xs = view.variableOf(idx);
    const rows = view.rowOf(idx);
    const groups = view.groups?.of(idx) ?? null;
    const keep = idx.map((_, k) => k).filter((k) => Number.isFinite(xs[k]) && Number.isFinite(per[idx[k]]));
    scatter = {
      title: `Per-${r.unit} loss against ${view.about}`,
      xLabel: view.label,
      yLabel: `per-${r.unit} loss`,
      x: keep.map((k) => float32Point(xs[k])),
      y: keep.map((k) => float32Point(per[idx[k]])),
      lines: keep.map((k) => unitLine(rows[k])),
      group: groups ? keep.map((k) => groups[k]) : null,
      groups: view.groups ? [...view.groups.names] : null,
      total: per.length,
      shown: keep.length,
    };
  }

  await breathe();
  // Gradient magnitudes per input row, of the sum of the per-unit losses (see the file's comment).
  const gs = gradNorms ? finiteStats(gradNorms) : null;
  const meanPer = finiteStats(per).mean;
  const perHistogram = histogram(per);
  await breathe();
  const gradHistogram = gradNorms ? histogram(gradNorms) : null;
  await breathe();
  const gradP99 = gradNorms ? finite(quantile(gradNorms, 0.99)) : null;
  opts.signal?.throwIfAborted();

  // A loss without a gradient shows its second per-unit output instead (adarank's query weights).
  const unitWeights = r.unitWeights && spec.unitWeights ? unitWeightFigures(spec.unitWeights, r, view, opts.lines, idOf) : null;
  const figures: DataFigures = {
    loss: spec.id,
    reduction: r.reduction,
    params: r.params as DataFigures['params'],
    value: finite(r.value),
    meanPerSample: meanPer,
    n: r.n,
    unit: r.unit,
    count: r.count,
    denominator: r.denominator,
    metrics: Object.fromEntries(Object.entries(r.metrics ?? {}).filter(([, x]) => Number.isFinite(x))),
    counts: { ...(r.counts ?? {}) },
    histogram: perHistogram,
    scatter,
    gradient:
      gradNorms && gs
        ? { role: gradRoles.join('+'), ...gradientMeaning(r.unit, gradRoles, spec.batching === 'whole'), histogram: gradHistogram!, mean: gs.mean, max: gs.max, p99: gradP99 }
        : null,
    unitWeights,
    worst,
    analysis,
    suggestions,
  };
  return { figures, eval: r, view, gradNorms };
}
