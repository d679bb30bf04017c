import { tf } from '../../backend';
import type { LossSpec } from '../../spec';
import { num } from '../../spec';
import { softplus } from '../../stable';
import { binaryMetrics } from '../../metrics/accuracy';
import { BINARY_TARGET, LOGIT } from './roles';
import { KERAS_COLUMN_NOTE } from '../../templates/template-notes';
import { KERAS_CLIP } from './framework_rows';
import { lit, SAME, UNSUPPORTED, type FrameworkRow } from '../../frameworks';
import { keras as kerasSrc, optax as optaxSrc, TORCHVISION_FOCAL } from '../../framework-sources';
import { KERAS_EPSILON } from '../../conventions';

/** What the binary focal built-ins give for Loss Lab's settings (issue #15). */
const SIGMOID_FOCAL_FRAMEWORKS: readonly FrameworkRow[] = [
  ...(['none', 'mean'] as const).map((reduction): FrameworkRow => ({
    framework: 'torchvision',
    api: reduction === 'none' ? 'torchvision.ops.sigmoid_focal_loss' : "torchvision.ops.sigmoid_focal_loss(reduction='mean')",
    verified: 'executed',
    source: TORCHVISION_FOCAL,
    build: (c) => {
      const args = `logit, target, alpha=${lit(num(c.params, 'alpha'))}, gamma=${lit(num(c.params, 'gamma'))}${reduction === 'mean' ? ", reduction='mean'" : ''}`;
      const call = `torchvision.ops.sigmoid_focal_loss(${args})`;
      if (reduction === 'mean') return { call, reduction: 'mean', ...SAME('The same formula and defaults (alpha = 0.25, gamma = 2), mean over N.') };
      return {
        call,
        reduction: 'none',
        relation: 'different',
        reason: "reduction='none' by default: it returns the N per-element losses (equal to Loss Lab's per-sample values), not their mean.",
        switches: [{ kind: 'reduction', reduction: 'none' }],
      };
    },
  })),
  ...[false, true].map((balanced): FrameworkRow => ({
    framework: 'keras',
    api: balanced ? 'keras.losses.BinaryFocalCrossentropy(apply_class_balancing=True)' : 'keras.losses.BinaryFocalCrossentropy',
    verified: 'transcribed',
    source: kerasSrc('BinaryFocalCrossentropy / binary_focal_crossentropy'),
    build: (c) => {
      const alpha = num(c.params, 'alpha');
      const args = `${balanced ? `apply_class_balancing=True, alpha=${lit(alpha)}, ` : ''}gamma=${lit(num(c.params, 'gamma'))}, from_logits=True`;
      const call = `keras.losses.BinaryFocalCrossentropy(${args})(target[:, None], logit[:, None])`;
      const base = { call, reduction: 'sum_over_batch_size' };
      const clip = { kind: 'clipProbabilities' as const, role: 'logit' as const, epsilon: KERAS_EPSILON };
      const clipNote = `Keras computes the cross-entropy from ${KERAS_CLIP} even from logits (per-row losses cap at 16.12)`;
      if (balanced) {
        if (alpha < 0) return { ...base, ...UNSUPPORTED('Loss Lab\'s alpha < 0 disables alpha_t; in Keras that is apply_class_balancing=False (the row above).') };
        return { ...base, relation: 'same', reason: `With apply_class_balancing=True alpha_t is applied as in torchvision; ${clipNote}.`, switches: [clip] };
      }
      if (alpha < 0) return { ...base, relation: 'same', reason: `alpha_t is off, as Loss Lab's alpha < 0; ${clipNote}.`, switches: [clip] };
      return {
        ...base,
        relation: 'different',
        reason: `alpha is ignored unless apply_class_balancing=True (off by default), so no alpha_t factor; ${clipNote}.`,
        switches: [clip, { kind: 'param', name: 'alpha', value: -1 }],
      };
    },
  })),
  {
    framework: 'optax',
    api: 'optax.sigmoid_focal_loss',
    verified: 'transcribed',
    source: optaxSrc('classification', 'sigmoid_focal_loss'),
    build: (c) => {
      const alpha = num(c.params, 'alpha');
      const call = `jnp.mean(optax.sigmoid_focal_loss(logit, target, alpha=${alpha < 0 ? 'None' : lit(alpha)}, gamma=${lit(num(c.params, 'gamma'))}))`;
      return { call, reduction: 'none (per element)', ...SAME('The torchvision formula; but alpha defaults to None there (no alpha_t): pass it, as this call does.') };
    },
  },
];

