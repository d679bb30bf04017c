/**
 * Evaluating a loss on whole inputs: batching (large inputs exhaust wasm memory in one piece),
 * per-sample weights, reduction, gradients by tfjs autodiff, progress and cancellation.
 */
import { ensureBackend, tf } from './backend';
import { groupRows } from './group-rows';
import { checkDomains, InputError, rowCount } from './inputs';
import { resolveParams } from './params';
import { peekFloat32 } from './readback';
import { ReductionAccumulator } from './reduction';
import { WHOLE_BATCH_MAX_ROWS, type Batch, type EvalInputs, type LossSpec, type LossUnit, type Reduction, type ResolvedParams, type RoleName } from './spec';

export interface EvalOptions {
  readonly reduction?: Reduction;
  /** Return the per-unit losses (always returned for `none`). */
  readonly perSample?: boolean;
  /** Return the gradient of the reduced value (of the sum, for `none`) for each differentiable role. */
  readonly grad?: boolean;
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
  readonly grad?: Readonly<Partial<Record<RoleName, RoleGrad>>>;
  readonly counts?: Readonly<Record<string, number>>;
  readonly metrics?: Readonly<Record<string, number>>;
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/**
 * Default batch size: 2^21 input values (rows × all roles' columns, 8 MB), at most 2^18 rows; e.g.
 * 2^18 rows of MSE's two columns, 190k rows of 10 logits + a target. Measured here (CPU time, value +
 * gradient, ratio to the hand-written loop): MSE at 1e7 rows 1.6x with 2^18-row batches against 3.3x
 * with 2^19 and 2^20 (a batch's tensors stay in cache while it is read back); cross-entropy at 1e6
 * rows 1.0x with 131k or 190k rows, 1.06x with 65k, 1.7x with 32k (each batch costs a fixed share of
 * tfjs op dispatch). Larger batches also grow the wasm heap, which never shrinks.
 */
const DEFAULT_BATCH_VALUES = 1 << 21;
const MAX_BATCH_ROWS = 1 << 18;
const MIN_BATCH_ROWS = 1 << 12;

function defaultBatchRows(inputs: EvalInputs): number {
  let cols = 0;
  for (const x of Object.values(inputs)) cols += x?.cols ?? 0;
  return Math.min(MAX_BATCH_ROWS, Math.max(MIN_BATCH_ROWS, Math.floor(DEFAULT_BATCH_VALUES / Math.max(1, cols))));
}

/**
 * Row order for `group` batching: rows sorted by the query role, each query's rows in input order,
 * and where each query starts (sort-based: any number of distinct ids; see group-rows.ts).
 */
function groupOrder(q: Float32Array): { order: Int32Array; starts: Int32Array } {
  const g = groupRows(q);
  return { order: g.order, starts: g.starts.subarray(0, g.count) };
}

/** Batch boundaries as [start, end) positions in the (possibly permuted) row order. */
function batchRanges(spec: LossSpec, n: number, batchRows: number, starts: Int32Array | null): Array<[number, number]> {
  if (spec.batching === 'whole') {
    if (n > WHOLE_BATCH_MAX_ROWS) {
      throw new InputError(`${spec.id} compares every pair of rows; it takes at most ${WHOLE_BATCH_MAX_ROWS} rows, got ${n}`);
    }
    return [[0, n]];
  }
  const out: Array<[number, number]> = [];
  if (starts) {
    let b = 0;
    for (let g = 1; g <= starts.length; g++) {
      const end = g < starts.length ? starts[g] : n;
      if (end - b >= batchRows || g === starts.length) {
        out.push([b, end]);
        b = end;
      }
    }
    return out;
  }
  for (let b = 0; b < n; b += batchRows) out.push([b, Math.min(n, b + batchRows)]);
  return out;
}

function nextTick(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

export async function evaluate(
  spec: LossSpec,
  inputs: EvalInputs,
  givenParams: Readonly<Record<string, unknown>> = {},
  opts: EvalOptions = {},
): Promise<EvalResult> {
  await ensureBackend();
  const reduction = opts.reduction ?? spec.defaultReduction;
  if (!spec.reductions.includes(reduction)) {
    throw new InputError(`${spec.id} supports the reductions ${spec.reductions.join(', ')}, not ${reduction}`);
  }
  const params = resolveParams(spec, givenParams);
  const n = rowCount(spec, inputs);
  checkDomains(spec, inputs, params);

  const roles = spec.roles.filter((r) => inputs[r.name]);
  const diffRoles = roles.filter((r) => r.differentiable).map((r) => r.name);
  const weightRole = roles.find((r) => r.sampleWeight)?.name;
  const grouped = spec.batching === 'group' ? groupOrder(inputs.query!.data) : null;
  const order = grouped?.order ?? null;
  const ranges = batchRanges(spec, n, opts.batchRows ?? defaultBatchRows(inputs), grouped?.starts ?? null);

  const acc = new ReductionAccumulator();
  const chunks: Float32Array[] = [];
  const counts: Record<string, number> = {};
  const grads: Partial<Record<RoleName, Float32Array>> = {};
  if (opts.grad) {
    for (const r of diffRoles) {
      const len = inputs[r]!.data.length;
      const into = opts.gradInto?.[r];
      if (into && into.length !== len) throw new Error(`internal: gradInto.${r} has ${into.length} values, the role has ${len}`);
      // Every batch writes its rows, and batches cover all rows: no zeroing needed.
      grads[r] = into ?? new Float32Array(len);
    }
  }

  // Before any batch: gradients may be written over the inputs (see gradInto).
  const metrics = spec.metrics && opts.metrics !== false ? spec.metrics(inputs, params) : undefined;
  const keepPerSample = opts.perSample === true || reduction === 'none';
  // Upstream gradient of each per-unit value. For `mean` of row losses N is known before any batch
  // runs, so the division by N is folded into the backward pass (tf.fill on the device) instead of
  // a second pass over every gradient; it is corrected at the end when the loss supplies its own
  // normalizer weights (class weights, ignore_index). Other units learn their count as they go.
  const foldedN = opts.grad && reduction === 'mean' && spec.unit === 'row' ? n : 1;
  const upstream = 1 / foldedN;
  const rowPositions: Int32Array[] = [];
  const queryIds: number[] = [];
  let nextQuery = 0;
  let done = 0;
  for (const [b0, b1] of ranges) {
    if (opts.signal?.aborted) throw new CancelledError();
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
    const shapeOf = (r: RoleName): number[] => (spec.roles.find((s) => s.name === r)!.columns === 'one' ? [bn] : [bn, cols[r]!]);

    let weights: Float32Array | Float64Array | undefined;
    let batchCounts: Readonly<Record<string, number>> | undefined;
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
        // Per-sample weights are applied here, once, for every loss that takes them.
        return weightRole ? tf.mul(res.values, tt[weightRole]!) : res.values;
      };
      if (!opts.grad) return { value: run(diffRoles.map((r) => t[r]!)), grads: [] as tf.Tensor[] };
      // tf.fill writes the upstream gradient on the device; the default (tf.ones) builds it in a fresh JS array.
      const dy = spec.unit === 'row' ? (tf.fill([bn], upstream) as tf.Tensor1D) : undefined;
      const { value, grads: gs } = tf.valueAndGrads((...xs: tf.Tensor[]) => run(xs))(diffRoles.map((r) => t[r]!), dy);
      return { value, grads: gs };
    });

