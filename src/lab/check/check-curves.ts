/**
 * "Show on curves" (issue #11): the user's loss drawn over the reference on the curve view. The
 * curve builder of the loss (src/lab/curves/) is run twice: once with the engine, which gives the
 * reference and the synthetic inputs of every grid point; then with the user's code in place of
 * the engine (`CurveOptions.units`), so the builder reads the user's curve from the user's values
 * and gradients exactly as it reads the reference's (which gradient entry, which chain rule).
 *
 * Each unit of the curve (one row, pair, triplet, or one query for query losses) is its own call
 * of the user's code, so a function that returns the reduced loss gives that unit's loss: a mean
 * and a sum over one unit are the same number, and a reduction mistake does not show here (the
 * probes of the check find those); a wrong per-unit formula or factor does. All calls go to the
 * runner in one batch (one child process, its timeout and cancellation).
 */
import { takesSampleWeight, type Probe } from '../../engine/probes';
import type { EvalInputs, LossSpec, ResolvedParams, RoleInput, RoleName } from '../../engine/spec';
import { computeCurves, curveKindOf } from '../curves/curves';
import type { Curve, CurveSet, UnitValues } from '../curves/types';
import { CheckRunError } from './check-error';
import { acceptedNames, probeCall } from './check-loss';
import { checkParams } from './param-sources';
import type { CheckRunner, ProbeCall, ProbeOutcome } from './runner-protocol';

export interface CheckCurvesOptions {
  readonly spec: LossSpec;
  readonly symbol: string;
  /** Parameters given explicitly (the check's); they win over the code's own defaults. */
  readonly params: Readonly<Record<string, unknown>>;
  /** Grid points per curve (the curve view's default when absent). */
  readonly points?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (message: string) => void;
}

export interface CheckCurves {
  readonly loss: string;
  readonly symbol: string;
  readonly params: ResolvedParams;
  /** The engine's curves for these params (what the curve view draws as the loss). */
  readonly reference: CurveSet;
  /** The user's curves, on the same x, variant by variant. */
  readonly yours: readonly Curve[];
  /** Whether the user's code gave a gradient (somewhere finite) to draw. */
  readonly hasGradient: boolean;
  /** Grid points where the user's code raised or returned no number, with the first message. */
  readonly failed: { readonly count: number; readonly first: string | null };
}

/** Why a loss's curves cannot carry the user's function, or null when they can. */
export function checkCurvesUnsupported(spec: LossSpec): string | null {
  const kind = curveKindOf(spec);
  if (kind === null) return `${spec.id} has no curve view`;
  if (kind === 'in_batch') return `${spec.id}'s curves are whole batches, not units your code can be called on one at a time`;
  if (spec.unit === 'file') return `${spec.id}'s curves are whole files, not units your code can be called on one at a time`;
  if (kind === 'triplet' && !spec.roles.some((r) => r.name === 'anchor')) return `${spec.id}'s curve mines triplets from a batch, not units your code can be called on one at a time`;
  return null;
}

function rowsOf(inputs: EvalInputs): number {
  for (const r of Object.values(inputs)) if (r && r.cols > 0) return r.data.length / r.cols;
  return 0;
}

/** Row ranges [start, end) of the units: one query each for query/pair losses with a query role, else one row each. */
export function unitRanges(spec: LossSpec, inputs: EvalInputs): Array<readonly [number, number]> {
  const n = rowsOf(inputs);
  const q = inputs.query;
  const out: Array<readonly [number, number]> = [];
  if (q && spec.unit !== 'row') {
    let start = 0;
    for (let i = 1; i <= n; i++) {
      if (i === n || q.data[i] !== q.data[start]) {
        out.push([start, i]);
        start = i;
      }
    }
    return out;
  }
  for (let i = 0; i < n; i++) out.push([i, i + 1]);
  return out;
}

function slice(input: RoleInput, [a, b]: readonly [number, number]): RoleInput {
  return { data: input.data.slice(a * input.cols, b * input.cols), cols: input.cols };
}

function unitProbe(inputs: EvalInputs, range: readonly [number, number], name: string, weightName: string | null): Probe {
  const sliced: Partial<Record<RoleName, RoleInput>> = {};
  for (const [role, input] of Object.entries(inputs) as Array<[RoleName, RoleInput | undefined]>) if (input) sliced[role] = slice(input, range);
  const n = range[1] - range[0];
  // Code whose weight argument has no default gets weights of 1, as on the check's probes.
  if (weightName && !sliced.weight) sliced.weight = { data: new Float32Array(n).fill(1), cols: 1 };
  return { name, about: `curve point ${name}`, n, inputs: sliced as EvalInputs };
}

