import { tf } from '../../backend';
import { unaryCustomOp } from '../../custom-op';
import type { LossSpec, RoleSpec } from '../../spec';
import { bool, num } from '../../spec';
import { lit, SAME, UNSUPPORTED, type FrameworkRow } from '../../frameworks';
import { torch as torchSrc } from '../../framework-sources';
import { PREDICTION, TARGET, WEIGHT } from './roles';

const MEAN: RoleSpec = { ...PREDICTION, doc: 'the predicted mean μ of each row, one column' };
const VARIANCE: RoleSpec = {
  name: 'variance',
  columns: 'one',
  domain: 'nonnegative',
  differentiable: true,
  aliases: ['variance', 'var', 'sigma2', 'sigma_sq', 'sigma_squared', 'pred_var', 'predicted_variance'],
  doc: 'the predicted variance σ² >= 0 of each row, one column (clamped at eps)',
};

/**
 * max(v, eps) whose gradient passes to v unchanged, also where v < eps: PyTorch clamps the
 * variance in place under `torch.no_grad()` (F.gaussian_nll_loss), so autograd sees the identity
 * and the gradient at a clamped entry is the loss's derivative at eps, not 0.
 */
function clampPassingGradient(v: tf.Tensor, eps: number): tf.Tensor {
  return unaryCustomOp(v, (vt) => ({ value: tf.maximum(vt, eps), gradFunc: (dy) => dy }));
}

