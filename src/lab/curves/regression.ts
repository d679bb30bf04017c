/**
 * Regression curves: loss and ∂loss/∂ŷ against the residual r = ŷ − y (target fixed at 0, so the
 * prediction is the residual). The range widens with a scale parameter (Huber δ, SmoothL1 β) so the
 * quadratic and linear parts both show; the switch points are marked.
 */
import type { LossSpec, ResolvedParams } from '../../engine/spec';
import { evaluateUnits, numParam, toF64 } from './evaluate-units';
import { VARIABLE_LABEL } from './kind';
import { DEFAULT_POINTS, linspace, type CurveOptions, type CurveSet } from './types';

const SCALE_PARAMS = [
  { name: 'delta', symbol: 'δ' },
  { name: 'beta', symbol: 'β' },
] as const;

export async function regressionCurves(spec: LossSpec, params: ResolvedParams, opts: CurveOptions = {}): Promise<CurveSet> {
  const points = opts.points ?? DEFAULT_POINTS;
  const markers: Array<{ x: number; label: string }> = [];
  let scale = 1;
  for (const s of SCALE_PARAMS) {
    const v = numParam(params, s.name, NaN);
    if (Number.isFinite(v) && v > 0) {
      scale = Math.max(scale, v);
      markers.push({ x: -v, label: `−${s.symbol}` }, { x: v, label: s.symbol });
    }
  }
  const x = linspace(-3 * scale, 3 * scale, points);
  const r = await evaluateUnits(
    spec,
    { prediction: { data: Float32Array.from(x), cols: 1 }, target: { data: new Float32Array(points), cols: 1 } },
    params,
    opts,
  );
  return {
    kind: 'regression',
    variable: VARIABLE_LABEL.regression,
    gradientLabel: '∂loss/∂ŷ',
    construction: 'one row per point: target y = 0, prediction ŷ = residual',
    curves: [{ variant: null, x, values: toF64(r.values), grad: toF64(r.grad.prediction!) }],
    markers,
  };
}