/** The value of one unit's call: its scalar, or the sum of what it returned per row; NaN when it failed. */
function unitValue(o: ProbeOutcome): number {
  if (o.value !== undefined) return o.value;
  if (o.perSample !== undefined && !o.error) return o.perSample.reduce((s, v) => s + v, 0);
  return NaN;
}

/** The user's per-unit values and gradients of one builder's inputs, from the outcomes of its units' calls. */
function unitValues(spec: LossSpec, inputs: EvalInputs, ranges: ReadonlyArray<readonly [number, number]>, outcomes: readonly ProbeOutcome[]): UnitValues {
  const values = Float32Array.from(outcomes, unitValue);
  const grad: Partial<Record<RoleName, Float32Array>> = {};
  for (const r of spec.roles) {
    const input = inputs[r.name];
    if (!r.differentiable || !input) continue;
    const g = new Float32Array(input.data.length).fill(NaN);
    ranges.forEach(([a], u) => {
      const mine = outcomes[u].grads?.[r.name];
      const len = (ranges[u][1] - a) * input.cols;
      if (mine && mine.length === len && !outcomes[u].error) for (let k = 0; k < len; k++) g[a * input.cols + k] = mine[k];
    });
    grad[r.name] = g;
  }
  return { values, grad, count: values.length };
}

/** Runs the user's code along the loss's curves with an open runner; the caller closes it. */
export async function checkCurvesWith(runner: CheckRunner, opts: CheckCurvesOptions): Promise<CheckCurves> {
  const { spec } = opts;
  const why = checkCurvesUnsupported(spec);
  if (why) throw new CheckRunError('shape', `cannot draw ${opts.symbol} on the curves: ${why}`);
  opts.onProgress?.('loading the file');
  const sym = await runner.describe();
  const { params } = checkParams(spec, sym, opts.params);
  const common = { ...(opts.points ? { points: opts.points } : {}), ...(opts.signal ? { signal: opts.signal } : {}) };
  // 1. The reference, and the inputs of every builder call.
  const captured: EvalInputs[] = [];
  const reference = await computeCurves(spec, params, { ...common, onProbe: (i) => captured.push(i) });
  if (!captured.length) throw new CheckRunError('shape', `cannot draw ${opts.symbol} on the curves: ${spec.id}'s curves are not built from units`);
  // 2. One call of the user's code per unit of every builder call, in one batch.
  const weightName = takesSampleWeight(spec, acceptedNames(sym));
  const ranges = captured.map((inputs) => unitRanges(spec, inputs));
  const calls: ProbeCall[] = [];
  captured.forEach((inputs, b) => ranges[b].forEach((range, u) => calls.push(probeCall(spec, sym, unitProbe(inputs, range, `${b}.${u}`, weightName), params))));
  opts.onProgress?.(`running ${opts.symbol} on ${calls.length} curve points`);
  const outcomes = await runner.run(calls);
  if (opts.signal?.aborted) throw new CheckRunError('cancelled', 'check cancelled');
  if (outcomes.length !== calls.length) throw new CheckRunError('output', `the check runner answered ${outcomes.length} results for ${calls.length} curve points`);
  const failures = outcomes.filter((o) => !Number.isFinite(unitValue(o)) && o.error);
  if (failures.length === outcomes.length) {
    const e = failures[0].error!;
    throw new CheckRunError(e.kind === 'type' ? 'type' : 'raised', `${opts.symbol} gave no value on the curves: ${e.message}${e.file ? ` (${e.file}:${e.line ?? 0})` : ''}`, { file: e.file, line: e.line });
  }
  // 3. The same builder, reading the user's numbers.
  let b = 0;
  let offset = 0;
  const served: UnitValues[] = captured.map((inputs, i) => {
    const out = unitValues(spec, inputs, ranges[i], outcomes.slice(offset, offset + ranges[i].length));
    offset += ranges[i].length;
    return out;
  });
  const yoursSet = await computeCurves(spec, params, {
    ...common,
    units: async (inputs) => {
      const i = b++;
      if (i >= served.length || rowsOf(inputs) !== rowsOf(captured[i])) throw new CheckRunError('output', `${spec.id}'s curve builder asked for other inputs the second time`);
      return served[i];
    },
  });
  const yours = yoursSet.curves;
  const hasGradient = yours.some((c) => c.grad.some((g) => Number.isFinite(g)));
  const firstFailure = outcomes.find((o) => o.error && o.value === undefined)?.error?.message ?? null;
  return { loss: spec.id, symbol: opts.symbol, params, reference, yours, hasGradient, failed: { count: failures.length, first: firstFailure } };
}
