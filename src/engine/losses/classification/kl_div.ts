import { tf } from '../../backend';
import type { EvalInputs, LossSpec } from '../../spec';
import { num } from '../../spec';
import { multiclassAccuracy } from '../../metrics/accuracy';
import { rowMax } from './class_targets';
import { FACTOR, lit, SAME } from '../../frameworks';
import { keras as kerasSrc, optax as optaxSrc, torch as torchSrc } from '../../framework-sources';
import { STUDENT_LOGITS, TEACHER_LOGITS } from './roles';
import { KERAS_EPSILON } from '../../conventions';

/**
 * log softmax(x / T) of [n, C] logits, with the row max of x / T taken from the host copy `xHost` (a
 * constant to the tape: its gradient cancels), so every exp is ≤ 1 and logits of ±1e4 stay finite.
 * Row sums are matMuls with a ones row, as in softmax_ce.ts (the cpu backend's broadcasting is slow).
 */
function logSoftmaxT(x: tf.Tensor, xHost: Float32Array, n: number, C: number, T: number, onesRow: tf.Tensor): tf.Tensor {
  const m = rowMax(xHost, n, C).map((v) => Math.fround(v / T));
  const shifted = tf.sub(tf.div(x, T), tf.matMul(tf.tensor2d(m, [n, 1]), onesRow));
  const lse = tf.log(tf.matMul(tf.exp(shifted), onesRow, false, true));
  return tf.sub(shifted, tf.matMul(lse, onesRow));
}

/** Index of the largest value of each row (the first on ties, as torch.argmax), as float class indices. */
function rowArgmax(x: Float32Array, n: number, C: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0, o = 0; i < n; i++, o += C) {
    let best = 0;
    for (let c = 1; c < C; c++) if (x[o + c] > x[o + best]) best = c;
    out[i] = best;
  }
  return out;
}

/**
 * `metrics` for kl_div: how often the student's top class is the teacher's (argmax of each, first
 * on ties), as `agreement` with the `agreeing` / `counted` rows.
 */
export function distillationMetrics(inputs: EvalInputs): Readonly<Record<string, number>> {
  const s = inputs.logits!;
  const t = inputs.teacher_logits!;
  const n = s.data.length / s.cols;
  const a = multiclassAccuracy(s.data, s.cols, rowArgmax(t.data, n, t.cols), null);
  return { agreement: a.accuracy, agreeing: a.correct, counted: a.counted };
}

/** The teacher's top class of each row (for the per-class analysis). */
export function teacherTopClass(inputs: EvalInputs): Float32Array {
  const t = inputs.teacher_logits!;
  return rowArgmax(t.data, t.data.length / t.cols, t.cols);
}

