/**
 * Naming what is wrong with a user's loss. A diagnosis is claimed only on evidence over the same
 * probes: a *variant* diagnosis when the named variant of the loss, evaluated by the engine
 * (../../engine/conventions.ts), matches the user's numbers — value and gradient — on every probe
 * (./variant-diagnoses.ts); a *behaviour* diagnosis (this file) when the user's numbers agree with
 * the reference everywhere except in the named way (non-finite at extreme logits, no gradient, a
 * non-finite gradient at zero distance, a wrong shape). Otherwise `unexplained`, with the first
 * differing probe and its inputs.
 */
import type { LossSpec, Reduction } from '../../engine/spec';
import { allFinite, allZero, REL_TOL } from './compare';
import type { ProbeComparison } from './check-loss';
import { variantDiagnoses } from './variant-diagnoses';

/** Diagnosis ids: part of the CLI contract (README "Check my loss"). */
export type DiagnosisId =
  | 'sum_instead_of_mean' | 'mean_instead_of_sum' | 'half_factor' | 'constant_factor'
  | 'huber_delta_vs_beta' | 'weighted_mean_denominator' | 'label_smoothing_convention'
  | 'focal_alpha_swapped' | 'probabilities_not_logits' | 'contrastive_label_flipped'
  | 'distance_not_squared' | 'no_distance_eps' | 'unstable_at_extremes' | 'no_gradient'
  | 'per_sample_shape' | 'normalized_embeddings' | 'clipped_probabilities' | 'unexplained';

export interface Diagnosis {
  readonly id: DiagnosisId;
  readonly message: string;
  /** What was observed, over how many probes. */
  readonly evidence: string;
  /** For factor diagnoses: yours = reference × factor. */
  readonly factor?: number;
}

const fmt = (x: number): string => (Number.isFinite(x) ? Number(x.toPrecision(6)).toString() : String(x));

function valueOk(c: ProbeComparison): boolean {
  return c.valueRelErr <= REL_TOL && (c.perSampleRelErr ?? 0) <= REL_TOL;
}

function gradFinite(c: ProbeComparison): boolean {
  return Object.values(c.outcome.grads ?? {}).every((g) => g === null || allFinite(g));
}

function refFinite(c: ProbeComparison): boolean {
  return Number.isFinite(c.refValue) && Object.values(c.reference.grad).every((g) => !g || allFinite(g));
}

function perSampleShape(cs: readonly ProbeComparison[]): Diagnosis | null {
  const bad = cs.filter((c) => c.output === 'wrongShape');
  if (!bad.length) return null;
  const c = bad[0];
  const shape = `[${(c.outcome.shape ?? []).join(', ')}]`;
  return {
    id: 'per_sample_shape',
    message: `returns a tensor of shape ${shape}; expected a scalar (the reduced loss) or one value per ${c.reference.perSample.length === c.probe.n ? 'row' : 'unit'} (shape [${c.reference.perSample.length}])`,
    evidence: `on ${bad.length} of ${cs.length} probes the output has shape ${shape} (probe ${c.probe.name}: ${c.probe.n} rows, ${c.reference.perSample.length} units)`,
  };
}

function noGradient(spec: LossSpec, cs: readonly ProbeComparison[]): Diagnosis | null {
  const roles = spec.roles.filter((r) => r.differentiable).map((r) => r.name);
  for (const role of roles) {
    const relevant = cs.filter((c) => c.gradRelErr[role] !== undefined);
    const dead = relevant.filter((c) => {
      const g = c.outcome.grads?.[role];
      const ref = (c.output === 'perSample' ? c.reference.sumGrad : c.reference.grad)[role];
      return (g === null || g === undefined || allZero(g)) && ref !== undefined && !allZero(ref);
    });
    const live = relevant.filter((c) => c.reference.grad[role] && !allZero(c.reference.grad[role]!));
    if (live.length && dead.length === live.length) {
      const none = dead.some((c) => c.outcome.grads?.[role] === null || c.outcome.grads?.[role] === undefined);
      return {
        id: 'no_gradient',
        message: `${role} gets ${none ? 'no gradient' : 'a zero gradient'}: training would not move it (a .detach(), .item(), float(), .numpy() or a non-differentiable op on the way?)`,
        evidence: `on ${dead.length} of ${live.length} probes where the reference's gradient of ${role} is non-zero, yours is ${none ? 'missing' : 'all zeros'}`,
      };
    }
  }
  return null;
}

