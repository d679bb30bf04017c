/**
 * Host-side distances for the similarity figures, as the engine defines them (PyTorch's
 * `pairwise_distance`: ‖a − b + 1e-6‖_p, the eps added to each component), in float64.
 */
export const PAIRWISE_EPS = 1e-6;

/** ‖a_i − b_i + eps‖_p for every row i of two row-major [n, D] arrays. */
export function rowDistances(a: Float32Array, b: Float32Array, dim: number, p = 2): Float64Array {
  const n = a.length / dim;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = distance(a, i, b, i, dim, p);
  return out;
}

/** ‖a[i] − b[j] + eps‖_p between row i of `a` and row j of `b`. */
export function distance(a: Float32Array, i: number, b: Float32Array, j: number, dim: number, p = 2): number {
  let s = 0;
  for (let k = 0; k < dim; k++) {
    const v = Math.abs(a[i * dim + k] - b[j * dim + k] + PAIRWISE_EPS);
    s += p === 2 ? v * v : p === 1 ? v : Math.pow(v, p);
  }
  return p === 2 ? Math.sqrt(s) : p === 1 ? s : Math.pow(s, 1 / p);
}
