/**
 * Conventions as switches: a loss evaluated with one or more of the conventions that differ
 * between frameworks switched, by the engine, on the same inputs. A *variant* is the loss's own
 * `compute` with its inputs, parameters or reduction changed, never a second implementation.
 *
 * Switches compose (apply any set of them; at most one `reduction` and one `denominator`), and the
 * vocabulary is small on purpose, so that the same switches describe both what a framework's
 * built-in does differently (the framework rows of each loss's spec, issue #15) and what a user's
 * hand-written loss got wrong (the "check my loss" diagnoses, issue #11):
 *
 * | switch                                   | what changes                                              | e.g.                                   |
 * |------------------------------------------|-----------------------------------------------------------|----------------------------------------|
 * | `factor`                                 | every per-unit value × k (and the gradient)               | optax.l2_loss ½; Keras focal α = 0.25; SmoothL1Loss(β=δ) = huber/δ |
 * | `reduction`                              | mean / sum / none instead of the loss's default           | torchvision's default `none`; sum_instead_of_mean |
 * | `denominator`                            | what `mean` divides by: `units` (N), `weightSum` (Σw), `nonzeroWeights` (#w≠0), `nonzeroTerms` (#l>0, optionally per label), or a given `count` | Keras /N, tfjs SUM_BY_NONZERO_WEIGHTS, PML AvgNonZero, tfr.keras B·L |
 * | `param`                                  | a hyperparameter set to another value (range-checked)     | PML margin 0.05; α ignored (−1); focal_alpha_swapped (1 − α); huber_delta_vs_beta |
 * | `flipLabel`                              | a 0/1 role read as 1 − y                                  | TF Addons' 1 = similar; contrastive_label_flipped |
 * | `smoothBinaryTarget`                     | y → y (1 − ε) + ε / 2                                     | Keras / tfjs binary label smoothing; label_smoothing_convention |
 * | `clipProbabilities`                      | logits seen through probabilities clipped to [ε, 1 − ε]   | Keras' 1e-7 clipping (focal even from logits) |
 * | `readAsProbabilities`                    | the logit role's values read as probabilities (clipped)   | Keras `from_logits=False` given logits; probabilities_not_logits |
 * | `squash`                                 | sigmoid / softmax applied to the logit role first         | probabilities passed where logits are expected |
 * | `normalizeRows`                          | embedding rows L2-normalised first                        | pytorch-metric-learning's LpDistance default |
 * | `knob`                                   | a loss's own convention knob (spec `knobs`)               | contrastive `distance_power` 1: distance_not_squared, PML |
 *
 * `evaluateVariant` returns the same shape as `evaluate`: the reduced value (NaN for `none`), the
 * per-unit values (as the variant's `none` reduction gives them) and, with `grad`, the gradient of
 * the reduced value (of the sum for `none`) with respect to the original, untransformed inputs
 * (transforms run inside the gradient tape).
 *
 * Accuracy notes: clipping is done in float32, Keras' default floatx, where 1 − 1e-7 rounds to
 * 0.99999988: a probability clipped at the top costs −log(1.19e-7) = 15.942, at the bottom
 * −log(1e-7) = 16.118 (docs/research/conventions.md §1.0). `clipProbabilities` on several logits feeds log(clip(softmax(z))) back as logits,
 * so the loss's softmax renormalises the clipped probabilities (Keras clips after renormalising):
 * the two differ by at most log(1 + C·ε) ≈ C·1e-7. Sums are float64 on the host (reduction.ts).
 */
import { tf } from './backend';
import { maskOf } from './custom-op';
import { evaluateChecked, type EvalResult } from './evaluate';
import { resolveParams } from './params';
import { sum64 } from './reduction';
import type { Batch, EvalInputs, LossOutput, LossSpec, ParamValue, Reduction, ResolvedParams, RoleName } from './spec';

export type Denominator =
  | { readonly by: 'units' }
  | { readonly by: 'weightSum' }
  | { readonly by: 'nonzeroWeights' }
  | { readonly by: 'nonzeroTerms'; readonly groupBy?: RoleName }
  | { readonly by: 'count'; readonly count: number };

