/**
 * The per-row coefficients of softmax cross-entropy, built on the host once per batch from the
 * class-index targets (n values, never an [n, C] array: a host one-hot mask of 1e6 × 10 floats cost
 * more in fresh-memory writes than the whole tfjs forward pass).
 *
 * PyTorch's CrossEntropyLoss with class weights w, label smoothing ε over C classes and ignored
 * rows is, per row i with target y_i (keep_i = 0 if y_i is ignored, else 1):
 *   l_i = keep_i [(1 − ε) w_{y_i} (−log p_{i,y_i}) + (ε / C) Σ_c w_c (−log p_{ic})]
 * With log p_ic = z_ic − lse_i this is
 *   l_i = s_i lse_i − a_i z_{i,y_i} − b_i Σ_c w_c z_ic,
 *   a_i = keep_i (1 − ε) w_{y_i},  b_i = keep_i ε / C,  s_i = a_i + b_i Σ_c w_c,
 * and `mean` divides Σ l_i by Σ_i keep_i w_{y_i}.
 */
export interface ClassTargets {
  /** y_i as int32 for tf.oneHot; ignored rows get 0 (any valid index: their a_i is 0). */
  readonly index: Int32Array;
  /** a_i, the coefficient of the target logit (the same array as `norm` without smoothing). */
  readonly targetCoef: Float32Array;
  /** s_i, the coefficient of log-sum-exp; null without label smoothing, where it equals a_i. */
  readonly lseCoef: Float32Array | null;
  /** b_i, the coefficient of Σ_c w_c z_ic; null without label smoothing. */
  readonly smoothCoef: Float32Array | null;
  /** The per-class weights as a [C] column for the smoothing term (all 1 when not given). */
  readonly classWeights: Float32Array;
  /** keep_i w_{y_i}: PyTorch's `mean` normalizer. */
  readonly norm: Float32Array;
}

export interface TargetOptions {
  readonly classWeights: readonly number[] | null;
  readonly labelSmoothing: number;
  /** Rows whose target equals this are ignored (null: none). */
  readonly ignoreIndex: number | null;
}

export function classTargets(target: Float32Array, classes: number, opts: TargetOptions): ClassTargets {
  const n = target.length;
  const C = classes;
  const eps = opts.labelSmoothing;
  // Float64Array indexed by an int: the fast path (a number[] indexed by a float-typed value is not).
  const weights = new Float64Array(C).fill(1);
  if (opts.classWeights) weights.set(opts.classWeights);
  const classWeights = Float32Array.from(weights);
  let weightSum = 0;
  for (let c = 0; c < C; c++) weightSum += weights[c];
  const ignore = opts.ignoreIndex ?? NaN;
  // Fresh memory is slow to touch on this kind of VM: allocate only what the case needs.
  const index = new Int32Array(n);
  const norm = new Float32Array(n);
  if (eps === 0) {
    for (let i = 0; i < n; i++) {
      const y = target[i];
      if (y === ignore) continue;
      const k = y | 0;
      index[i] = k;
      norm[i] = weights[k];
    }
    return { index, targetCoef: norm, lseCoef: null, smoothCoef: null, classWeights, norm };
  }
  const targetCoef = new Float32Array(n);
  const lseCoef = new Float32Array(n);
  const smoothCoef = new Float32Array(n);
  const b = eps / C;
  for (let i = 0; i < n; i++) {
    const y = target[i];
    if (y === ignore) continue;
    const k = y | 0;
    const wy = weights[k];
    index[i] = k;
    norm[i] = wy;
    targetCoef[i] = (1 - eps) * wy;
    lseCoef[i] = (1 - eps) * wy + b * weightSum;
    smoothCoef[i] = b;
  }
  return { index, targetCoef, lseCoef, smoothCoef, classWeights, norm };
}

/** Per-row maximum of row-major [n, C] data: the log-sum-exp shift, which needs no gradient. */
export function rowMax(data: Float32Array, n: number, classes: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0, o = 0; i < n; i++, o += classes) {
    let m = data[o];
    for (let c = 1; c < classes; c++) {
      const v = data[o + c];
      if (v > m) m = v;
    }
    out[i] = m;
  }
  return out;
}
