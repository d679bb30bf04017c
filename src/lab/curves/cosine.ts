/**
 * Cosine curves against the cosine similarity c of a pair, in two dimensions: x1 = (1, 0),
 * x2 = (c, √(1 − c²)), one curve per label (1 similar, −1 dissimilar). The engine's gradient with
 * respect to x1 is ∂l/∂c · (0, √(1 − c²)) (moving x1 along its unit circle), so ∂l/∂c is its second
 * component over √(1 − c²); c stops short of ±1, where that is 0 and the direction cannot move.
 * The margin is marked.
 */
import type { LossSpec, ResolvedParams } from '../../engine/spec';
import { evaluateUnits, numParam, toF64 } from './evaluate-units';
import { variableLabel } from './kind';
import { DEFAULT_POINTS, linspace, type Curve, type CurveOptions, type CurveSet } from './types';

export const COSINE_END = 0.995;

export async function cosineCurves(spec: LossSpec, params: ResolvedParams, opts: CurveOptions = {}): Promise<CurveSet> {
  const points = opts.points ?? DEFAULT_POINTS;
  const margin = numParam(params, 'margin', 0);
  const x = linspace(-COSINE_END, COSINE_END, points);
  const labels = [
    { y: 1, name: 'similar (y = 1)' },
    { y: -1, name: 'dissimilar (y = −1)' },
  ];
  const n = labels.length * points;
  const x1 = new Float32Array(2 * n);
  const x2 = new Float32Array(2 * n);
  const label = new Float32Array(n);
  labels.forEach((l, li) => {
    for (let k = 0; k < points; k++) {
      const i = li * points + k;
      x1[2 * i] = 1;
      x2[2 * i] = x[k];
      x2[2 * i + 1] = Math.sqrt(1 - x[k] * x[k]);
      label[i] = l.y;
    }
  });
  const r = await evaluateUnits(spec, { x1: { data: x1, cols: 2 }, x2: { data: x2, cols: 2 }, label: { data: label, cols: 1 } }, params, opts);
  const g = r.grad.x1!;
  const curves: Curve[] = labels.map((l, li) => ({
    variant: l.name,
    x,
    values: toF64(r.values.subarray(li * points, (li + 1) * points)),
    grad: Float64Array.from(x, (c, k) => g[2 * (li * points + k) + 1] / Math.sqrt(1 - c * c)),
  }));
  return {
    kind: 'cosine',
    variable: variableLabel(spec, params),
    gradientLabel: '∂loss/∂cos',
    construction: `one pair per point and label, in two dimensions: x1 = (1, 0), x2 = (c, √(1 − c²)), c from −${COSINE_END} to ${COSINE_END}`,
    curves,
    markers: [{ x: margin, label: `margin ${margin}` }],
  };
}
