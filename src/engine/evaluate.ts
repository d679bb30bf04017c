/**
 * Evaluating a loss on whole inputs, in named steps: batching (./batching.ts: batch ranges, group
 * reordering), each batch's rows, the gradient tape (sample weights applied), scatter-back of the
 * gradients and per-sample reassembly (./gradient-arrays.ts), reduction; progress and cancellation
 * between batches.
 */
import { ensureBackend, tf } from './backend';
import { checkDomains, InputError, rowCount } from './inputs';
import { resolveParams } from './params';
import { peekFloat32 } from './readback';
import { ReductionAccumulator } from './reduction';
import { batchRanges, defaultBatchRows, groupOrder } from './batching';
import { addSquaredNorms, finishGradients, finishNorms, gradientArrays, reassemblePerSample, scatterBack } from './gradient-arrays';
import { noGradientReason, type Batch, type EvalInputs, type LossSpec, type LossUnit, type Reduction, type ResolvedParams, type RoleName, type RoleSpec } from './spec';

export interface EvalOptions {
  readonly reduction?: Reduction;
  /** Return the per-unit losses (always returned for `none`). */
  readonly perSample?: boolean;
  /** Return the gradient of the reduced value (of the sum, for `none`) for each differentiable role. */
  readonly grad?: boolean;
  /**
   * Which value `grad` differentiates: `reduced` (default: the reduced value, as the CLI's `--grad`)
   * or `sum`, the plain sum of the per-unit losses whatever the reduction (no division by N or by
   * normalizer weights). For a loss whose units are rows, a row's gradient of the sum is the
   * gradient of that row's own loss, ∂l_i/∂(row i's inputs); for pairs, queries and triplets it is
   * the row's share of every unit it takes part in. The reduced value is computed as usual.
   */
  readonly gradOf?: 'reduced' | 'sum';
  /** Rows per batch (a whole query group is never split); default: 2^21 input values' worth, at most 2^18 rows. */
  readonly batchRows?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (rowsDone: number, rowsTotal: number) => void;
  /**
   * Arrays to write the gradients into, one per differentiable role, each as long as the role's
   * data; the result's `grad` then holds these arrays. For callers that evaluate again and again
   * (parameter sweeps, the benchmark): on this kind of VM the first write to a new array is slow
   * (0.3-0.5 GB/s, page faults), and a fresh 40 MB gradient cost as much as the loss itself.
   *
   * An array may be the role's own input data, when the caller has no further use for the inputs
   * (the CLI: one 40 MB array instead of two for 1e6 x 10 logits): each batch copies its rows into
   * tensors before their gradients are written, every row belongs to one batch, and the metrics
   * are computed before the first batch. The inputs then hold gradients afterwards.
   */
  readonly gradInto?: Readonly<Partial<Record<RoleName, Float32Array>>>;
  /** Compute the loss's metrics (accuracy, NDCG...) too; default true. */
  readonly metrics?: boolean;
  /**
   * With `grad`: instead of gradient arrays, the L2 norm of each input row's gradient over all
   * differentiable roles (one value per row), written into this array, which must hold `n` values.
   * Each batch's gradient rows are reduced to squared norms as the batch ends, so the full gradient
   * is never held (the panel needs only the norms: 400 MB less for 1e7 × 10 logits, issue #10 §6).
   * Every row's gradient is complete within its one batch (row, group and whole batching alike).
   * The result then has no `grad`.
   */
  readonly gradNormsInto?: Float32Array | Float64Array;
  /**
   * Start with small batches (4096 rows, doubling up to `batchRows`; row batching only). The first
   * batches of a process grow the wasm heap, whose new pages are slow to touch here: the first
   * 2^16-row cross-entropy batch held the event loop for 200-260 ms against 20-40 ms for the next
   * ones (issue #10 §6). For the extension host; batch boundaries only change the order of the sums.
   */
  readonly rampBatches?: boolean;
}

export interface RoleGrad {
  /** Row-major, shaped like the role's input. */
  readonly data: Float32Array;
  readonly cols: number;
}

