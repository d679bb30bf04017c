/** Per-row figures derived from engine outputs: gradient norms, worst units, decimated samples. */
import type { RoleGrad } from '../../engine/evaluate';

/** L2 norm of each row of one or more row-major gradients (summed over roles, e.g. x1 and x2). */
export function gradientNorms(grads: readonly RoleGrad[], rows: number): Float64Array {
  const out = new Float64Array(rows);
  for (const g of grads) {
    const c = g.cols;
    for (let i = 0; i < rows; i++) {
      let s = 0;
      for (let k = 0; k < c; k++) {
        const v = g.data[i * c + k];
        s += v * v;
      }
      out[i] += s;
    }
  }
  for (let i = 0; i < rows; i++) out[i] = Math.sqrt(out[i]);
  return out;
}

/** Indices of the `k` largest finite values, largest first (a bounded min-heap would be overkill at k ≤ 100). */
export function topIndices(values: ArrayLike<number>, k: number): number[] {
  if (k <= 0) return [];
  const top: number[] = [];
  let floor = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (top.length === k && v <= floor) continue;
    // Insert by descending value; ties keep the earlier index first.
    let at = top.length;
    while (at > 0 && values[top[at - 1]] < v) at--;
    top.splice(at, 0, i);
    if (top.length > k) top.pop();
    if (top.length === k) floor = values[top[k - 1]];
  }
  return top;
}

/**
 * At most `size` indices of `n`: an even stride over all of them, plus the `keep` indices (the
 * worst units, so outliers are never decimated away). Sorted ascending, unique.
 */
export function decimate(n: number, size: number, keep: readonly number[] = []): number[] {
  if (n <= size) return Array.from({ length: n }, (_, i) => i);
  const extra = keep.filter((i) => i >= 0 && i < n);
  const budget = Math.max(1, size - extra.length);
  const picked = new Set<number>(extra);
  const step = n / budget;
  for (let k = 0; k < budget; k++) picked.add(Math.floor(k * step));
  return [...picked].sort((a, b) => a - b);
}

/**
 * A chart point's coordinate at the engine's precision: the float32 nearest `x`, as the shortest
 * decimal that reads back as that float32 (0.10061 instead of 0.10061000287532806). The per-sample
 * losses are float32 already, so they arrive unchanged; a variable computed in float64 from float32
 * inputs moves by at most half a float32 step. A 5000-point scatter's JSON shrinks by about 40%,
 * which is what crosses from the extension host to the webview on every parameter change.
 */
export function float32Point(x: number): number {
  const s = Math.fround(x);
  if (s === 0 || !Number.isFinite(s)) return s;
  for (let p = 6; p < 9; p++) {
    const t = Number(s.toPrecision(p));
    if (Math.fround(t) === s) return t;
  }
  return Number(s.toPrecision(9));
}
