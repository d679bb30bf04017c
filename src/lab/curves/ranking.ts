/**
 * Ranking curves against the score difference Δ = s_i − s_j of a pair with rel_i > rel_j. Every
 * grid point is its own query of two documents, relevance (1, 0) and scores (Δ, 0); the curve is
 * that query's loss (its one pair for pairwise losses, the sum over its two rows for pointwise
 * ones, the query's value for listwise ones) and its derivative w.r.t. s_i.
 */
import type { LossSpec, ResolvedParams } from '../../engine/spec';
import { evaluateUnits } from './evaluate-units';
import { variableLabel } from './kind';
import { DEFAULT_POINTS, linspace, type CurveOptions, type CurveSet } from './types';

export const DELTA_RANGE: readonly [number, number] = [-4, 4];

export async function rankingCurves(spec: LossSpec, params: ResolvedParams, opts: CurveOptions = {}): Promise<CurveSet> {
  const points = opts.points ?? DEFAULT_POINTS;
  const x = linspace(DELTA_RANGE[0], DELTA_RANGE[1], points);
  const query = new Float32Array(2 * points);
  const score = new Float32Array(2 * points);
  const relevance = new Float32Array(2 * points);
  for (let k = 0; k < points; k++) {
    query[2 * k] = query[2 * k + 1] = k;
    score[2 * k] = x[k];
    relevance[2 * k] = 1;
  }
  const r = await evaluateUnits(
    spec,
    { query: { data: query, cols: 1 }, score: { data: score, cols: 1 }, relevance: { data: relevance, cols: 1 } },
    params,
    opts,
  );
  const values = new Float64Array(points);
  if (spec.unit === 'row' && r.values.length === 2 * points) {
    for (let k = 0; k < points; k++) values[k] = r.values[2 * k] + r.values[2 * k + 1];
  } else if (r.values.length === points) {
    values.set(r.values);
  } else {
    throw new Error(`${spec.id}: expected one loss per 2-document query (${points}), got ${r.values.length} ${spec.unit} values`);
  }
  // A loss of the order alone (adarank) has no gradient: a step function of Δ, whose derivative is
  // 0 away from the step at Δ = 0; drawn as 0 and labelled so.
  const g = r.grad.score;
  const grad = new Float64Array(points);
  if (g) for (let k = 0; k < points; k++) grad[k] = g[2 * k];
  const what = spec.unit === 'row' ? 'the sum over its 2 rows' : spec.unit === 'pair' ? 'its one pair' : 'the query loss';
  return {
    kind: 'ranking',
    variable: variableLabel(spec, params),
    gradientLabel: g ? '∂loss/∂s_i (the more relevant document)' : 'no gradient: the loss depends on the order only (0 away from Δ = 0)',
    construction: `one query per point, two documents: relevance (1, 0), scores (s_i, s_j) = (Δ, 0); loss = ${what}`,
    curves: [{ variant: null, x, values, grad }],
    markers: [],
  };
}