    try {
      // Heap views (no copy on wasm): read them before any other tfjs call.
      const values = peekFloat32(out.value);
      acc.add(values, weights);
      if (keepPerSample) {
        if (spec.unit === 'row' && order) {
          // Row losses computed in query order go back to the rows' own order at the end.
          rowPositions.push(order.subarray(b0, b1));
        }
        chunks.push(values.slice());
      }
      diffRoles.forEach((r, i) => {
        const dst = grads[r];
        if (!dst) return;
        const c = cols[r]!;
        if (!out.grads[i]) {
          // (tfjs throws before this on a null gradient; a reused gradInto array must still not keep stale rows.)
          if (!order) dst.fill(0, b0 * c, b1 * c);
          else for (let k = 0; k < bn; k++) dst.fill(0, order[b0 + k] * c, (order[b0 + k] + 1) * c);
          return;
        }
        const g = peekFloat32(out.grads[i]);
        if (!order) dst.set(g, b0 * c);
        else for (let k = 0; k < bn; k++) dst.set(g.subarray(k * c, (k + 1) * c), order[b0 + k] * c);
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
  const gradOut: Partial<Record<RoleName, { data: Float32Array; cols: number }>> = {};
  if (opts.grad) {
    // The gradients hold d(Σ l_i / foldedN); what remains of the division by the denominator
    // (exactly 1 when the denominator is the folded N).
    // A mean over nothing (every row ignored, no pair, nothing mined) is NaN, as 0/0 in PyTorch,
    // but its gradient is zero there, not NaN: nothing contributed, and the sums hold zeros.
    const rescale = reduction !== 'mean' ? 1 : denominator === 0 ? 0 : foldedN / denominator;
    for (const r of diffRoles) {
      const g = grads[r]!;
      if (rescale !== 1) for (let i = 0; i < g.length; i++) g[i] *= rescale;
      gradOut[r] = { data: g, cols: inputs[r]!.cols };
    }
  }
  let perSample: Float32Array | undefined;
  if (rowPositions.length) {
    perSample = new Float32Array(n);
    chunks.forEach((c, k) => {
      const pos = rowPositions[k];
      for (let i = 0; i < c.length; i++) perSample![pos[i]] = c[i];
    });
  } else if (chunks.length === 1) perSample = chunks[0];
  else if (chunks.length > 1) {
    perSample = new Float32Array(chunks.reduce((s, c) => s + c.length, 0));
    let o = 0;
    for (const c of chunks) {
      perSample.set(c, o);
      o += c.length;
    }
  }
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
    ...(spec.unit === 'query' ? { unitIds: Float32Array.from(queryIds) } : {}),
    ...(opts.grad ? { grad: gradOut } : {}),
    ...(Object.keys(counts).length ? { counts } : {}),
    ...(metrics ? { metrics } : {}),
  };
}
