/**
 * Contrastive curves against the distance d of a pair: x1 = (d), x2 = (0) in one dimension, one
 * curve per label (0 similar, 1 dissimilar; also 0.5 for losses taking soft labels in [0, 1]). The
 * gradient is w.r.t. x1's coordinate, which is ∂loss/∂d for d > 0. The margin is marked.
 */
import type { LossSpec, ResolvedParams } from '../../engine/spec';
import { evaluateUnits, numParam, toF64 } from './evaluate-units';
import { variableLabel } from './kind';
import { DEFAULT_POINTS, linspace, type Curve, type CurveOptions, type CurveSet } from './types';

export async function contrastiveCurves(spec: LossSpec, params: ResolvedParams, opts: CurveOptions = {}): Promise<CurveSet> {
  const points = opts.points ?? DEFAULT_POINTS;
  const margin = numParam(params, 'margin', 1);
  const x = linspace(0, Math.max(2, 2 * margin), points);
  const soft = spec.roles.find((r) => r.name === 'label')?.domain === 'unit';
  const labels: Array<{ y: number; name: string }> = [
    { y: 0, name: 'similar (y = 0)' },
    ...(soft ? [{ y: 0.5, name: 'y = 0.5' }] : []),
    { y: 1, name: 'dissimilar (y = 1)' },
  ];
  const n = labels.length * points;
  const x1 = new Float32Array(n);
  const label = new Float32Array(n);
  labels.forEach((l, li) => {
    x1.set(x, li * points);
    label.fill(l.y, li * points, (li + 1) * points);
  });
  const r = await evaluateUnits(
    spec,
    { x1: { data: x1, cols: 1 }, x2: { data: new Float32Array(n), cols: 1 }, label: { data: label, cols: 1 } },
    params,
    opts,
  );
  const g = r.grad.x1!;
  const curves: Curve[] = labels.map((l, li) => ({
    variant: l.name,
    x,
    values: toF64(r.values.subarray(li * points, (li + 1) * points)),
    grad: toF64(g.subarray(li * points, (li + 1) * points)),
  }));
  return {
    kind: 'contrastive',
    variable: variableLabel(spec, params),
    gradientLabel: '∂loss/∂d',
    construction: 'one pair per point and label, in one dimension: x1 = d, x2 = 0',
    curves,
    markers: [{ x: margin, label: `margin ${margin}` }],
  };
}