export type ConventionSwitch =
  | { readonly kind: 'factor'; readonly factor: number }
  | { readonly kind: 'reduction'; readonly reduction: Reduction }
  | ({ readonly kind: 'denominator' } & Denominator)
  | { readonly kind: 'param'; readonly name: string; readonly value: ParamValue }
  | { readonly kind: 'flipLabel'; readonly role: RoleName }
  | { readonly kind: 'smoothBinaryTarget'; readonly role: RoleName; readonly epsilon: number }
  /**
   * `temperature`: the probabilities clipped are softmax(z / T), the distribution a distillation
   * loss compares (its logits go back as T·log p); `upper`: the top of the clip (default 1 − ε;
   * Keras' KLDivergence clips to [ε, 1]).
   */
  | { readonly kind: 'clipProbabilities'; readonly role: RoleName; readonly epsilon: number; readonly temperature?: number; readonly upper?: number }
  | { readonly kind: 'readAsProbabilities'; readonly role: RoleName; readonly epsilon: number }
  | { readonly kind: 'squash'; readonly role: RoleName }
  | { readonly kind: 'normalizeRows'; readonly roles: readonly RoleName[] }
  | { readonly kind: 'knob'; readonly name: string; readonly value: number };

/** Keras' backend epsilon (`keras.config.epsilon()`), used by its probability clipping. */
export const KERAS_EPSILON = 1e-7;

/** The switches' names, for messages and for the diagnosis vocabulary (issue #11). */
export const SWITCH_KINDS: readonly ConventionSwitch['kind'][] = [
  'factor', 'reduction', 'denominator', 'param', 'flipLabel', 'smoothBinaryTarget',
  'clipProbabilities', 'readAsProbabilities', 'squash', 'normalizeRows', 'knob',
];

export interface VariantOptions {
  readonly perSample?: boolean;
  readonly grad?: boolean;
  readonly signal?: AbortSignal;
  readonly batchRows?: number;
}

/** A switch that changes the inputs a batch's `compute` sees (inside the gradient tape). */
type InputSwitch = Extract<ConventionSwitch, { kind: 'flipLabel' | 'smoothBinaryTarget' | 'clipProbabilities' | 'readAsProbabilities' | 'squash' | 'normalizeRows' }>;

interface Plan {
  readonly factor: number;
  readonly reduction: Reduction;
  readonly denominator: Denominator | null;
  readonly params: ResolvedParams;
  readonly inputs: readonly InputSwitch[];
}

function roleOf(spec: LossSpec, role: RoleName, what: string) {
  const r = spec.roles.find((x) => x.name === role);
  if (!r) throw new Error(`internal: ${what} switch on role ${role}, which ${spec.id} does not have`);
  return r;
}

/** Checks the switches against the loss and folds them into one plan. */
export function planVariant(spec: LossSpec, params: ResolvedParams, switches: readonly ConventionSwitch[]): Plan {
  let factor = 1;
  let reduction: Reduction | null = null;
  let denominator: Denominator | null = null;
  const given: Record<string, unknown> = { ...params };
  const knobs: Record<string, number> = {};
  const inputs: InputSwitch[] = [];
  for (const s of switches) {
    switch (s.kind) {
      case 'factor':
        if (!Number.isFinite(s.factor)) throw new Error(`internal: factor ${s.factor} is not finite`);
        factor *= s.factor;
        break;
      case 'reduction':
        if (reduction !== null && reduction !== s.reduction) throw new Error('internal: two reduction switches');
        reduction = s.reduction;
        break;
      case 'denominator': {
        if (denominator) throw new Error('internal: two denominator switches');
        const { kind: _k, ...d } = s;
        if (d.by === 'nonzeroTerms' && d.groupBy) {
          roleOf(spec, d.groupBy, 'denominator');
          if (spec.unit !== 'row') throw new Error(`internal: a per-label denominator needs row units; ${spec.id} has ${spec.unit}`);
        }
        denominator = d;
        break;
      }
      case 'param':
        if (!spec.params.some((p) => p.name === s.name)) throw new Error(`internal: ${spec.id} has no parameter ${s.name}`);
        given[s.name] = s.value;
        break;
      case 'knob':
        if (!spec.knobs?.some((k) => k.name === s.name)) throw new Error(`internal: ${spec.id} has no convention knob ${s.name}`);
        knobs[s.name] = s.value;
        break;
      case 'normalizeRows':
        for (const r of s.roles) roleOf(spec, r, s.kind);
        inputs.push(s);
        break;
      default:
        roleOf(spec, s.role, s.kind);
        inputs.push(s);
    }
  }
  // Parameters set by a switch obey the same rules as the user's (resolveParams names the culprit).
  const resolved = resolveParams(spec, given);
  return { factor, reduction: reduction ?? spec.defaultReduction, denominator, params: { ...resolved, ...knobs }, inputs };
}