function unstable(cs: readonly ProbeComparison[]): Diagnosis | null {
  const extreme = cs.filter((c) => c.probe.extreme);
  const bad = extreme.filter((c) => !c.ok && refFinite(c));
  if (!bad.length || cs.some((c) => !c.probe.extreme && !c.ok)) return null;
  const c = bad[0];
  const nonFinite = !Number.isFinite(c.yourValue) || !gradFinite(c);
  return {
    id: 'unstable_at_extremes',
    message: `${nonFinite ? 'non-finite' : 'wrong'} at large inputs where the reference is finite: compute in log space (log_softmax, logsigmoid, softplus, binary_cross_entropy_with_logits) instead of log(sigmoid(x)) or log(softmax(x))`,
    evidence: `agrees on all ${cs.length - extreme.length} ordinary probes; on ${bad.length} of ${extreme.length} extreme probes it differs (${c.probe.about}: reference ${fmt(c.refValue)}, yours ${fmt(c.yourValue)}${gradFinite(c) ? '' : ', gradient non-finite'})`,
  };
}

function noDistanceEps(cs: readonly ProbeComparison[]): Diagnosis | null {
  const zero = cs.filter((c) => c.probe.zeroDistance);
  const bad = zero.filter((c) => !c.ok && valueOk(c) && !gradFinite(c) && refFinite(c));
  if (!bad.length || cs.some((c) => !c.probe.zeroDistance && !c.ok)) return null;
  return {
    id: 'no_distance_eps',
    message: 'the gradient is NaN where a distance is zero: the derivative of sqrt at 0 is infinite; add an epsilon inside the norm (F.pairwise_distance adds 1e-6 to the difference)',
    evidence: `values agree on all ${cs.length} probes; the gradient is non-finite on ${bad.length} of ${zero.length} probes with zero distances (${bad[0].probe.about}) and agrees elsewhere`,
  };
}

function describeInputs(c: ProbeComparison): string {
  const parts = Object.entries(c.probe.inputs).map(([role, input]) => {
    const vals = Array.from(input!.data.slice(0, Math.min(input!.data.length, 3 * input!.cols)), (v) => fmt(v));
    return `${role}=[${vals.join(', ')}${input!.data.length > vals.length ? ', …' : ''}]`;
  });
  return parts.join(' ');
}

function unexplained(cs: readonly ProbeComparison[]): Diagnosis {
  const c = cs.find((x) => !x.ok)!;
  const worstGrad = Object.entries(c.gradRelErr).sort((a, b) => b[1] - a[1])[0];
  const what = !valueOk(c)
    ? `value: reference ${fmt(c.refValue)}, yours ${fmt(c.yourValue)}${c.outcome.error ? ` (${c.outcome.error.message})` : ''}`
    : `gradient of ${worstGrad?.[0]}: relative error ${fmt(worstGrad?.[1] ?? NaN)}`;
  return {
    id: 'unexplained',
    message: `differs from the reference with no known cause; first differing probe: ${c.probe.name} (${c.probe.about})`,
    evidence: `${cs.filter((x) => !x.ok).length} of ${cs.length} probes differ; ${c.probe.name}: ${what}; inputs (first rows): ${describeInputs(c)}`,
  };
}

/** Ranked diagnoses of a mismatch: variants first (most specific first), then behaviours, else `unexplained`. */
export async function diagnose(spec: LossSpec, cs: readonly ProbeComparison[], reduction: Reduction): Promise<Diagnosis[]> {
  const shape = perSampleShape(cs);
  if (shape) return [shape];
  const out: Diagnosis[] = [...(await variantDiagnoses(spec, cs, reduction))];
  for (const d of [noGradient(spec, cs), unstable(cs), noDistanceEps(cs)]) if (d) out.push(d);
  if (!out.length) out.push(unexplained(cs));
  return out;
}
