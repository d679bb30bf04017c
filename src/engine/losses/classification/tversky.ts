import { tf } from '../../backend';
import type { LossSpec } from '../../spec';
import { num } from '../../spec';
import { OVERLAP_FILE_NOTE, OVERLAP_MAX_ROWS, SMOOTH } from './dice';
import { DENOMINATOR_EPSILON, denominatorEpsilon, fileValue, overlapMetrics, softOverlap } from './overlap';
import { LOGIT, MASK_TARGET } from './roles';
import { kerasOverlapRow, optaxDiceRow } from './framework_rows';
import { lit } from '../../frameworks';

/** Tversky loss (Salehi et al. 2017): Dice with separate weights for false positives and false negatives. */
export const tversky: LossSpec = {
  id: 'tversky',
  family: 'classification',
  title: 'Tversky (segmentation)',
  doc:
    'One minus the Tversky index between the predicted probabilities p = σ(z) and the 0/1 mask over the whole file ' +
    '(Salehi et al. 2017): like soft Dice, but false positives are weighted by α and false negatives by β, so β > α ' +
    'trades precision for recall on small structures. One number per file. With α = β = 0.5 the denominator is ' +
    '(Σ p + Σ y) / 2 and, with smooth = 0, it is dice; with smoothing, tversky(smooth) = dice(2 · smooth).',
  formula:
    'p_i = σ(z_i);  TP = Σ p_i y_i,  FP = Σ p_i (1 − y_i),  FN = Σ (1 − p_i) y_i;  L = 1 − (TP + smooth) / (TP + α FP + β FN + smooth), one value per file',
  tex: String.raw`\begin{aligned} p_i &= \sigma(z_i) \\ \mathrm{TP} &= \textstyle\sum_i p_i y_i, \quad \mathrm{FP} = \sum_i p_i (1 - y_i) \\ \mathrm{FN} &= \textstyle\sum_i (1 - p_i)\, y_i \\ L &= 1 - \frac{\mathrm{TP} + \text{smooth}}{\mathrm{TP} + \alpha\, \mathrm{FP} + \beta\, \mathrm{FN} + \text{smooth}} \end{aligned}`,
  reference: 'plain PyTorch from the definition (Salehi et al. 2017, arXiv:1706.05721): TP, FP, FN as soft sums of torch.sigmoid(z)',
  convention:
    'α weights false positives and β false negatives (the paper\'s convention; some libraries swap them). 1 − p is ' +
    `computed as σ(−z). smooth is added to both numerator and denominator. ${OVERLAP_FILE_NOTE}`,
  roles: [LOGIT, MASK_TARGET],
  params: [
    {
      name: 'alpha',
      kind: 'number',
      default: 0.5,
      min: 0,
      max: Infinity,
      ui: { min: 0, max: 1, step: 0.05 },
      sweep: true,
      doc: 'weight α of the false positives Σ p (1 − y)',
    },
    {
      name: 'beta',
      kind: 'number',
      default: 0.5,
      min: 0,
      max: Infinity,
      ui: { min: 0, max: 1, step: 0.05 },
      sweep: true,
      doc: 'weight β of the false negatives Σ (1 − p) y; β > α favours recall',
    },
    SMOOTH,
  ],
  reductions: ['mean', 'sum', 'none'],
  defaultReduction: 'mean',
  unit: 'file',
  batching: 'whole',
  maxRows: OVERLAP_MAX_ROWS,
  frameworks: [kerasOverlapRow('Tversky', 'tversky', (c) => `alpha=${lit(num(c.params, 'alpha'))}, beta=${lit(num(c.params, 'beta'))}`), optaxDiceRow('tversky')],
  knobs: [DENOMINATOR_EPSILON],
  compute: (b, p) => {
    const smooth = num(p, 'smooth');
    const o = softOverlap(b.t.logit!, b.host.target!);
    const top = tf.add(o.tp, smooth);
    const bottom = tf.add(tf.add(tf.add(o.tp, tf.mul(o.fp, num(p, 'alpha'))), tf.mul(o.fn, num(p, 'beta'))), smooth + denominatorEpsilon(p));
    return { values: fileValue(tf.sub(1, tf.div(top, bottom))) };
  },
  metrics: overlapMetrics,
  code: {
    className: 'TverskyLoss',
    pytorch: (c) => ({
      kind: 'perUnit',
      note: 'One value for the whole input (a one-element tensor); alpha weights false positives, beta false negatives.',
      body: [
        'p = torch.sigmoid(logit)',
        'tp = (p * target).sum()',
        'fp = (p * (1 - target)).sum()',
        'fn = (torch.sigmoid(-logit) * target).sum()',
        `loss = (1 - (tp + ${c.v('smooth')}) / (tp + ${c.v('alpha')} * fp + ${c.v('beta')} * fn + ${c.v('smooth')})).reshape(1)`,
      ].join('\n'),
    }),
    keras: (c) => ({
      kind: 'perUnit',
      note:
        'keras.losses.Tversky (Keras 3) has no smoothing term; this adds smooth to both sides, on logits. alpha weights false ' +
        'positives, beta false negatives. One value per call: in training, per batch.',
      body: [
        'z = ops.reshape(logit, (-1,))',
        'p = ops.sigmoid(z)',
        't = ops.cast(ops.reshape(target, (-1,)), p.dtype)',
        'tp = ops.sum(p * t)',
        'fp = ops.sum(p * (1 - t))',
        'fn = ops.sum(ops.sigmoid(-z) * t)',
        `loss = ops.reshape(1 - (tp + ${c.v('smooth')}) / (tp + ${c.v('alpha')} * fp + ${c.v('beta')} * fn + ${c.v('smooth')}), (1,))`,
      ].join('\n'),
    }),
    jax: (c) => ({
      kind: 'perUnit',
      note: 'One value per call (a one-element array); alpha weights false positives, beta false negatives.',
      body: [
        'p = jax.nn.sigmoid(logit)',
        'tp = jnp.sum(p * target)',
        'fp = jnp.sum(p * (1 - target))',
        'fn = jnp.sum(jax.nn.sigmoid(-logit) * target)',
        `loss = jnp.reshape(1 - (tp + ${c.v('smooth')}) / (tp + ${c.v('alpha')} * fp + ${c.v('beta')} * fn + ${c.v('smooth')}), (1,))`,
      ].join('\n'),
    }),
    tfjs: (c) => ({
      kind: 'perUnit',
      note: 'One value for the whole input (a one-element tensor); alpha weights false positives, beta false negatives.',
      body: [
        'const p = tf.sigmoid(logit);',
        'const tp = tf.sum(tf.mul(p, target));',
        'const fp = tf.sum(tf.mul(p, tf.sub(1, target)));',
        'const fn = tf.sum(tf.mul(tf.sigmoid(tf.neg(logit)), target));',
        `const bottom = tf.add(tf.add(tf.add(tp, tf.mul(fp, ${c.v('alpha')})), tf.mul(fn, ${c.v('beta')})), ${c.v('smooth')});`,
        `const loss = tf.reshape(tf.sub(1, tf.div(tf.add(tp, ${c.v('smooth')}), bottom)), [1]);`,
      ].join('\n'),
    }),
  },
};