// ---- input transforms: the same change on the tape's tensors and on the batch's host copy ----

function sigmoidHost(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}
function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
/** Per row of `cols` values: softmax, then `f` of each probability. */
function softmaxRowsHost(x: Float32Array, cols: number, f: (p: number) => number): Float32Array {
  const out = new Float32Array(x.length);
  for (let o = 0; o < x.length; o += cols) {
    let m = -Infinity;
    for (let c = 0; c < cols; c++) m = Math.max(m, x[o + c]);
    let s = 0;
    for (let c = 0; c < cols; c++) s += Math.exp(x[o + c] - m);
    for (let c = 0; c < cols; c++) out[o + c] = f(Math.exp(x[o + c] - m) / s);
  }
  return out;
}
function mapHost(x: Float32Array, f: (v: number) => number): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = f(x[i]);
  return out;
}

function transformRole(s: InputSwitch, role: RoleName, x: tf.Tensor, host: Float32Array, cols: number): [tf.Tensor, Float32Array] {
  const many = x.rank === 2;
  switch (s.kind) {
    case 'flipLabel':
      return [tf.sub(1, x), mapHost(host, (v) => 1 - v)];
    case 'smoothBinaryTarget':
      return [tf.add(tf.mul(x, 1 - s.epsilon), s.epsilon / 2), mapHost(host, (v) => v * (1 - s.epsilon) + s.epsilon / 2)];
    case 'clipProbabilities': {
      const e = s.epsilon;
      if (!many) {
        // p = clip(σ(z), ε, 1 − ε) in float32, as Keras (its floatx): 1 − 1e-7 rounds to 0.99999988, so a
        // confident negative caps at −log(1.19e-7) = 15.942 and a confident positive at 16.118. The
        // loss gets the logit of p back; the clip passes no gradient, as Keras' clip.
        const lo = Math.fround(e);
        const hi = Math.fround(1 - e);
        const p = tf.clipByValue(tf.sigmoid(x), lo, hi);
        return [tf.sub(tf.log(p), tf.log(tf.sub(1, p))), mapHost(host, (v) => { const q = clamp(Math.fround(sigmoidHost(v)), lo, hi); return Math.log(q) - Math.log(1 - q); })];
      }
      // softmax(z / T) clipped; T·log p goes back, so that the loss's own softmax(· / T) sees the
      // clipped probabilities (renormalised: within C·ε of Keras, which does not renormalise).
      const T = s.temperature ?? 1;
      const hi = s.upper ?? 1 - e;
      const logP = tf.log(tf.clipByValue(tf.softmax(T === 1 ? x : tf.div(x, T)), e, hi));
      return [T === 1 ? logP : tf.mul(logP, T), softmaxRowsHost(T === 1 ? host : mapHost(host, (v) => v / T), cols, (p) => T * Math.log(clamp(p, e, hi)))];
    }
    case 'readAsProbabilities': {
      const e = s.epsilon;
      if (!many) {
        // p = clip(z) read as a probability is the logit log(p / (1 − p)).
        const lo = Math.fround(e);
        const hi = Math.fround(1 - e);
        const p = tf.clipByValue(x, lo, hi);
        return [tf.sub(tf.log(p), tf.log(tf.sub(1, p))), mapHost(host, (v) => { const q = clamp(v, lo, hi); return Math.log(q) - Math.log(1 - q); })];
      }
      // Keras' categorical losses: p / Σp, clipped, then log (used as logits, softmax renormalises).
      const p = tf.clipByValue(tf.div(x, tf.sum(x, -1, true)), e, 1 - e);
      const h = new Float32Array(host.length);
      for (let o = 0; o < host.length; o += cols) {
        let sum = 0;
        for (let c = 0; c < cols; c++) sum += host[o + c];
        for (let c = 0; c < cols; c++) h[o + c] = Math.log(clamp(host[o + c] / sum, e, 1 - e));
      }
      return [tf.log(p), h];
    }
    case 'squash':
      return many ? [tf.softmax(x), softmaxRowsHost(host, cols, (p) => p)] : [tf.sigmoid(x), mapHost(host, sigmoidHost)];
    case 'normalizeRows': {
      const norm = tf.maximum(tf.norm(x, 'euclidean', -1, true), 1e-12);
      const h = new Float32Array(host.length);
      for (let o = 0; o < host.length; o += cols) {
        let s2 = 0;
        for (let c = 0; c < cols; c++) s2 += host[o + c] * host[o + c];
        const n = Math.max(Math.sqrt(s2), 1e-12);
        for (let c = 0; c < cols; c++) h[o + c] = host[o + c] / n;
      }
      return [tf.div(x, norm), h];
    }
  }
  throw new Error(`internal: ${role}: unknown input switch`);
}

