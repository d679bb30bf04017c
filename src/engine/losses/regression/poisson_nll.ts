import { tf } from '../../backend';
import type { LossSpec, RoleSpec } from '../../spec';
import { bool, num } from '../../spec';
import { PREDICTION, TARGET, WEIGHT } from './roles';
import { lit } from '../../frameworks';
import { KERAS_EPSILON } from '../../conventions';
import { kerasRow, torchRow, UNSUPPORTED } from './framework_rows';
import { KERAS_COLUMN_NOTE } from '../../templates/template-notes';

const RATE: RoleSpec = {
  ...PREDICTION,
  doc: 'the model output ŷ, one column: the log-rate log λ (log_input = true) or the rate λ >= 0 (log_input = false)',
  domainWhen: {
    domain: 'nonnegative',
    when: (p) => p.log_input === false,
    why: 'with log_input = false the prediction is the rate λ; for a log-rate set log_input = true',
  },
};
const COUNT: RoleSpec = {
  ...TARGET,
  domain: 'nonnegative',
  doc: 'the observed count y >= 0, one column (need not be an integer)',
};

/**
 * Poisson negative log-likelihood, `torch.nn.PoissonNLLLoss(log_input, full, eps)`, in aten's
 * arithmetic (`poisson_nll_loss` in aten/src/ATen/native/Loss.cpp): exp(x) − y x, or
 * x − y log(x + eps); `full` adds y log y − y + ½ log(2π y) where y > 1 (0 elsewhere).
 */
