/**
 * Regression curves: loss and ∂loss/∂ŷ against the residual r = ŷ − y (target fixed at 0, so the
 * prediction is the residual). The range widens with a scale parameter (Huber δ, SmoothL1 β) so the
 * quadratic and linear parts both show; the switch points are marked.
 *
 * Two kinds of regression loss take more than a residual, and get curves per value of the extra input:
 * - a loss with a `variance` role (gaussian_nll): one curve per variance σ², against the residual;
 * - a loss of counts (a `target` of domain `nonnegative`, poisson_nll): one curve per count y, against
 *   the prediction itself (the log-rate when the loss has `log_input` on, else the rate λ >= 0), the
 *   optimum λ = y marked.
 */
import type { LossSpec, ResolvedParams } from '../../engine/spec';
import { evaluateUnits, numParam, toF64 } from './evaluate-units';
import { isCountLoss, variableLabel } from './kind';
import { DEFAULT_POINTS, linspace, type CurveOptions, type CurveSet } from './types';

const SCALE_PARAMS = [
  { name: 'delta', symbol: 'δ' },
  { name: 'beta', symbol: 'β' },
] as const;

const VARIANCES = [0.25, 1, 4];
const COUNTS = [0, 1, 4];

async function varianceCurves(spec: LossSpec, params: ResolvedParams, points: number, opts: CurveOptions): Promise<CurveSet> {
  const x = linspace(-3, 3, points);
  const curves = [];
  for (const v of VARIANCES) {
    const r = await evaluateUnits(
      spec,
      {
        prediction: { data: Float32Array.from(x), cols: 1 },
        variance: { data: new Float32Array(points).fill(v), cols: 1 },
        target: { data: new Float32Array(points), cols: 1 },
      },
      params,
      opts,
    );
    curves.push({ variant: `σ² = ${v}`, x, values: toF64(r.values), grad: toF64(r.grad.prediction!) });
  }
  return {
    kind: 'regression',
    variable: variableLabel(spec, params),
    gradientLabel: '∂loss/∂ŷ',
    construction: `one row per point: target y = 0, prediction ŷ = residual, variance σ² fixed per curve (${VARIANCES.join(', ')})`,
    curves,
    markers: [],
  };
}

async function countCurves(spec: LossSpec, params: ResolvedParams, points: number, opts: CurveOptions): Promise<CurveSet> {
  const logInput = params.log_input !== false;
  // A rate of 0 with y > 0 costs −y log(eps) (18.4 y at eps = 1e-8) with a gradient of −y / eps: start at 0.05.
  const x = logInput ? linspace(-3, 3, points) : linspace(0.05, 8, points);
  const curves = [];
  for (const y of COUNTS) {
    const r = await evaluateUnits(
      spec,
      { prediction: { data: Float32Array.from(x), cols: 1 }, target: { data: new Float32Array(points).fill(y), cols: 1 } },
      params,
      opts,
    );
    curves.push({ variant: `y = ${y}`, x, values: toF64(r.values), grad: toF64(r.grad.prediction!) });
  }
  const optimum = COUNTS.filter((y) => y > 0).map((y) => ({ x: logInput ? Math.log(y) : y, label: `λ = ${y}` }));
  return {
    kind: 'regression',
    variable: variableLabel(spec, params),
    gradientLabel: '∂loss/∂ŷ',
    construction: `one row per point: prediction ŷ on the axis, count y fixed per curve (${COUNTS.join(', ')}); the minimum of each is at λ = y`,
    curves,
    markers: optimum,
  };
}

export async function regressionCurves(spec: LossSpec, params: ResolvedParams, opts: CurveOptions = {}): Promise<CurveSet> {
  const points = opts.points ?? DEFAULT_POINTS;
  if (spec.roles.some((r) => r.name === 'variance')) return varianceCurves(spec, params, points, opts);
  if (isCountLoss(spec)) return countCurves(spec, params, points, opts);
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
    variable: variableLabel(spec, params),
    gradientLabel: '∂loss/∂ŷ',
    construction: 'one row per point: target y = 0, prediction ŷ = residual',
    curves: [{ variant: null, x, values: toF64(r.values), grad: toF64(r.grad.prediction!) }],
    markers,
  };
}