/** Binary (sigmoid) focal loss, `torchvision.ops.sigmoid_focal_loss`. */
export const sigmoidFocal: LossSpec = {
  id: 'sigmoid_focal',
  family: 'classification',
  title: 'Sigmoid focal loss (binary)',
  doc:
    'Binary cross-entropy on a logit scaled by (1 − p_t)^γ, which shrinks the loss of well-classified rows, ' +
    'and by α_t, which balances positives against negatives: the RetinaNet loss (Lin et al., 2017) for ' +
    'dense detection and other heavily imbalanced binary or multi-label problems. γ = 0 with α disabled ' +
    'is bce_with_logits.',
  formula:
    'p = σ(z_i);  p_t = p y_i + (1 − p)(1 − y_i);  α_t = α y_i + (1 − α)(1 − y_i);  ' +
    'l_i = α_t (1 − p_t)^γ · BCE(z_i, y_i);  mean: Σ l_i / N',
  tex: String.raw`\begin{aligned} p &= \sigma(z_i) \\ p_t &= p\, y_i + (1 - p)(1 - y_i) \\ \alpha_t &= \alpha\, y_i + (1 - \alpha)(1 - y_i) \\ l_i &= \alpha_t (1 - p_t)^{\gamma} \operatorname{BCE}(z_i, y_i) \\ \text{mean} &= \tfrac{1}{N} \textstyle\sum_i l_i \end{aligned}`,
  reference: 'torchvision.ops.sigmoid_focal_loss',
  convention:
    'torchvision defaults α = 0.25, γ = 2; α < 0 disables the α_t factor. Mean over N. Computed stably: ' +
    '(1 − p_t)^γ = exp(−γ softplus(±z)), finite for logits of any size, with gradient 0 for γ = 0.',
  roles: [LOGIT, BINARY_TARGET],
  params: [
    {
      name: 'alpha',
      kind: 'number',
      default: 0.25,
      min: -1,
      max: 1,
      ui: { min: -1, max: 1, step: 0.01 },
      sweep: true,
      doc: 'weight α of the positive class in [0, 1] (negatives get 1 − α); a negative value (−1) disables it',
    },
    {
      name: 'gamma',
      kind: 'number',
      default: 2,
      min: 0,
      max: Infinity,
      ui: { min: 0, max: 5, step: 0.1 },
      sweep: true,
      doc: 'focusing exponent γ; 0 gives (α-weighted) binary cross-entropy',
    },
  ],
  reductions: ['mean', 'sum', 'none'],
  defaultReduction: 'mean',
  unit: 'row',
  batching: 'rows',
  compute: (b, p) => {
    const alpha = num(p, 'alpha');
    const gamma = num(p, 'gamma');
    const y = b.t.target!;
    const notY = tf.sub(1, y);
    const z = b.t.logit!;
    // Separate softplus(z) and softplus(−z), not one built from the other: the modulating factor's
    // gradient is ce · (something ≈ 0) for confident mistakes, and sharing terms between the two
    // made it a difference of ±ce/2 (0.07495 for 0.075 at z = 1e4, mean of 10 rows).
    const spPos = softplus(z);
    const spNeg = softplus(tf.neg(z));
    // BCE = y softplus(−z) + (1 − y) softplus(z); log(1 − p_t) = −softplus(z) if y = 1, −softplus(−z) if y = 0.
    const ce = tf.add(tf.mul(y, spNeg), tf.mul(notY, spPos));
    let loss = ce;
    if (gamma !== 0) {
      const negLogOneMinusPt = tf.add(tf.mul(y, spPos), tf.mul(notY, spNeg));
      loss = tf.mul(tf.exp(tf.mul(negLogOneMinusPt, -gamma)), ce);
    }
    if (alpha >= 0) loss = tf.mul(loss, tf.add(tf.mul(y, alpha), tf.mul(notY, 1 - alpha)));
    return { values: loss as tf.Tensor1D };
  },
  metrics: binaryMetrics,
  frameworks: SIGMOID_FOCAL_FRAMEWORKS,
  code: {
    pytorch: (c) => ({
      kind: 'perUnit',
      note: 'torchvision.ops.sigmoid_focal_loss, written out (torchvision is optional); alpha < 0 disables the alpha_t factor.',
      body: [
        'p = torch.sigmoid(logit)',
        'ce = F.binary_cross_entropy_with_logits(logit, target, reduction="none")',
        'p_t = p * target + (1 - p) * (1 - target)',
        `loss = ce * ((1 - p_t) ** ${c.v('gamma')})`,
        `if ${c.v('alpha')} >= 0:`,
        `    loss = (${c.v('alpha')} * target + (1 - ${c.v('alpha')}) * (1 - target)) * loss`,
      ].join('\n'),
    }),
    keras: (c) => ({
      kind: 'perUnit',
      note:
        'keras.losses.BinaryFocalCrossentropy(apply_class_balancing=True, alpha, gamma, from_logits=True) computes the same ' +
        'but from clipped probabilities; this stable form is finite for any logit. alpha < 0 disables alpha_t. ' + KERAS_COLUMN_NOTE,
      body: [
        'sp_pos = ops.softplus(logit)  # -log(1 - p)',
        'sp_neg = ops.softplus(-logit)  # -log(p)',
        'ce = target * sp_neg + (1 - target) * sp_pos',
        `loss = ce * ops.exp(-${c.v('gamma')} * (target * sp_pos + (1 - target) * sp_neg))  # (1 - p_t) ** gamma`,
        `if ${c.v('alpha')} >= 0:`,
        `    loss = (${c.v('alpha')} * target + (1 - ${c.v('alpha')}) * (1 - target)) * loss`,
        'loss = ops.mean(loss, axis=-1)',
      ].join('\n'),
    }),
    jax: (c) => ({
      kind: 'perUnit',
      note: 'optax.sigmoid_focal_loss is torchvision\'s sigmoid_focal_loss; alpha < 0 (Loss Lab, torchvision) is alpha=None in optax.',
      body: `loss = optax.sigmoid_focal_loss(logit, target, alpha=None if ${c.v('alpha')} < 0 else ${c.v('alpha')}, gamma=${c.v('gamma')})`,
    }),
    tfjs: (c) => ({
      kind: 'perUnit',
      note: 'torchvision.ops.sigmoid_focal_loss in a stable form: (1 - p_t) ** gamma = exp(-gamma * softplus(±z)). alpha < 0 disables alpha_t.',
      body: [
        'const spPos = tf.softplus(logit); // -log(1 - p)',
        'const spNeg = tf.softplus(tf.neg(logit)); // -log(p)',
        'const notTarget = tf.sub(1, target);',
        'const ce = tf.add(tf.mul(target, spNeg), tf.mul(notTarget, spPos));',
        `const focal = tf.mul(ce, tf.exp(tf.mul(tf.add(tf.mul(target, spPos), tf.mul(notTarget, spNeg)), -${c.v('gamma')})));`,
        `const loss = ${c.v('alpha')} >= 0 ? tf.mul(focal, tf.add(tf.mul(target, ${c.v('alpha')}), tf.mul(notTarget, 1 - ${c.v('alpha')}))) : focal;`,
      ].join('\n'),
    }),
  },
};