export const poissonNll: LossSpec = {
  id: 'poisson_nll',
  family: 'regression',
  title: 'Poisson negative log-likelihood',
  doc:
    'The negative log-likelihood of a count y under a Poisson distribution with rate λ, up to the term log y! ' +
    'that does not depend on the model: λ − y log λ. For count data (events, clicks, arrivals). With log_input ' +
    '(the default) the model outputs log λ and the loss is exp(ŷ) − y ŷ, whose gradient exp(ŷ) − y is λ − y; ' +
    'otherwise it outputs λ itself, which must be >= 0, and eps keeps log(λ + eps) finite at λ = 0. full adds ' +
    'Stirling\'s approximation of log y! (for y > 1 only, as PyTorch), which changes the value but not the gradient.',
  formula:
    'l_i = exp(ŷ_i) − y_i ŷ_i (log_input) or ŷ_i − y_i log(ŷ_i + eps);  full: + y_i log y_i − y_i + ½ log(2π y_i) where y_i > 1;  ' +
    'mean: Σ w_i l_i / N',
  tex: String.raw`\begin{aligned} l_i &= e^{\hat y_i} - y_i\, \hat y_i \quad \text{(log\_input)} \\ l_i &= \hat y_i - y_i \log(\hat y_i + \mathrm{eps}) \quad \text{(else)} \\ \text{full: } l_i &\mathrel{+}= y_i \log y_i - y_i + \tfrac12 \log(2 \pi y_i) \\ &\quad \text{where } y_i > 1 \\ \text{mean} &= \tfrac{1}{N} \textstyle\sum_i w_i\, l_i \end{aligned}`,
  reference: 'torch.nn.PoissonNLLLoss',
  convention:
    'PyTorch\'s: the Stirling term is added only where y > 1 (0 for y <= 1) and carries no gradient; eps is used only ' +
    'when log_input = false. With log_input = false a prediction below 0 is refused (PyTorch would return NaN). ' +
    'Keras\' Poisson is the log_input = false form with eps = 1e-7 and tf.nn.log_poisson_loss the log_input form. ' +
    'With per-sample weights, mean = Σ w_i l_i / N (Keras convention), not divided by Σ w_i.',
  roles: [RATE, COUNT, WEIGHT],
  params: [
    {
      name: 'log_input',
      kind: 'boolean',
      default: true,
      doc: 'the prediction is the log-rate log λ (true) or the rate λ >= 0 itself (false)',
    },
    {
      name: 'full',
      kind: 'boolean',
      default: false,
      doc: "add Stirling's approximation of log y!, y log y − y + ½ log(2π y), for y > 1",
    },
    {
      name: 'eps',
      kind: 'number',
      default: 1e-8,
      min: 0,
      minExclusive: true,
      max: 1,
      ui: { min: 1e-8, max: 0.01, step: 0.0001 },
      doc: 'added to λ inside the log when log_input = false, so that λ = 0 gives a finite loss',
    },
  ],
  reductions: ['mean', 'sum', 'none'],
  defaultReduction: 'mean',
  unit: 'row',
  batching: 'rows',
  compute: (b, p) => {
    const x = b.t.prediction!;
    const y = b.t.target!;
    let values: tf.Tensor;
    if (bool(p, 'log_input')) {
      values = tf.sub(tf.exp(x), tf.mul(y, x));
    } else {
      // λ >= 0 was checked with the domains (RATE.domainWhen), where a bad cell is placed in the file.
      values = tf.sub(x, tf.mul(y, tf.log(tf.add(x, num(p, 'eps')))));
    }
    if (bool(p, 'full')) {
      // y log y − y + ½ log(2π y), masked to 0 where y <= 1 (aten's masked_fill(target <= 1, 0)). The
      // log of max(y, 1) keeps the unselected entries finite; the target carries no gradient.
      const ySafe = tf.maximum(y, 1);
      const stirling = tf.add(tf.sub(tf.mul(y, tf.log(ySafe)), y), tf.mul(tf.log(tf.mul(ySafe, 2 * Math.PI)), 0.5));
      values = tf.add(values, tf.where(tf.greaterEqual(1, y), tf.zerosLike(y), stirling));
    }
    return { values: values as tf.Tensor1D };
  },
  frameworks: [
    torchRow('PoissonNLLLoss', (ctx) =>
      `log_input=${bool(ctx.params, 'log_input') ? 'True' : 'False'}, full=${bool(ctx.params, 'full') ? 'True' : 'False'}, eps=${lit(num(ctx.params, 'eps'))}`),
    // keras.losses.Poisson (transcribed, docs/research/conventions.md §1.6): ŷ − y log(ŷ + 1e-7) on the rate.
    kerasRow('Poisson', 'Poisson / poisson', () => '', (ctx) => {
      if (bool(ctx.params, 'log_input')) {
        return UNSUPPORTED(
          "Keras' Poisson takes the rate λ, not log λ: with log_input = true, passing ops.exp(prediction) gives exp(ŷ) − y log(exp(ŷ) + 1e-7), " +
            'which departs from exp(ŷ) − y ŷ where the rate nears 1e-7; set log_input = false to compare.',
        );
      }
      const switches = [
        ...(bool(ctx.params, 'full') ? [{ kind: 'param' as const, name: 'full', value: false }] : []),
        ...(num(ctx.params, 'eps') !== KERAS_EPSILON ? [{ kind: 'param' as const, name: 'eps', value: KERAS_EPSILON }] : []),
      ];
      const what = 'ŷ − y log(ŷ + 1e-7) per row (log_input = false with eps = backend.epsilon() = 1e-7, no Stirling term), the mean over N';
      if (!switches.length) return { relation: 'same', reason: `${what}, as Loss Lab.`, switches };
      const why = [bool(ctx.params, 'full') ? 'no full (Stirling) term' : '', num(ctx.params, 'eps') !== KERAS_EPSILON ? `eps 1e-7 instead of ${lit(num(ctx.params, 'eps'))}` : ''].filter(Boolean).join(' and ');
      return { relation: 'different', reason: `${what}: ${why}.`, switches };
    }),
  ],
  code: {
    className: 'PoissonNLLLoss',
    pytorch: (c) => ({
      kind: 'builtin',
      callee: 'nn.PoissonNLLLoss',
      args: [
        ['log_input', c.p('log_input')],
        ['full', c.p('full')],
        ['eps', c.p('eps')],
      ],
    }),
    keras: (c) => ({
      kind: 'perUnit',
      note:
        'PyTorch PoissonNLLLoss: keras.losses.Poisson is the log_input = False form with eps 1e-7 only. The Stirling ' +
        'term applies where y > 1. ' + KERAS_COLUMN_NOTE,
      body: [
        `if ${c.v('log_input')}:`,
        '    loss = ops.exp(prediction) - target * prediction',
        'else:',
        `    loss = prediction - target * ops.log(prediction + ${c.v('eps')})`,
        `if ${c.v('full')}:`,
        '    t = ops.maximum(target, 1.0)',
        `    loss = loss + ops.where(target > 1, target * ops.log(t) - target + 0.5 * ops.log(2 * math.pi * t), 0.0)`,
        'loss = ops.mean(loss, axis=-1)',
      ].join('\n'),
      imports: ['import math'],
    }),
    jax: (c) => ({
      kind: 'perUnit',
      note: 'PyTorch PoissonNLLLoss; the Stirling term applies where y > 1.',
      body: [
        `if ${c.v('log_input')}:`,
        '    loss = jnp.exp(prediction) - target * prediction',
        'else:',
        `    loss = prediction - target * jnp.log(prediction + ${c.v('eps')})`,
        `if ${c.v('full')}:`,
        '    t = jnp.maximum(target, 1.0)',
        '    loss = loss + jnp.where(target > 1, target * jnp.log(t) - target + 0.5 * jnp.log(2 * jnp.pi * t), 0.0)',
      ].join('\n'),
    }),
    tfjs: (c) => ({
      kind: 'perUnit',
      note: 'PyTorch PoissonNLLLoss; the Stirling term applies where y > 1 and carries no gradient.',
      body: [
        `let loss = ${c.v('log_input')}`,
        '  ? tf.sub(tf.exp(prediction), tf.mul(target, prediction))',
        `  : tf.sub(prediction, tf.mul(target, tf.log(tf.add(prediction, ${c.v('eps')}))));`,
        `if (${c.v('full')}) {`,
        '  const t = tf.maximum(target, 1);',
        '  const stirling = tf.add(tf.sub(tf.mul(target, tf.log(t)), target), tf.mul(tf.log(tf.mul(t, 2 * Math.PI)), 0.5));',
        '  loss = tf.add(loss, tf.where(tf.greater(target, 1), stirling, tf.zerosLike(target)));',
        '}',
      ].join('\n'),
    }),
  },
};
