/**
 * The gradient and per-sample arrays of one evaluation (./evaluate.ts), filled batch by batch: the
 * arrays the gradients are written into, the scatter-back of each batch's rows to the rows' own
 * order, per-row gradient norms, the final rescaling, and per-unit reassembly.
 */
import type { EvalInputs, RoleName } from './spec';
import type { EvalOptions, RoleGrad } from './evaluate';

/** The arrays the gradients are written into, one per differentiable role (the caller's, or new). */
export function gradientArrays(inputs: EvalInputs, diffRoles: readonly RoleName[], gradInto: EvalOptions['gradInto']): Partial<Record<RoleName, Float32Array>> {
  const grads: Partial<Record<RoleName, Float32Array>> = {};
  for (const r of diffRoles) {
    const len = inputs[r]!.data.length;
    const into = gradInto?.[r];
    if (into && into.length !== len) throw new Error(`internal: gradInto.${r} has ${into.length} values, the role has ${len}`);
    // Every batch writes its rows, and batches cover all rows: no zeroing needed.
    grads[r] = into ?? new Float32Array(len);
  }
  return grads;
}

/** Scatter-back: one batch's gradient rows (`g`, in batch order) to their rows of `dst` (the rows' own order). */
export function scatterBack(dst: Float32Array, g: Float32Array | null, c: number, b0: number, bn: number, order: Int32Array | null): void {
  if (!g) {
    // (tfjs throws before this on a null gradient; a reused gradInto array must still not keep stale rows.)
    if (!order) dst.fill(0, b0 * c, (b0 + bn) * c);
    else for (let k = 0; k < bn; k++) dst.fill(0, order[b0 + k] * c, (order[b0 + k] + 1) * c);
    return;
  }
  if (!order) dst.set(g, b0 * c);
  else for (let k = 0; k < bn; k++) dst.set(g.subarray(k * c, (k + 1) * c), order[b0 + k] * c);
}

/**
 * Adds the squared L2 norm of each gradient row of one batch (`g`, batch order) to its row of
 * `norms`; the first role (`first`) sets them instead, so the array needs no zeroing pass first
 * (80 MB of float64 at 1e7 rows, a quarter second of page faults in one piece on this kind of VM).
 */
export function addSquaredNorms(norms: Float32Array | Float64Array, g: Float32Array | null, c: number, b0: number, bn: number, order: Int32Array | null, first: boolean): void {
  for (let k = 0, o = 0; k < bn; k++) {
    let s = 0;
    if (g) for (let e = o + c; o < e; o++) s += g[o] * g[o];
    const row = order ? order[b0 + k] : b0 + k;
    if (first) norms[row] = s;
    else norms[row] += s;
  }
}

/** Square roots of the summed squares, times what remains of the mean's division (see rescale). */
export function finishNorms(norms: Float32Array | Float64Array, scale: number): void {
  for (let i = 0; i < norms.length; i++) norms[i] = Math.sqrt(norms[i]) * scale;
}

/** The gradients as returned: rescaled in place where the mean's denominator was not the folded N. */
export function finishGradients(
  grads: Partial<Record<RoleName, Float32Array>>,
  diffRoles: readonly RoleName[],
  inputs: EvalInputs,
  rescale: number,
): Partial<Record<RoleName, RoleGrad>> {
  const out: Partial<Record<RoleName, RoleGrad>> = {};
  for (const r of diffRoles) {
    const g = grads[r]!;
    if (rescale !== 1) for (let i = 0; i < g.length; i++) g[i] *= rescale;
    out[r] = { data: g, cols: inputs[r]!.cols };
  }
  return out;
}

/** Per-sample reassembly of units other than rows: the batches' per-unit values in one array; undefined when none were kept. */
export function reassemblePerSample(chunks: readonly Float32Array[]): Float32Array | undefined {
  if (chunks.length <= 1) return chunks[0];
  const perSample = new Float32Array(chunks.reduce((s, c) => s + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    perSample.set(c, o);
    o += c.length;
  }
  return perSample;
}