/** Gaussian negative log-likelihood with a predicted variance, `torch.nn.GaussianNLLLoss(full, eps)`. */
export const gaussianNll: LossSpec = {
  id: 'gaussian_nll',
  family: 'regression',
  title: 'Gaussian negative log-likelihood',
  doc:
    'The negative log-likelihood of the target under a normal distribution whose mean and variance the model ' +
    'both predict (heteroscedastic regression): ½ (log σ² + (μ − y)² / σ²). A large variance makes a residual ' +
    'cheap but costs log σ², so the model learns how uncertain each prediction is; with σ² fixed at 1 it is ' +
    'half the squared error. The variance is clamped at eps from below, as PyTorch does, and the gradient ' +
    'passes through the clamp unchanged; full adds the constant ½ log 2π.',
  formula:
    'v_i = max(σ²_i, eps);  l_i = ½ (log v_i + (μ_i − y_i)² / v_i);  full: + ½ log 2π;  ∂l_i/∂σ²_i = ∂l_i/∂v_i, also where σ²_i < eps;  ' +
    'mean: Σ w_i l_i / N',
  tex: String.raw`\begin{aligned} v_i &= \max(\sigma^2_i, \mathrm{eps}) \\ l_i &= \tfrac12 \bigl(\log v_i + (\mu_i - y_i)^2 / v_i\bigr) \\ \text{full: } l_i &\mathrel{+}= \tfrac12 \log 2\pi \\ \partial l_i / \partial \sigma^2_i &= \partial l_i / \partial v_i \\ \text{mean} &= \tfrac{1}{N} \textstyle\sum_i w_i\, l_i \end{aligned}`,
  reference: 'torch.nn.GaussianNLLLoss (one variance per row)',
  convention:
    'PyTorch\'s clamp: the variance is raised to eps under no_grad, so where σ² < eps the gradient with respect to ' +
    'σ² is that of the loss at v = eps (a straight-through clamp), not 0. One variance per row (PyTorch\'s ' +
    'heteroscedastic case); a negative variance is refused, as PyTorch refuses it. Keras and optax have no built-in. ' +
    'With per-sample weights, mean = Σ w_i l_i / N (Keras convention), not divided by Σ w_i.',
  roles: [MEAN, VARIANCE, TARGET, WEIGHT],
  params: [
    {
      name: 'full',
      kind: 'boolean',
      default: false,
      doc: 'add the constant ½ log 2π (the exact Gaussian negative log-likelihood)',
    },
    {
      name: 'eps',
      kind: 'number',
      default: 1e-6,
      min: 0,
      minExclusive: true,
      max: 1,
      ui: { min: 1e-6, max: 0.1, step: 0.001 },
      doc: 'smallest variance used: σ² below it is raised to eps (the gradient still passes)',
    },
  ],
  reductions: ['mean', 'sum', 'none'],
  defaultReduction: 'mean',
  unit: 'row',
  batching: 'rows',
  compute: (b, p) => {
    const v = clampPassingGradient(b.t.variance!, num(p, 'eps'));
    // aten order: 0.5 * (log(var) + (input - target)**2 / var)
    let values = tf.mul(tf.add(tf.log(v), tf.div(tf.square(tf.sub(b.t.prediction!, b.t.target!)), v)), 0.5);
    if (bool(p, 'full')) values = tf.add(values, 0.5 * Math.log(2 * Math.PI));
    return { values: values as tf.Tensor1D };
  },
  frameworks: [
    {
      framework: 'pytorch',
      api: 'torch.nn.GaussianNLLLoss',
      verified: 'executed',
      source: torchSrc('GaussianNLLLoss'),
      build: (ctx) => {
        const call = `nn.GaussianNLLLoss(full=${bool(ctx.params, 'full') ? 'True' : 'False'}, eps=${lit(num(ctx.params, 'eps'))})(prediction, target, variance)`;
        if (ctx.weighted) {
          return { call, reduction: 'mean', ...UNSUPPORTED("PyTorch's GaussianNLLLoss has no per-sample weight: Loss Lab's weighted mean is (weight * nn.GaussianNLLLoss(reduction='none')(prediction, target, variance)).mean(), over N.") };
        }
        return { call, reduction: 'mean', ...SAME() };
      },
    } satisfies FrameworkRow,
  ],
  code: {
    className: 'GaussianNLLLoss',
    pytorch: (c) => ({
      kind: 'perUnit',
      note: 'F.gaussian_nll_loss takes (input, target, var); the variance is clamped at eps with the gradient passing.',
      body: `loss = F.gaussian_nll_loss(prediction, target, variance, full=${c.v('full')}, eps=${c.v('eps')}, reduction="none")`,
    }),
    keras: (c) => ({
      kind: 'perUnit',
      note:
        'PyTorch GaussianNLLLoss: the variance is clamped at eps with the gradient passing (x + stop_gradient(max(x, eps) - x)).',
      body: [
        `v = variance + ops.stop_gradient(ops.maximum(variance, ${c.v('eps')}) - variance)`,
        'loss = 0.5 * (ops.log(v) + ops.square(prediction - target) / v)',
        `if ${c.v('full')}:`,
        '    loss = loss + 0.5 * math.log(2 * math.pi)',
      ].join('\n'),
      imports: ['import math'],
    }),
    jax: (c) => ({
      kind: 'perUnit',
      note: 'PyTorch GaussianNLLLoss: the variance is clamped at eps with the gradient passing (x + stop_gradient(max(x, eps) - x)).',
      body: [
        `v = variance + jax.lax.stop_gradient(jnp.maximum(variance, ${c.v('eps')}) - variance)`,
        'loss = 0.5 * (jnp.log(v) + (prediction - target) ** 2 / v)',
        `if ${c.v('full')}:`,
        '    loss = loss + 0.5 * jnp.log(2 * jnp.pi)',
      ].join('\n'),
    }),
    tfjs: (c) => ({
      kind: 'perUnit',
      note:
        'PyTorch GaussianNLLLoss: the variance is clamped at eps and the gradient passes the clamp unchanged ' +
        '(tf.maximum would give 0 below eps).',
      body: [
        '// v = variance + (max(variance, eps) - variance), the lift a constant: value max(variance, eps), gradient passing.',
        `const lift = tf.tensor1d(Array.from(variance.dataSync(), (x) => Math.max(x, ${c.v('eps')}) - x));`,
        'const v = tf.add(variance, lift);',
        'let loss = tf.mul(tf.add(tf.log(v), tf.div(tf.square(tf.sub(prediction, target)), v)), 0.5);',
        `if (${c.v('full')}) loss = tf.add(loss, 0.5 * Math.log(2 * Math.PI));`,
      ].join('\n'),
    }),
  },
};