export interface EvalResult {
  readonly loss: string;
  readonly reduction: Reduction;
  readonly params: ResolvedParams;
  /** Rows used. */
  readonly n: number;
  /** What one per-sample value stands for, and how many there are. */
  readonly unit: LossUnit;
  readonly count: number;
  /** The reduced value; for `none`, NaN (see perSample). */
  readonly value: number;
  /** What `mean` divided by (N, Σ class weights, number of pairs...). */
  readonly denominator: number;
  readonly perSample?: Float32Array;
  /** For `query` units: the query id of each per-sample value (queries in ascending id order). */
  readonly unitIds?: Float32Array;
  /** With perSample, for a loss with `unitWeights` (spec): that second per-unit output, in unit order. */
  readonly unitWeights?: Float64Array;
  readonly grad?: Readonly<Partial<Record<RoleName, RoleGrad>>>;
  /**
   * With `grad`, for a loss whose gradient is closed-form (`gradientKind: 'closed-form'`): the
   * hessian (its diagonal) the loss gives each row, by differentiable role, like `grad`.
   */
  readonly hess?: Readonly<Partial<Record<RoleName, RoleGrad>>>;
  readonly counts?: Readonly<Record<string, number>>;
  /** For a loss that forms its units itself (ComputeOutput.unitRows): the input rows of each unit's parts. */
  readonly unitRows?: Readonly<Record<string, Int32Array>>;
  readonly metrics?: Readonly<Record<string, number>>;
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

function nextTick(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

function reductionOf(spec: LossSpec, opts: EvalOptions): Reduction {
  const reduction = opts.reduction ?? spec.defaultReduction;
  if (!spec.reductions.includes(reduction)) {
    throw new InputError(`${spec.id} supports the reductions ${spec.reductions.join(', ')}, not ${reduction}`);
  }
  return reduction;
}

/** Evaluates a loss on inputs: params resolved (defaults, strings parsed, ranges checked), value domains checked. */
export async function evaluate(
  spec: LossSpec,
  inputs: EvalInputs,
  givenParams: Readonly<Record<string, unknown>> = {},
  opts: EvalOptions = {},
): Promise<EvalResult> {
  reductionOf(spec, opts);
  const params = resolveParams(spec, givenParams);
  rowCount(spec, inputs);
  checkDomains(spec, inputs, params);
  return evaluateChecked(spec, inputs, params, opts);
}

/**
 * Evaluates on inputs whose value domains were already checked with these params, which come from
 * `resolveParams`: the data layer checks them as it builds a dataset (and places a violation in the
 * file), so the panel and the CLI pass the resolved params and the checked inputs on instead of
 * checking twice per evaluation.
 */
export async function evaluateChecked(spec: LossSpec, inputs: EvalInputs, params: ResolvedParams, opts: EvalOptions = {}): Promise<EvalResult> {
  await ensureBackend();
  const reduction = reductionOf(spec, opts);
  const noGradient = opts.grad ? noGradientReason(spec) : null;
  if (noGradient) throw new InputError(noGradient);
  const n = rowCount(spec, inputs);

  const roles = spec.roles.filter((r) => inputs[r.name]);
  const diffRoles = roles.filter((r) => r.differentiable).map((r) => r.name);
  const weightRole = roles.find((r) => r.sampleWeight)?.name;
  const grouped = spec.batching === 'group' ? groupOrder(inputs.query!.data) : null;
  const order = grouped?.order ?? null;
  const ranges = batchRanges(spec, n, opts.batchRows ?? defaultBatchRows(inputs), grouped?.starts ?? null, opts.rampBatches === true);
  const norms = opts.grad ? opts.gradNormsInto : undefined;
  if (norms && norms.length !== n) throw new Error(`internal: gradNormsInto has ${norms.length} values, the inputs ${n} rows`);
  const grads = opts.grad && !norms ? gradientArrays(inputs, diffRoles, opts.gradInto) : {};
  const closedForm = spec.gradientKind === 'closed-form';
  const hess = closedForm && opts.grad && !norms ? gradientArrays(inputs, diffRoles, undefined) : {};

  // Before any batch: gradients may be written over the inputs (see gradInto).
  const metrics = spec.metrics && opts.metrics !== false ? spec.metrics(inputs, params) : undefined;
  const keepPerSample = opts.perSample === true || reduction === 'none';
  // Upstream gradient of each per-unit value. For `mean` of row losses N is known before any batch
  // runs, so the division by N is folded into the backward pass (tf.fill on the device) instead of
  // a second pass over every gradient; it is corrected at the end when the loss supplies its own
  // normalizer weights (class weights, ignore_index). Other units learn their count as they go.
  const gradOfSum = opts.gradOf === 'sum';
  const foldedN = opts.grad && !gradOfSum && reduction === 'mean' && spec.unit === 'row' ? n : 1;
  const tape: Tape = { spec, params, roles, diffRoles, weightRole, grad: opts.grad === true, upstream: 1 / foldedN };

  const acc = new ReductionAccumulator();
  const chunks: Float32Array[] = [];
  // Row losses go straight to their rows (no per-batch copies and no final concatenation: 40 MB
  // written twice at 1e7 rows); other units' counts are known only at the end.
  const rowValues = keepPerSample && spec.unit === 'row' ? new Float32Array(n) : null;
  const counts: Record<string, number> = {};
  let unitRows: Readonly<Record<string, Int32Array>> | undefined;
  const queryIds: number[] = [];
  let nextQuery = 0;
  let done = 0;
  for (const [b0, b1] of ranges) {
    if (opts.signal?.aborted) throw new CancelledError();
    const bn = b1 - b0;
    const { host, cols } = batchRows(roles, inputs, b0, b1, order);
    const { out, weights, batchCounts, hessRows, batchUnitRows } = runTape(tape, host, cols, bn);
    if (batchUnitRows) {
      if (spec.batching !== 'whole' || ranges.length !== 1) throw new Error(`internal: ${spec.id} reports unit rows but is not computed in one batch`);
      unitRows = batchUnitRows;
    }
    try {
      // Heap views (no copy on wasm): read them before any other tfjs call.
      const values = peekFloat32(out.value);
      acc.add(values, weights);
      if (rowValues) {
        // Row losses computed in query order go back to the rows' own order.
        if (!order) rowValues.set(values, b0);
        else for (let k = 0; k < bn; k++) rowValues[order[b0 + k]] = values[k];
      } else if (keepPerSample) {
        chunks.push(values.slice());
      }
      diffRoles.forEach((r, i) => {
        const g = out.grads[i] ? peekFloat32(out.grads[i]!) : null;
        if (norms) addSquaredNorms(norms, g, cols[r]!, b0, bn, order, i === 0);
        const dst = grads[r];
        if (dst) scatterBack(dst, g, cols[r]!, b0, bn, order);
        const h = hess[r];
        if (h && hessRows) scatterBack(h, hessRows, cols[r]!, b0, bn, order);
      });
    } finally {
      tf.dispose([out.value, ...out.grads]);
    }
    if (spec.unit === 'query' && grouped) {
      // batches start at query starts and come in order: one pass over the starts in all
      for (; nextQuery < grouped.starts.length && grouped.starts[nextQuery] < b1; nextQuery++) queryIds.push(inputs.query!.data[order![grouped.starts[nextQuery]]]);
    }
    if (batchCounts) for (const [k, v] of Object.entries(batchCounts)) counts[k] = (counts[k] ?? 0) + v;
    done += bn;
    opts.onProgress?.(done, n);
    if (ranges.length > 1) await nextTick();
  }

  const denominator = acc.denominator(reduction);
  // The gradients hold d(Σ l_i / foldedN); what remains of the division by the denominator
  // (exactly 1 when the denominator is the folded N).
  // A mean over nothing (every row ignored, no pair, nothing mined) is NaN, as 0/0 in PyTorch,
  // but its gradient is zero there, not NaN: nothing contributed, and the sums hold zeros.
  const rescale = reduction !== 'mean' || gradOfSum ? 1 : denominator === 0 ? 0 : foldedN / denominator;
  if (norms) finishNorms(norms, Math.abs(rescale));
  const gradOut = opts.grad && !norms ? finishGradients(grads, diffRoles, inputs, rescale) : undefined;
  const hessOut = closedForm && opts.grad && !norms ? finishGradients(hess, diffRoles, inputs, rescale) : undefined;
  const perSample = rowValues ?? reassemblePerSample(chunks);
  return {
    loss: spec.id,
    reduction,
    params,
    n,
    unit: spec.unit,
    count: acc.count,
    value: reduction === 'none' ? NaN : acc.value(reduction),
    denominator,
    ...(perSample ? { perSample } : {}),
    ...(perSample && spec.unitWeights ? { unitWeights: spec.unitWeights.of(perSample) } : {}),
    ...(spec.unit === 'query' ? { unitIds: Float32Array.from(queryIds) } : {}),
    ...(gradOut ? { grad: gradOut } : {}),
    ...(hessOut ? { hess: hessOut } : {}),
    ...(Object.keys(counts).length ? { counts } : {}),
    ...(unitRows ? { unitRows } : {}),
    ...(metrics ? { metrics } : {}),
  };
}

/** One batch's rows [b0, b1) of each role as host arrays: views in row order, copies gathered in query order. */
function batchRows(
  roles: readonly RoleSpec[],
  inputs: EvalInputs,
  b0: number,
  b1: number,
  order: Int32Array | null,
): { host: Partial<Record<RoleName, Float32Array>>; cols: Partial<Record<RoleName, number>> } {
  const bn = b1 - b0;
  const host: Partial<Record<RoleName, Float32Array>> = {};
  const cols: Partial<Record<RoleName, number>> = {};
  for (const r of roles) {
    const x = inputs[r.name]!;
    cols[r.name] = x.cols;
    if (!order) {
      host[r.name] = x.data.subarray(b0 * x.cols, b1 * x.cols);
    } else {
      const g = new Float32Array(bn * x.cols);
      for (let i = 0; i < bn; i++) {
        const src = order[b0 + i] * x.cols;
        for (let c = 0; c < x.cols; c++) g[i * x.cols + c] = x.data[src + c];
      }
      host[r.name] = g;
    }
  }
  return { host, cols };
}

/** What stays the same for every batch of one evaluation. */
interface Tape {
  readonly spec: LossSpec;
  readonly params: ResolvedParams;
  readonly roles: readonly RoleSpec[];
  readonly diffRoles: readonly RoleName[];
  readonly weightRole: RoleName | undefined;
  readonly grad: boolean;
  /** The upstream gradient of each per-row value (1/N when the mean's division is folded in). */
  readonly upstream: number;
}

/** Per-sample weights, applied here once for every loss that takes them. */
function applySampleWeights(values: tf.Tensor1D, t: Partial<Record<RoleName, tf.Tensor>>, weightRole: RoleName | undefined): tf.Tensor1D {
  return weightRole ? tf.mul(values, t[weightRole]!) : values;
}

/**
 * The gradient tape for one batch: the loss's per-unit values (sample weights applied) and, when
 * asked, their gradients with respect to the differentiable roles. Also what the loss reported
 * besides the values (normalizer weights, counts).
 */
function runTape(
  tape: Tape,
  host: Partial<Record<RoleName, Float32Array>>,
  cols: Partial<Record<RoleName, number>>,
  bn: number,
): {
  out: { value: tf.Tensor; grads: tf.Tensor[] };
  weights: Float32Array | Float64Array | undefined;
  batchCounts: Readonly<Record<string, number>> | undefined;
  hessRows?: Float32Array;
  batchUnitRows?: Readonly<Record<string, Int32Array>>;
} {
  const { spec, params, roles, diffRoles, weightRole } = tape;
  const shapeOf = (r: RoleName): number[] => (spec.roles.find((s) => s.name === r)!.columns === 'one' ? [bn] : [bn, cols[r]!]);
  let weights: Float32Array | Float64Array | undefined;
  let batchCounts: Readonly<Record<string, number>> | undefined;
  let hessRows: Float32Array | undefined;
  let batchUnitRows: Readonly<Record<string, Int32Array>> | undefined;
  // The tidy returns tensors only: given host arrays, tf.tidy walks them key by key looking for
  // tensors (1.4 s of a 2 s MSE run at 1e6 rows was spent there).
  const out = tf.tidy(() => {
    const t: Partial<Record<RoleName, tf.Tensor>> = {};
    for (const r of roles) t[r.name] = tf.tensor(host[r.name]!, shapeOf(r.name), 'float32');
    const run = (xs: tf.Tensor[]): tf.Tensor1D => {
      const tt = { ...t };
      diffRoles.forEach((r, i) => (tt[r] = xs[i]));
      const batch: Batch = { n: bn, t: tt, host, cols };
      const res = spec.compute(batch, params);
      weights = res.weights;
      batchCounts = res.counts;
      batchUnitRows = res.unitRows;
      return applySampleWeights(res.values, tt, weightRole);
    };
    if (!tape.grad) return { value: run(diffRoles.map((r) => t[r]!)), grads: [] as tf.Tensor[] };
    if (spec.gradientKind === 'closed-form') {
      // The loss gives its gradient (and hessian) itself, for its one differentiable role: no tape.
      if (!spec.closedForm || diffRoles.length !== 1) throw new Error(`internal: ${spec.id} is closed-form but has no closedForm hook for one role`);
      const value = run(diffRoles.map((r) => t[r]!));
      const cf = spec.closedForm({ n: bn, t, host, cols }, params);
      hessRows = cf.hess;
      return { value, grads: [tf.tensor(cf.grad, t[diffRoles[0]]!.shape, 'float32')] };
    }
    // tf.fill writes the upstream gradient on the device; the default (tf.ones) builds it in a fresh JS array.
    const dy = spec.unit === 'row' ? (tf.fill([bn], tape.upstream) as tf.Tensor1D) : undefined;
    const { value, grads: gs } = tf.valueAndGrads((...xs: tf.Tensor[]) => run(xs))(diffRoles.map((r) => t[r]!), dy);
    return { value, grads: gs };
  });
  return { out, weights, batchCounts, ...(hessRows ? { hessRows } : {}), ...(batchUnitRows ? { batchUnitRows } : {}) };
}
