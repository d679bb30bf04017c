/**
 * How `evaluate` splits its rows into batches: large inputs exhaust wasm memory in one piece, and a
 * query group (ranking losses) is never split, so grouped rows are first put in query order.
 */
import { groupRows } from './group-rows';
import { InputError } from './inputs';
import { tooManyRows, type EvalInputs, type LossSpec } from './spec';

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

export function defaultBatchRows(inputs: EvalInputs): number {
  let cols = 0;
  for (const x of Object.values(inputs)) cols += x?.cols ?? 0;
  return Math.min(MAX_BATCH_ROWS, Math.max(MIN_BATCH_ROWS, Math.floor(DEFAULT_BATCH_VALUES / Math.max(1, cols))));
}

/**
 * Row order for `group` batching: rows sorted by the query role, each query's rows in input order,
 * and where each query starts (sort-based, no Set or Map: any number of distinct ids; see
 * group-rows.ts).
 */
export function groupOrder(q: Float32Array): { order: Int32Array; starts: Int32Array } {
  const g = groupRows(q);
  return { order: g.order, starts: g.starts.subarray(0, g.count) };
}

/** Batch boundaries as [start, end) positions in the (possibly permuted) row order. */
export function batchRanges(spec: LossSpec, n: number, batchRows: number, starts: Int32Array | null, ramp = false): Array<[number, number]> {
  const over = tooManyRows(spec, n);
  if (over) throw new InputError(over);
  if (spec.batching === 'whole') {
    if (!spec.maxRows) throw new Error(`internal: ${spec.id} is computed in one batch but declares no maxRows`);
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
  // Ramp: 4096, 8192, ... rows up to batchRows (see EvalOptions.rampBatches).
  let b = 0;
  for (let size = ramp ? Math.min(batchRows, MIN_BATCH_ROWS) : batchRows; b < n; size = Math.min(batchRows, size * 2)) {
    out.push([b, Math.min(n, b + size)]);
    b += size;
  }
  return out;
}
