import { tf } from '../../backend';
import type { LossSpec, NumberParam, RowLimit } from '../../spec';
import { num, WHOLE_BATCH_MAX_ROWS } from '../../spec';
import { DENOMINATOR_EPSILON, denominatorEpsilon, fileValue, overlapMetrics, softOverlap } from './overlap';
import { LOGIT, MASK_TARGET } from './roles';
import { kerasOverlapRow, optaxDiceRow } from './framework_rows';

/** The smoothing constant of the overlap losses (dice, tversky). */
export const SMOOTH: NumberParam = {
  name: 'smooth',
  kind: 'number',
  default: 1,
  min: 0,
  max: Infinity,
  ui: { min: 0, max: 10, step: 0.1 },
  sweep: true,
  doc: 'added to the numerator and the denominator: keeps the loss defined (and 0) for an empty mask predicted empty; 0 = no smoothing',
};

/** What the overlap losses say about their unit and their bound on rows. */
export const OVERLAP_FILE_NOTE =
  'One value for the whole file (unit file; none gives it as a one-element array). ' +
  'Keras and JAX snippets compute it per batch they are given, as a training step does.';

/** The overlap losses' bound on rows. */
export const OVERLAP_MAX_ROWS: RowLimit = {
  rows: WHOLE_BATCH_MAX_ROWS,
  why: 'one value over the whole file, computed in one batch (one row per pixel: a 90 × 90 mask)',
};

/** Soft Dice loss on sigmoid probabilities over the whole file (Milletari et al. 2016, V-Net). */
export const dice: LossSpec = {
  id: 'dice',
  family: 'classification',
  title: 'Soft Dice (segmentation)',
  doc:
    'One minus the soft Dice coefficient between the predicted probabilities p = σ(z) and the 0/1 mask, over the whole ' +
    'file: the standard loss for segmentation with a small foreground, where per-pixel cross-entropy is dominated by ' +
    'the background. It scores the overlap of the whole mask, not each pixel, so its value is one number per file. ' +
    'smooth keeps it defined for empty masks.',
  formula: 'p_i = σ(z_i);  L = 1 − (2 Σ p_i y_i + smooth) / (Σ p_i + Σ y_i + smooth), one value per file',
  tex: String.raw`\begin{aligned} p_i &= \sigma(z_i) \\ L &= 1 - \frac{2 \sum_i p_i y_i + \text{smooth}}{\sum_i p_i + \sum_i y_i + \text{smooth}} \end{aligned}`,
  reference: 'plain PyTorch from the definition: p = torch.sigmoid(z); 1 − (2 (p·y).sum() + smooth) / (p.sum() + y.sum() + smooth)',
  convention:
    'Probabilities from the sigmoid of one logit per row (binary segmentation). smooth is added to both numerator and ' +
    'denominator (some implementations add it to the denominator only). With smooth = 0, an empty mask whose every p ' +
    `rounds to 0 (logits below about −104) gives 0/0 = NaN, as in PyTorch. ${OVERLAP_FILE_NOTE}`,
  roles: [LOGIT, MASK_TARGET],
  params: [SMOOTH],
  reductions: ['mean', 'sum', 'none'],
  defaultReduction: 'mean',
  unit: 'file',
  batching: 'whole',
  maxRows: OVERLAP_MAX_ROWS,
  frameworks: [kerasOverlapRow('Dice', 'dice', () => ''), optaxDiceRow('dice')],
  knobs: [DENOMINATOR_EPSILON],
  compute: (b, p) => {
    const smooth = num(p, 'smooth');
    const o = softOverlap(b.t.logit!, b.host.target!);
    const ratio = tf.div(tf.add(tf.mul(o.tp, 2), smooth), tf.add(o.sumP, o.sumY + smooth + denominatorEpsilon(p)));
    return { values: fileValue(tf.sub(1, ratio)) };
  },
  metrics: overlapMetrics,
  code: {
    className: 'DiceLoss',
    pytorch: (c) => ({
      kind: 'perUnit',
      note: 'One value for the whole input (a one-element tensor): 1 - (2 sum(p y) + smooth) / (sum(p) + sum(y) + smooth).',
      body: [
        'p = torch.sigmoid(logit)',
        `loss = (1 - (2 * (p * target).sum() + ${c.v('smooth')}) / (p.sum() + target.sum() + ${c.v('smooth')})).reshape(1)`,
      ].join('\n'),
    }),
    keras: (c) => ({
      kind: 'perUnit',
      note:
        'keras.losses.Dice (Keras 3) has no smoothing term and clips nothing; this adds smooth to both sides, on logits. ' +
        'One value per call: in training, per batch.',
      body: [
        'p = ops.sigmoid(ops.reshape(logit, (-1,)))',
        't = ops.cast(ops.reshape(target, (-1,)), p.dtype)',
        `loss = ops.reshape(1 - (2 * ops.sum(p * t) + ${c.v('smooth')}) / (ops.sum(p) + ops.sum(t) + ${c.v('smooth')}), (1,))`,
      ].join('\n'),
    }),
    jax: (c) => ({
      kind: 'perUnit',
      note: 'One value per call (a one-element array): 1 - (2 sum(p y) + smooth) / (sum(p) + sum(y) + smooth).',
      body: [
        'p = jax.nn.sigmoid(logit)',
        `loss = jnp.reshape(1 - (2 * jnp.sum(p * target) + ${c.v('smooth')}) / (jnp.sum(p) + jnp.sum(target) + ${c.v('smooth')}), (1,))`,
      ].join('\n'),
    }),
    tfjs: (c) => ({
      kind: 'perUnit',
      note: 'One value for the whole input (a one-element tensor): 1 - (2 sum(p y) + smooth) / (sum(p) + sum(y) + smooth).',
      body: [
        'const p = tf.sigmoid(logit);',
        `const ratio = tf.div(tf.add(tf.mul(tf.sum(tf.mul(p, target)), 2), ${c.v('smooth')}), tf.add(tf.add(tf.sum(p), tf.sum(target)), ${c.v('smooth')}));`,
        'const loss = tf.reshape(tf.sub(1, ratio), [1]);',
      ].join('\n'),
    }),
  },
};
