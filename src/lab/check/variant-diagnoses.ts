/**
 * Diagnoses by variant: each candidate is a named set of convention switches
 * (../../engine/conventions.ts), evaluated by the engine on the same probes; it is claimed only
 * when the user's numbers — value, per-sample values when returned, and the gradient of every
 * differentiable role — match the variant's on every probe, under the same tolerance as the check.
 */
import { evaluateVariant, KERAS_EPSILON, type ConventionSwitch } from '../../engine/conventions';
import type { EvalResult } from '../../engine/evaluate';
import type { LossSpec, Reduction, RoleName } from '../../engine/spec';
import { compareProbe, type ProbeComparison, type ProbeReference } from './check-loss';
import type { Diagnosis, DiagnosisId } from './diagnose';

/** Keras' probability clipping ε, as the engine's convention variants use it. */
const CLIP_EPSILON = KERAS_EPSILON;

interface Candidate {
  readonly id: DiagnosisId;
  /** The switches of one probe (some depend on the probe's parameters or shapes). */
  readonly switches: (c: ProbeComparison) => readonly ConventionSwitch[];
  readonly message: string;
  /** What the variant is, for the evidence line ("the reference × 0.5"). */
  readonly what: string;
  readonly factor?: number;
  /** The variant sets the reduction itself (not comparable with per-sample output). */
  readonly setsReduction?: boolean;
}

const fmt = (x: number): string => Number(x.toPrecision(6)).toString();

function logitRole(spec: LossSpec): RoleName | null {
  return spec.roles.find((r) => r.name === 'logit' || r.name === 'logits')?.name ?? null;
}

function num(v: unknown): number | null {
  return typeof v === 'number' ? v : null;
}

/** The factor k minimising Σ (y − k r)² over the compared values of finite probes. */
function fittedFactor(cs: readonly ProbeComparison[]): number | null {
  let yr = 0;
  let rr = 0;
  for (const c of cs) {
    if (!Number.isFinite(c.yourValue) || !Number.isFinite(c.refValue)) continue;
    yr += c.yourValue * c.refValue;
    rr += c.refValue * c.refValue;
  }
  if (rr === 0) return null;
  const k = yr / rr;
  return Number.isFinite(k) && k !== 0 ? k : null;
}