function rolesOf(s: InputSwitch): readonly RoleName[] {
  return s.kind === 'normalizeRows' ? s.roles : [s.role];
}

/** What the wrapped compute saw, batch by batch (pass 1). */
interface Recorder {
  normWeights: Array<Float32Array | Float64Array>;
}

/**
 * The loss's compute with the input switches applied first, and, when `unitScale` is given, each
 * per-unit value multiplied by a constant (non-differentiated) coefficient computed from it.
 */
function wrapCompute(spec: LossSpec, inputs: readonly InputSwitch[], rec: Recorder | null, unitScale: ((b: Batch, values: tf.Tensor1D) => tf.Tensor1D) | null): LossSpec['compute'] {
  return (b, p) => {
    const t = { ...b.t };
    const host = { ...b.host };
    for (const s of inputs) {
      for (const r of rolesOf(s)) {
        if (!t[r] || !host[r]) continue; // an optional role left out
        [t[r], host[r]] = transformRole(s, r, t[r]!, host[r]!, b.cols[r]!);
      }
    }
    const batch: Batch = { ...b, t, host };
    const res: LossOutput = spec.compute(batch, p);
    if (rec && res.weights) rec.normWeights.push(res.weights);
    return unitScale ? { ...res, values: unitScale(batch, res.values) } : res;
  };
}

function countNonzero(xs: ArrayLike<number>): number {
  let k = 0;
  for (let i = 0; i < xs.length; i++) if (xs[i] !== 0) k++;
  return k;
}

