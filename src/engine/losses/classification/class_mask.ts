/**
 * The per-row target coefficients of softmax cross-entropy, built on the host once per batch.
 *
 * PyTorch's CrossEntropyLoss with class weights w, label smoothing ε over C classes and ignored
 * rows is, per row i with target y_i:
 *   l_i = (1 − ε) w_{y_i} (−log p_{i,y_i}) + (ε / C) Σ_c w_c (−log p_{ic})      (0 if y_i is ignored)
 * i.e. l_i = −Σ_c A_ic log p_ic with
 *   A_ic = (1 − ε) w_{y_i} [c = y_i] + (ε / C) w_c,   A_i· = 0 for ignored rows,
 * and `mean` divides Σ l_i by Σ_i w_{y_i} over the rows not ignored.
 *
 * Building A on the host avoids a gather (whose gradient, UnsortedSegmentSum, has no wasm kernel
 * and is O(rows × classes²) on cpu) and any per-row broadcast inside the tape.
 */
export interface ClassMask {
  /** A, row-major [n, C]. */
  readonly coef: Float32Array;
  /** s_i = Σ_c A_ic, the multiplier of log-sum-exp in l_i. */
  readonly rowSum: Float32Array;
  /** w_{y_i}, 0 for ignored rows: PyTorch's `mean` normalizer. */
  readonly norm: Float32Array;
}

export interface MaskOptions {
  readonly classWeights: readonly number[] | null;
  readonly labelSmoothing: number;
  /** Rows whose target equals this are ignored (null: none). */
  readonly ignoreIndex: number | null;
}

export function buildClassMask(target: Float32Array, classes: number, opts: MaskOptions): ClassMask {
  const n = target.length;
  const C = classes;
  const w = opts.classWeights;
  const eps = opts.labelSmoothing;
  const coef = new Float32Array(n * C);
  const rowSum = new Float32Array(n);
  const norm = new Float32Array(n);
  // The smoothing row (ε / C) w_c is the same for every row; computed once in float64.
  let smooth: Float64Array | null = null;
  let smoothSum = 0;
  if (eps > 0) {
    smooth = new Float64Array(C);
    for (let c = 0; c < C; c++) {
      smooth[c] = (eps / C) * (w ? w[c] : 1);
      smoothSum += smooth[c];
    }
  }
  for (let i = 0; i < n; i++) {
    const y = target[i];
    if (y === opts.ignoreIndex) continue;
    const wy = w ? w[y] : 1;
    norm[i] = wy;
    const o = i * C;
    if (smooth) {
      for (let c = 0; c < C; c++) coef[o + c] = smooth[c];
      coef[o + y] = (1 - eps) * wy + smooth[y];
      rowSum[i] = (1 - eps) * wy + smoothSum;
    } else {
      coef[o + y] = wy;
      rowSum[i] = wy;
    }
  }
  return { coef, rowSum, norm };
}

/** Per-row maximum of row-major [n, C] data: the log-sum-exp shift, which needs no gradient. */
export function rowMax(data: Float32Array, n: number, classes: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * classes;
    let m = data[o];
    for (let c = 1; c < classes; c++) if (data[o + c] > m) m = data[o + c];
    out[i] = m;
  }
  return out;
}