/** Knowledge distillation: KL divergence from the teacher's to the student's tempered softmax, × T². */
export const klDiv: LossSpec = {
  id: 'kl_div',
  family: 'classification',
  title: 'KL divergence (distillation)',
  doc:
    'Knowledge distillation (Hinton et al. 2015): the Kullback-Leibler divergence from the teacher\'s softened ' +
    'class distribution softmax(t / T) to the student\'s softmax(s / T), times T² so that the gradient keeps its ' +
    'scale as T changes ((p − q) T per logit). T > 1 softens both distributions, so the student also learns how the ' +
    'teacher ranks the wrong classes. The teacher is a fixed target: no gradient flows to it. Usually added to the ' +
    'cross-entropy on the true labels.',
  formula:
    'q_i = softmax(t_i / T),  p_i = softmax(s_i / T);  l_i = T² Σ_c q_ic (log q_ic − log p_ic);  mean: Σ l_i / N (batchmean)',
  tex: String.raw`\begin{aligned} q_i &= \operatorname{softmax}(t_i / T) \\ p_i &= \operatorname{softmax}(s_i / T) \\ l_i &= T^2 \textstyle\sum_c q_{ic} (\log q_{ic} - \log p_{ic}) \\ \text{mean} &= \tfrac{1}{N} \textstyle\sum_i l_i \quad (\text{batchmean}) \end{aligned}`,
  reference: "F.kl_div(F.log_softmax(s / T, dim=1), F.softmax(t / T, dim=1), reduction='batchmean') * T**2",
  convention:
    'mean is PyTorch\'s batchmean (Σ over rows and classes / N rows), the mathematically correct KL; ' +
    'nn.KLDivLoss\'s reduction=\'mean\' divides by N·C instead. `none` gives the per-row KL × T² (PyTorch\'s ' +
    'reduction=\'none\' summed over classes). Classes where the teacher\'s q is 0 (it underflows at logits of ±1e4) ' +
    'add 0, as PyTorch\'s xlogy. The teacher is a constant: gradients are for the student\'s logits only, ∂l_i/∂s_i = T (p_i − q_i).',
  roles: [STUDENT_LOGITS, TEACHER_LOGITS],
  params: [
    {
      name: 'temperature',
      kind: 'number',
      default: 1,
      min: 0,
      max: Infinity,
      minExclusive: true,
      ui: { min: 0.5, max: 10, step: 0.1 },
      sweep: true,
      doc: 'T > 0: both softmaxes are taken of logits / T, and the KL is multiplied by T²; larger T softens the targets',
    },
  ],
  check: (_p, cols) =>
    cols.logits !== undefined && cols.teacher_logits !== undefined && cols.logits !== cols.teacher_logits
      ? `kl_div: the student's logits have ${cols.logits} columns but the teacher_logits ${cols.teacher_logits} (one per class each)`
      : null,
  reductions: ['mean', 'sum', 'none'],
  defaultReduction: 'mean',
  unit: 'row',
  batching: 'rows',
  compute: (b, p) => {
    const T = num(p, 'temperature');
    const n = b.n;
    const C = b.cols.logits!;
    const onesRow = tf.ones([1, C]);
    // Student and teacher through the same ops, pointwise as PyTorch's kl_div: where the student
    // equals the teacher, log p = log q exactly and the KL is exactly 0 (a form with Σ q log q and
    // lse Σ q apart left 1e-6 at T = 3). q = 0 (underflow at ±1e4) adds 0 · finite = 0.
    const logP = logSoftmaxT(b.t.logits!, b.host.logits!, n, C, T, onesRow);
    const logQ = logSoftmaxT(b.t.teacher_logits!, b.host.teacher_logits!, n, C, T, onesRow);
    const kl = tf.reshape(tf.matMul(tf.mul(tf.exp(logQ), tf.sub(logQ, logP)), onesRow, false, true), [n]);
    return { values: tf.mul(kl, T * T) as tf.Tensor1D };
  },
  metrics: distillationMetrics,
  frameworks: [
    {
      framework: 'pytorch',
      api: 'torch.nn.functional.kl_div',
      verified: 'executed',
      source: { ...torchSrc('kl_div'), file: 'torch/nn/functional.py' },
      build: (c) => {
        const t = lit(num(c.params, 'temperature'));
        return {
          call: `F.kl_div(F.log_softmax(logits / ${t}, dim=1), F.softmax(teacher_logits / ${t}, dim=1), reduction='batchmean') * ${t} ** 2`,
          reduction: 'batchmean',
          ...SAME("Hinton et al.'s distillation term as PyTorch users write it: batchmean (÷ N) and × T², as Loss Lab. F.kl_div's own default, reduction='mean', divides by N·C instead."),
        };
      },
    },
    {
      framework: 'keras',
      api: 'keras.losses.KLDivergence',
      verified: 'transcribed',
      source: kerasSrc('KLDivergence / kl_divergence'),
      build: (c) => {
        const T = num(c.params, 'temperature');
        const t = lit(T);
        const clip = 'Keras clips both probabilities to [1e-7, 1] first (modelled: a student probability below 1e-7 costs at most log(q / 1e-7))';
        const clipRole = (role: 'logits' | 'teacher_logits') => ({ kind: 'clipProbabilities' as const, role, epsilon: KERAS_EPSILON, temperature: T, upper: 1 });
        const factor = FACTOR(
          1 / (T * T),
          T === 1
            ? `Σ_c q log(q / p) per row over probabilities, the mean over the N rows, as Loss Lab at T = 1. ${clip}.`
            : `Probabilities in, no temperature: given the softened distributions it is the per-row KL averaged over N, without Hinton's × T² (× 1/T² = ${lit(1 / (T * T))} of Loss Lab's). ${clip}.`,
        );
        return {
          call: `keras.losses.KLDivergence()(ops.softmax(teacher_logits / ${t}, axis=-1), ops.softmax(logits / ${t}, axis=-1))`,
          reduction: 'sum_over_batch_size',
          ...factor,
          switches: [clipRole('logits'), clipRole('teacher_logits'), ...factor.switches],
        };
      },
    },
    {
      framework: 'optax',
      api: 'optax.losses.kl_divergence',
      verified: 'transcribed',
      source: optaxSrc('classification', 'kl_divergence'),
      build: (c) => {
        const T = num(c.params, 'temperature');
        const t = lit(T);
        return {
          call: `jnp.mean(optax.losses.kl_divergence(jax.nn.log_softmax(logits / ${t}), jax.nn.softmax(teacher_logits / ${t})))`,
          reduction: 'none (per row; the mean is the caller\'s)',
          ...FACTOR(
            1 / (T * T),
            `Σ_c q (log q − log p) per row (a target of 0 adds 0), averaged over the N rows by the caller: ${T === 1 ? "Loss Lab's value at T = 1" : `no × T², so 1/T² = ${lit(1 / (T * T))} of Loss Lab's`}.`,
          ),
        };
      },
    },
  ],
  code: {
    className: 'DistillationKLLoss',
    pytorch: (c) => ({
      kind: 'perUnit',
      note:
        'Hinton et al. 2015: KL(softmax(t/T) || softmax(s/T)) * T**2 per row; mean = batchmean (nn.KLDivLoss\'s "mean" ' +
        'would divide by N*C). The teacher is detached.',
      body: [
        `log_p = F.log_softmax(logits / ${c.v('temperature')}, dim=1)`,
        `q = F.softmax(teacher_logits.detach() / ${c.v('temperature')}, dim=1)`,
        `loss = F.kl_div(log_p, q, reduction="none").sum(dim=1) * ${c.v('temperature')} ** 2`,
      ].join('\n'),
    }),
    keras: (c) => ({
      kind: 'perUnit',
      note:
        'keras.losses.KLDivergence takes probabilities and clips them to [1e-7, 1]; this works on logits (log_softmax), ' +
        'finite for any logits. mean = batchmean; the teacher gets no gradient.',
      body: [
        `log_p = ops.log_softmax(logits / ${c.v('temperature')}, axis=-1)`,
        `log_q = ops.log_softmax(ops.stop_gradient(teacher_logits) / ${c.v('temperature')}, axis=-1)`,
        'q = ops.exp(log_q)',
        `loss = ops.sum(ops.where(q > 0, q * (log_q - log_p), 0.0), axis=-1) * ${c.v('temperature')} ** 2`,
      ].join('\n'),
    }),
    jax: (c) => ({
      kind: 'perUnit',
      note: 'optax.kl_divergence(log_predictions, targets) per row, times T**2; mean = batchmean; the teacher gets no gradient.',
      body: [
        `log_p = jax.nn.log_softmax(logits / ${c.v('temperature')}, axis=-1)`,
        `q = jax.nn.softmax(jax.lax.stop_gradient(teacher_logits) / ${c.v('temperature')}, axis=-1)`,
        `loss = optax.kl_divergence(log_p, q) * ${c.v('temperature')} ** 2`,
      ].join('\n'),
    }),
    tfjs: (c) => ({
      kind: 'perUnit',
      note: 'KL(softmax(t/T) || softmax(s/T)) * T**2 per row, 0 where q = 0 (as PyTorch\'s xlogy); mean = batchmean. Pass a constant teacher (no gradient).',
      body: [
        `const logP = tf.logSoftmax(tf.div(logits, ${c.v('temperature')}));`,
        `const logQ = tf.logSoftmax(tf.div(teacher_logits, ${c.v('temperature')}));`,
        'const q = tf.exp(logQ);',
        `const loss = tf.mul(tf.sum(tf.where(tf.greater(q, 0), tf.mul(q, tf.sub(logQ, logP)), tf.zerosLike(q)), 1), ${c.v('temperature')} ** 2);`,
      ].join('\n'),
    }),
  },
};
