/**
 * The engine run behind every curve: per-unit losses and the gradient of their sum, with the
 * loss's own `compute` (no formula is re-derived here). Units are independent by construction
 * (one row, pair, query or triplet per grid point), so the gradient of the sum at a unit's inputs
 * is that unit's own derivative.
 */
import { evaluateVariant } from '../../engine/conventions';
import { evaluate } from '../../engine/evaluate';
import { noGradientReason, type EvalInputs, type LossSpec, type Reduction, type ResolvedParams, type RoleName } from '../../engine/spec';
import type { CurveOptions } from './types';

export interface UnitEval {
  readonly values: Float32Array;
  readonly grad: Readonly<Partial<Record<RoleName, Float32Array>>>;
  /** Query id of each value, for query units. */
  readonly unitIds?: Float32Array;
  readonly count: number;
}

export async function evaluateUnits(spec: LossSpec, inputs: EvalInputs, params: ResolvedParams, opts: CurveOptions = {}): Promise<UnitEval> {
  const signal = opts.signal;
  opts.onProbe?.(inputs);
  if (opts.units) return opts.units(inputs);
  if (opts.switches) {
    // A framework's per-unit losses: `none` reports them and the gradient of their sum.
    const unitSwitches = opts.switches.filter((s) => s.kind !== 'reduction' && s.kind !== 'denominator');
    const v = await evaluateVariant(spec, inputs, params, [...unitSwitches, { kind: 'reduction', reduction: 'none' }], { grad: true, perSample: true, ...(signal ? { signal } : {}) });
    const grad: Partial<Record<RoleName, Float32Array>> = {};
    for (const [role, g] of Object.entries(v.grad ?? {}) as Array<[RoleName, { data: Float32Array }]>) grad[role] = g.data;
    return { values: v.perSample ?? new Float32Array(0), grad, count: v.count, ...(v.unitIds ? { unitIds: v.unitIds } : {}) };
  }
  // `sum` (or `none`) reports the gradient of Σ l_u unscaled; `mean` divides it by its denominator.
  const reduction: Reduction = spec.reductions.includes('sum') ? 'sum' : spec.reductions.includes('none') ? 'none' : 'mean';
  // A loss without a gradient (adarank) gets none here: its curve builders say so.
  const grad0 = noGradientReason(spec) === null;
  const r = await evaluate(spec, inputs, params, { reduction, perSample: true, grad: grad0, ...(signal ? { signal } : {}) });
  const grad: Partial<Record<RoleName, Float32Array>> = {};
  for (const [role, g] of Object.entries(r.grad ?? {}) as Array<[RoleName, { data: Float32Array }]>) {
    if (reduction === 'mean' && r.denominator !== 1) grad[role] = g.data.map((x) => x * r.denominator);
    else grad[role] = g.data;
  }
  return { values: r.perSample ?? new Float32Array(0), grad, count: r.count, ...(r.unitIds ? { unitIds: r.unitIds } : {}) };
}

/** The number value of a param, or `fallback` when the loss has no such number param. */
export function numParam(params: ResolvedParams, name: string, fallback: number): number {
  const v = params[name];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

export function toF64(a: ArrayLike<number>): Float64Array {
  return Float64Array.from(a);
}
