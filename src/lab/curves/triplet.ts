/**
 * Triplet curves against Δ = d(a,p) − d(a,n), in one dimension: anchor at 0, negative at −c (so
 * d(a,n) = c and the positive-negative distance never undercuts it: `swap` changes nothing), the
 * positive at d(a,p) = c + Δ. The gradient is w.r.t. the positive's coordinate, i.e. ∂loss/∂Δ.
 *
 * Mined losses (an `embedding` and a class `label` per row) have no per-triplet input: each grid
 * point is its own batch of those three embeddings (anchor and positive of class 0, negative of
 * class 1), and the curve is the loss the miner reports on that batch, so mining rules (semi-hard
 * only, batch-hard...) show in its shape.
 */
import { evaluate } from '../../engine/evaluate';
import type { LossSpec, Reduction, ResolvedParams } from '../../engine/spec';
import { evaluateUnits, numParam, toF64 } from './evaluate-units';
import { variableLabel } from './kind';
import { DEFAULT_POINTS, linspace, type CurveOptions, type CurveSet } from './types';

export async function tripletCurves(spec: LossSpec, params: ResolvedParams, opts: CurveOptions = {}): Promise<CurveSet> {
  const margin = numParam(params, 'margin', 1);
  const c = Math.max(2, 2 * margin);
  const mined = spec.roles.some((r) => r.name === 'embedding');
  // A mined loss costs one engine call per point.
  const points = opts.points ?? (mined ? 101 : DEFAULT_POINTS);
  const x = linspace(-c, c, points);
  const markers = [{ x: -margin, label: `−margin (${margin})` }];
  const base = { kind: 'triplet' as const, variable: variableLabel(spec, params), gradientLabel: '∂loss/∂d(a,p)', markers };
  if (!mined) {
    const r = await evaluateUnits(
      spec,
      {
        anchor: { data: new Float32Array(points), cols: 1 },
        positive: { data: Float32Array.from(x, (d) => c + d), cols: 1 },
        negative: { data: new Float32Array(points).fill(-c), cols: 1 },
      },
      params,
      opts,
    );
    return {
      ...base,
      construction: `one triplet per point, in one dimension: anchor 0, negative −${c} (d(a,n) = ${c}), positive at d(a,p) = ${c} + Δ`,
      curves: [{ variant: null, x, values: toF64(r.values), grad: toF64(r.grad.positive!) }],
    };
  }
  const reduction: Reduction = spec.reductions.includes('mean') ? 'mean' : spec.defaultReduction;
  const values = new Float64Array(points);
  const grad = new Float64Array(points);
  const label = { data: Float32Array.of(0, 0, 1), cols: 1 };
  for (let k = 0; k < points; k++) {
    const embedding = { data: Float32Array.of(0, c + x[k], -c), cols: 1 };
    const r = await evaluate(spec, { embedding, label }, params, { reduction, grad: true, ...(opts.signal ? { signal: opts.signal } : {}) });
    values[k] = r.value;
    grad[k] = r.grad?.embedding?.data[1] ?? NaN;
  }
  return {
    ...base,
    construction:
      `one batch of 3 embeddings per point, in one dimension: anchor 0 and positive c + Δ (class 0), negative −${c} (class 1); ` +
      `the ${reduction} over the triplets the miner forms`,
    curves: [{ variant: null, x, values, grad }],
  };
}