function candidates(spec: LossSpec, cs: readonly ProbeComparison[], reduction: Reduction): Candidate[] {
  const out: Candidate[] = [];
  const p0 = cs[0].params;
  const role = logitRole(spec);
  if (spec.id === 'smooth_l1' && num(p0.beta) !== null && p0.beta !== 1) {
    const b = p0.beta as number;
    out.push({ id: 'huber_delta_vs_beta', switches: () => [{ kind: 'factor', factor: b }], factor: b, what: `Huber with delta = beta = ${fmt(b)} (= beta × smooth L1)`,
      message: `computes the Huber loss with delta = ${fmt(b)} (Keras/TF and torch.nn.HuberLoss), not PyTorch's SmoothL1Loss with beta = ${fmt(b)}: HuberLoss(delta) = delta × SmoothL1Loss(beta = delta); divide the quadratic part by beta instead of scaling the linear part by delta` });
  }
  if (spec.id === 'huber' && num(p0.delta) !== null && p0.delta !== 1) {
    const d = p0.delta as number;
    out.push({ id: 'huber_delta_vs_beta', switches: () => [{ kind: 'factor', factor: 1 / d }], factor: 1 / d, what: `smooth L1 with beta = delta = ${fmt(d)} (= Huber / delta)`,
      message: `computes PyTorch's SmoothL1Loss with beta = ${fmt(d)}, not the Huber loss with delta = ${fmt(d)}: HuberLoss(delta) = delta × SmoothL1Loss(beta = delta)` });
  }
  if (spec.id === 'cross_entropy' && num(p0.label_smoothing) !== null && (p0.label_smoothing as number) > 0) {
    out.push({
      id: 'label_smoothing_convention',
      switches: (c) => {
        const C = c.probe.inputs.logits!.cols;
        const eps = (c.params.label_smoothing as number) * C / (C - 1);
        return [{ kind: 'param', name: 'label_smoothing', value: eps }];
      },
      what: 'label smoothing that gives 1 − ε to the target and ε / (C − 1) to each other class',
      message: 'spreads the label smoothing ε over the C − 1 other classes (target 1 − ε); PyTorch mixes the one-hot target with the uniform distribution over all C classes: (1 − ε) one-hot + ε / C',
    });
  }
  if (spec.id === 'sigmoid_focal' && num(p0.alpha) !== null && (p0.alpha as number) >= 0 && p0.alpha !== 0.5) {
    const a = p0.alpha as number;
    out.push({ id: 'focal_alpha_swapped', switches: () => [{ kind: 'param', name: 'alpha', value: 1 - a }], what: `alpha = 1 − ${fmt(a)} = ${fmt(1 - a)}`,
      message: `weighs the positives with 1 − alpha = ${fmt(1 - a)} and the negatives with alpha = ${fmt(a)}; torchvision's sigmoid_focal_loss weighs the positive class (target 1) with alpha` });
  }
  if ((spec.id === 'contrastive' || spec.id === 'soft_contrastive') && spec.roles.some((r) => r.name === 'label')) {
    out.push({ id: 'contrastive_label_flipped', switches: () => [{ kind: 'flipLabel', role: 'label' }], what: 'the loss with label 1 − y',
      message: 'reads label 1 as "similar": Loss Lab (Hadsell et al. 2006) pulls pairs with label 0 together and pushes pairs with label 1 beyond the margin (TF Addons uses the opposite); flip your labels or swap the two terms' });
  }
  if (spec.knobs?.some((k) => k.name === 'distance_power')) {
    out.push({ id: 'distance_not_squared', switches: () => [{ kind: 'knob', name: 'distance_power', value: 1 }], what: 'the loss on the plain distance d instead of d²',
      message: 'uses the distance d where the loss squares it: d² for similar pairs and max(0, margin − d)² for dissimilar ones' });
  }
  if (role) {
    out.push({ id: 'probabilities_not_logits', switches: () => [{ kind: 'squash', role }], what: `the loss of ${role === 'logits' ? 'softmax' : 'sigmoid'}(${role}) taken as ${role}`,
      message: `applies ${role === 'logits' ? 'softmax' : 'sigmoid'} and then a loss that expects ${role} (it applies it again): pass the raw ${role}` });
    out.push({ id: 'probabilities_not_logits', switches: () => [{ kind: 'readAsProbabilities', role, epsilon: CLIP_EPSILON }], what: `${role} read as probabilities (clipped to [1e-7, 1 − 1e-7])`,
      message: `treats its input as probabilities, but the loss takes ${role}: apply ${role === 'logits' ? 'log_softmax' : 'logsigmoid / binary_cross_entropy_with_logits'} to the raw ${role} instead` });
  }
  const sampleWeight = spec.roles.some((r) => r.sampleWeight) && cs.some((c) => c.probe.inputs.weight);
  const classWeight = spec.params.some((p) => p.name === 'weight' && p.kind === 'numberList') && cs.some((c) => Array.isArray(c.params.weight));
  if (sampleWeight || classWeight) {
    const dens = [
      { by: 'units' as const, what: 'N (the number of rows)' },
      { by: 'weightSum' as const, what: 'the sum of the weights' },
      { by: 'nonzeroWeights' as const, what: 'the number of non-zero weights' },
    ];
    for (const d of dens) {
      out.push({ id: 'weighted_mean_denominator', switches: () => [{ kind: 'denominator', by: d.by }], what: `the weighted mean divided by ${d.what}`,
        message: `divides the weighted sum by ${d.what}; ${spec.id} ${classWeight ? 'divides by the sum of the target classes\' weights (PyTorch)' : 'divides by N (Keras and the common hand-written convention; PyTorch has no sample weights)'}` });
    }
  }
  if (spec.family === 'similarity') {
    const roles = spec.roles.filter((r) => r.differentiable).map((r) => r.name);
    out.push({ id: 'normalized_embeddings', switches: () => [{ kind: 'normalizeRows', roles }], what: 'the loss on L2-normalised embeddings',
      message: 'normalises the embeddings to unit length first (pytorch-metric-learning\'s default), which the loss does not do' });
  }
  if (role) {
    out.push({ id: 'clipped_probabilities', switches: () => [{ kind: 'clipProbabilities', role, epsilon: CLIP_EPSILON }], what: 'the loss with probabilities clipped to [1e-7, 1 − 1e-7] (Keras)',
      message: 'clips the probabilities to [1e-7, 1 − 1e-7] (as Keras does), so confident wrong predictions cost at most −log(1e-7) ≈ 16.1 and pass no gradient' });
  }
  if (reduction === 'mean') {
    out.push({ id: 'sum_instead_of_mean', switches: () => [{ kind: 'reduction', reduction: 'sum' }], what: `the sum of the per-${spec.unit} losses`, setsReduction: true,
      message: `sums the per-${spec.unit} losses where the reference takes their mean: the loss and its gradient grow with the batch size (divide by the ${spec.unit} count, or use .mean())` });
  }
  if (reduction === 'sum') {
    out.push({ id: 'mean_instead_of_sum', switches: () => [{ kind: 'reduction', reduction: 'mean' }], what: `the mean of the per-${spec.unit} losses`, setsReduction: true,
      message: `declares reduction "sum" but returns the mean of the per-${spec.unit} losses` });
  }
  out.push({ id: 'half_factor', switches: () => [{ kind: 'factor', factor: 0.5 }], factor: 0.5, what: 'the reference × 0.5',
    message: 'is half the reference: a ½ factor (as in ½ (y − ŷ)², optax.l2_loss) that the reference does not have' });
  const k = fittedFactor(cs);
  if (k !== null && Math.abs(k - 1) > 1e-3 && Math.abs(k - 0.5) > 1e-3) {
    const kk = Number(k.toPrecision(6));
    // Distillation without its T² (or with it twice): the factor is 1/T² (T⁴), which names the cause.
    const T = typeof cs[0]?.params.temperature === 'number' && spec.roles.some((r) => r.name === 'teacher_logits') ? cs[0].params.temperature : null;
    const tSquared = T !== null && T !== 1 ? (Math.abs(kk * T * T - 1) < 1e-3 ? 'missing' : Math.abs(kk - T * T) < 1e-3 * T * T ? 'twice' : null) : null;
    out.push({ id: 'constant_factor', switches: () => [{ kind: 'factor', factor: kk }], factor: kk, what: `the reference × ${fmt(kk)}`,
      message: tSquared === 'missing' ? `is the reference times ${fmt(kk)} = 1/T² (T = ${T}): the T² factor of distillation is missing, so the soft-target gradient shrinks as T grows (Hinton et al. 2015 multiply by T²)`
        : tSquared === 'twice' ? `is the reference times ${fmt(kk)} = T² (T = ${T}): the T² factor is applied twice`
          : `is the reference times ${fmt(kk)}: a constant factor in the loss (it scales the gradient too, as a learning-rate change would)` });
  }
  return out;
}