function concat(chunks: ReadonlyArray<Float32Array | Float64Array>): Float64Array {
  const out = new Float64Array(chunks.reduce((s, c) => s + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/**
 * Evaluates `spec` under `switches` on `inputs` (value domains already checked for `params`, as
 * for `evaluateChecked`). See the module header.
 */
export async function evaluateVariant(
  spec: LossSpec,
  inputs: EvalInputs,
  params: ResolvedParams,
  switches: readonly ConventionSwitch[],
  opts: VariantOptions = {},
): Promise<EvalResult> {
  const plan = planVariant(spec, params, switches);
  const rec: Recorder = { normWeights: [] };
  const variant: LossSpec = { ...spec, compute: wrapCompute(spec, plan.inputs, rec, null) };
  const d = plan.denominator;
  const nonzero = d?.by === 'nonzeroTerms' && plan.reduction === 'mean' ? d : null;
  const perUnitCoef = nonzero !== null;
  const common = { reduction: 'sum' as const, perSample: true, metrics: false, signal: opts.signal, ...(opts.batchRows ? { batchRows: opts.batchRows } : {}) };
  const first = await evaluateChecked(variant, inputs, plan.params, { ...common, grad: opts.grad === true && !perUnitCoef });
  const values = first.perSample!;
  const total = sum64(values);

  const weightRole = spec.roles.find((r) => r.sampleWeight)?.name;
  const sampleW = weightRole ? inputs[weightRole]?.data : undefined;
  const normW = rec.normWeights.length ? concat(rec.normWeights) : null;

  let value: number;
  let denominator = 1;
  let grad = first.grad;
  if (nonzero) {
    // Mean over the non-zero terms (of each label group, the group means summed): PML's AvgNonZero.
    const groupBy = nonzero.groupBy;
    const groupHost = groupBy ? inputs[groupBy]!.data : null;
    const counts = new Map<number, number>();
    const sums = new Map<number, number>();
    for (let i = 0; i < values.length; i++) {
      const g = groupHost ? groupHost[i] : 0;
      if (values[i] > 0) {
        counts.set(g, (counts.get(g) ?? 0) + 1);
        sums.set(g, (sums.get(g) ?? 0) + values[i]);
      }
    }
    value = 0;
    for (const [g, c] of counts) value += sums.get(g)! / c;
    denominator = [...counts.values()].reduce((a, b) => a + b, 0);
    if (opts.grad) {
      const scaleOf = (b: Batch, v: tf.Tensor1D): tf.Tensor1D => {
        const mask = maskOf(v, (x) => tf.greater(x, 0));
        const g = groupHost ? b.host[groupBy!]! : null;
        const coef = new Float32Array(b.n);
        for (let i = 0; i < b.n; i++) {
          const c = counts.get(g ? g[i] : 0);
          coef[i] = c ? 1 / c : 0;
        }
        return tf.mul(tf.mul(v, tf.cast(mask, 'float32')), tf.tensor1d(coef)) as tf.Tensor1D;
      };
      const second: LossSpec = { ...spec, compute: wrapCompute(spec, plan.inputs, null, scaleOf) };
      grad = (await evaluateChecked(second, inputs, plan.params, { ...common, perSample: false, grad: true })).grad;
    }
  } else {
    if (plan.reduction === 'mean') {
      denominator = !d
        ? normW ? sum64(normW) : values.length
        : d.by === 'units' ? values.length
        : d.by === 'count' ? d.count
        : d.by === 'weightSum' ? (sampleW ? sum64(sampleW) : normW ? sum64(normW) : values.length)
        : d.by === 'nonzeroWeights' ? (sampleW ? countNonzero(sampleW) : normW ? countNonzero(normW) : values.length)
        : values.length;
    }
    value = plan.reduction === 'none' ? NaN : total / denominator;
    const scale = plan.reduction === 'mean' ? (denominator === 0 ? 0 : 1 / denominator) : 1;
    if (grad && scale !== 1) for (const g of Object.values(grad)) for (let i = 0; i < g!.data.length; i++) g!.data[i] *= scale;
  }
  if (plan.factor !== 1) {
    value *= plan.factor;
    for (let i = 0; i < values.length; i++) values[i] *= plan.factor;
    if (grad) for (const g of Object.values(grad)) for (let i = 0; i < g!.data.length; i++) g!.data[i] *= plan.factor;
  }
  // A mean over nothing is NaN (as evaluate); PML's AvgNonZero over no non-zero term is 0.
  if (plan.reduction === 'mean' && denominator === 0 && !nonzero) value = NaN;
  return {
    loss: spec.id,
    reduction: plan.reduction,
    params: plan.params,
    n: first.n,
    unit: first.unit,
    count: first.count,
    value,
    denominator,
    ...(opts.perSample || plan.reduction === 'none' ? { perSample: values } : {}),
    ...(first.unitIds ? { unitIds: first.unitIds } : {}),
    ...(grad ? { grad } : {}),
    ...(first.counts ? { counts: first.counts } : {}),
  };
}
