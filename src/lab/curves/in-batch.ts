/**
 * Curves of the in-batch contrastive losses (info_nce, supcon) against the cosine similarity c of
 * an anchor and its positive, every other row of the batch a negative orthogonal to both (cosine
 * 0), one curve per batch size N. Several grid points share one batch: each anchor–positive pair
 * lives in its own two dimensions (e_k the unit vectors), so the pairs are each other's negatives
 * and nothing else:
 * - info_nce: anchor x1_k = e_{2k}, positive x2_k = c_k e_{2k} + s_k e_{2k+1} (s = √(1 − c²)): N
 *   points per batch, each anchor with N − 1 negatives; the curve is anchor k's loss,
 *   log(e^{c/τ} + N − 1) − c/τ (symmetric: the same, its column being alike);
 * - supcon: rows 2k (= e_{2k}) and 2k + 1 (= c_k e_{2k} + s_k e_{2k+1}) of class k: N / 2 points
 *   per batch, each anchor with N − 2 negatives; the curve is row 2k's loss, log(e^{c/τ} + N − 2) − c/τ.
 * The gradient: moving row k's anchor along its unit circle (towards e_{2k+1}) changes c_k at rate
 * s_k and no other similarity, so ∂l/∂c is that component of the engine's gradient of the sum over
 * s_k (for supcon over 2 s_k: the positive, an anchor too, has the same loss). c stops short of ±1,
 * where s = 0.
 */
import { evaluate } from '../../engine/evaluate';
import type { EvalInputs, LossSpec, ResolvedParams } from '../../engine/spec';
import { COSINE_END } from './cosine';
import { variableLabel } from './kind';
import { linspace, type Curve, type CurveOptions, type CurveSet } from './types';

/** Batch sizes drawn: one curve each. */
export const IN_BATCH_SIZES = [4, 16, 64] as const;

/** One batch of n rows holding the points cs (at most n, or n / 2 for supcon; missing ones at c = 0). */
function batchOf(supervised: boolean, n: number, cs: readonly number[]): EvalInputs {
  const d = supervised ? n : 2 * n;
  const a = new Float32Array(n * d);
  const b = new Float32Array(n * d);
  const pairs = supervised ? n / 2 : n;
  for (let k = 0; k < pairs; k++) {
    const c = cs[k] ?? 0;
    const s = Math.sqrt(1 - c * c);
    if (supervised) {
      a[2 * k * d + 2 * k] = 1;
      a[(2 * k + 1) * d + 2 * k] = c;
      a[(2 * k + 1) * d + 2 * k + 1] = s;
    } else {
      a[k * d + 2 * k] = 1;
      b[k * d + 2 * k] = c;
      b[k * d + 2 * k + 1] = s;
    }
  }
  if (supervised) return { embedding: { data: a, cols: d }, label: { data: Float32Array.from({ length: n }, (_, j) => j >> 1), cols: 1 } };
  return { x1: { data: a, cols: d }, x2: { data: b, cols: d } };
}

export async function inBatchCurves(spec: LossSpec, params: ResolvedParams, opts: CurveOptions = {}): Promise<CurveSet> {
  const points = opts.points ?? 101;
  const x = linspace(-COSINE_END, COSINE_END, points);
  const supervised = spec.roles.some((r) => r.name === 'embedding');
  const role = supervised ? 'embedding' : 'x1';
  if (opts.onProbe) {
    // Every point lives in a batch of its own size: the probe is the middle batch size's first batch.
    const n = IN_BATCH_SIZES[1];
    const pairs = supervised ? n / 2 : n;
    opts.onProbe(
      batchOf(supervised, n, Array.from(linspace(-COSINE_END, COSINE_END, pairs))),
      `one batch of ${n} rows: ${pairs} ${supervised ? 'pairs of rows of one class' : 'anchors and their positives'} at cosines evenly from −${COSINE_END} to ${COSINE_END}, every other row orthogonal (a negative at cosine 0)`,
    );
  }
  const curves: Curve[] = [];
  for (const n of IN_BATCH_SIZES) {
    const values = new Float64Array(points);
    const grad = new Float64Array(points);
    const per = supervised ? n / 2 : n;
    const d = supervised ? n : 2 * n;
    for (let k0 = 0; k0 < points; k0 += per) {
      const cs = Array.from(x.subarray(k0, Math.min(points, k0 + per)));
      const r = await evaluate(spec, batchOf(supervised, n, cs), params, { reduction: 'sum', perSample: true, grad: true, ...(opts.signal ? { signal: opts.signal } : {}) });
      const g = r.grad![role]!.data;
      cs.forEach((c, k) => {
        const row = supervised ? 2 * k : k;
        values[k0 + k] = r.perSample![row];
        grad[k0 + k] = g[row * d + 2 * k + 1] / ((supervised ? 2 : 1) * Math.sqrt(1 - c * c));
      });
    }
    const negatives = supervised ? n - 2 : n - 1;
    curves.push({ variant: `N = ${n} (${negatives} negatives)`, x, values, grad });
  }
  return {
    kind: 'in_batch',
    variable: variableLabel(spec, params),
    gradientLabel: '∂loss/∂cos',
    construction: supervised
      ? 'batches of N rows: pairs of rows of one class at cosine c, every other row orthogonal to both (a negative at cosine 0); the loss of a pair\'s first row'
      : 'batches of N rows: anchors with their positive at cosine c, every other row of x2 orthogonal to the anchor (a negative at cosine 0); that anchor\'s loss',
    curves,
    markers: [],
  };
}