function gradMap(r: EvalResult): Partial<Record<RoleName, Float32Array>> {
  const out: Partial<Record<RoleName, Float32Array>> = {};
  for (const [k, g] of Object.entries(r.grad ?? {})) if (g) out[k as RoleName] = g.data;
  return out;
}

/** The variant's numbers on one probe, in the shape of a reference (reduced and per-unit). */
async function variantOn(spec: LossSpec, c: ProbeComparison, switches: readonly ConventionSwitch[], reduction: Reduction, setsReduction: boolean): Promise<ProbeReference | null> {
  try {
    const perSample = c.output === 'perSample';
    if (perSample && setsReduction) return null;
    const red: ConventionSwitch[] = setsReduction ? [] : [{ kind: 'reduction', reduction: perSample ? 'none' : reduction }];
    const r = await evaluateVariant(spec, c.probe.inputs, c.params, [...switches, ...red], { grad: true, perSample: true });
    const g = gradMap(r);
    return { value: r.value, grad: g, perSample: r.perSample ?? new Float32Array(0), sumGrad: g };
  } catch {
    // A switch the probe's parameters cannot take (a remapped value out of range): not this variant.
    return null;
  }
}

/** The variant diagnoses whose variant matches the user's numbers on every probe, most specific first. */
export async function variantDiagnoses(spec: LossSpec, cs: readonly ProbeComparison[], reduction: Reduction): Promise<Diagnosis[]> {
  if (!cs.some((c) => c.output === 'scalar' || c.output === 'perSample')) return [];
  const found: Diagnosis[] = [];
  for (const cand of candidates(spec, cs, reduction)) {
    if (found.some((d) => d.id === cand.id)) continue;
    let all = true;
    for (const c of cs) {
      if (c.output !== 'scalar' && c.output !== 'perSample') {
        all = false;
        break;
      }
      const v = await variantOn(spec, c, cand.switches(c), reduction, cand.setsReduction === true);
      if (!v || !compareProbe(spec, c.probe, c.params, v, c.outcome).ok) {
        all = false;
        break;
      }
    }
    if (!all) continue;
    // A constant factor is the least specific explanation: listed only when no named cause explains the numbers.
    if (cand.id === 'constant_factor' && found.length) continue;
    found.push({
      id: cand.id,
      message: cand.message,
      evidence: `on ${cs.length} of ${cs.length} probes your value${cs.some((c) => c.output === 'perSample') ? ', per-sample values' : ''} and gradient equal ${cand.what}, evaluated by the engine`,
      ...(cand.factor !== undefined ? { factor: cand.factor } : {}),
    });
  }
  return found;
}
