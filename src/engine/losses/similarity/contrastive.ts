import { tf } from '../../backend';
import { num, type Batch, type LossSpec, type NumberParam, type ResolvedParams } from '../../spec';
import { DISTANCE_AT_ZERO_NOTE, pairwiseDistance } from './distance';
import { PAIR_LABEL, sameColumns, X1, X2 } from './roles';
import { JAX_PAIRWISE_DISTANCE, KERAS_PAIRWISE_DISTANCE, tfjsPairwiseDistance } from '../../templates/distance-helpers';
import type { CodeTemplates } from '../../templates/template-types';
import { lit, type ConventionKnob, type FrameworkRow } from '../../frameworks';
import { HADSELL_2006, pml, TFA_CONTRASTIVE } from '../../framework-sources';

/** The power of the distance in both terms: 2 (squared, Hadsell) unless a variant sets 1 (pytorch-metric-learning). */
export const DISTANCE_POWER: ConventionKnob = {
  name: 'distance_power',
  default: 2,
  doc: 'the power of the distance in both terms: 2 squares them (Hadsell; Loss Lab), 1 leaves them linear (pytorch-metric-learning)',
};

export const MARGIN: NumberParam = {
  name: 'margin',
  kind: 'number',
  default: 1.0,
  min: 0,
  max: Infinity,
  ui: { min: 0, max: 5, step: 0.1 },
  sweep: true,
  doc: 'distance beyond which dissimilar pairs cost nothing',
};

/**
 * (1 − y) d² + y max(0, margin − d)², d = ‖x1 − x2 + 1e-6‖₂, for labels y in {0, 1} or [0, 1].
 * max is tf.maximum, which passes the gradient at the boundary like torch.clamp(min=0); there the
 * square's gradient is 0 anyway.
 */
export function contrastiveValues(b: Batch, p: ResolvedParams): tf.Tensor1D {
  const y = b.t.label!;
  const d = pairwiseDistance(b.t.x1!, b.t.x2!);
  // A variant may set the power to 1 (knob distance_power, conventions.ts); Loss Lab's is 2.
  const power = p[DISTANCE_POWER.name] === 1 ? 1 : 2;
  const sq = (x: tf.Tensor): tf.Tensor => (power === 2 ? tf.square(x) : x);
  const pull = tf.mul(tf.sub(1, y), sq(d));
  const push = tf.mul(y, sq(tf.maximum(tf.sub(num(p, 'margin'), d), 0)));
  return tf.add(pull, push) as tf.Tensor1D;
}

/** Where conventions differ between libraries: which label means dissimilar. */
const CONTRASTIVE_LABEL_NOTE =
  'label 1 = dissimilar, 0 = similar (Hadsell et al. 2006); TensorFlow Addons\' contrastive_loss uses 1 = similar ' +
  'and takes distances: pass 1 - label there. No 1/2 factor.';

/** Code templates, shared with soft_contrastive (same formula, soft labels). */
export const contrastiveCode: CodeTemplates = {
  pytorch: (c) => ({
    kind: 'perUnit',
    note: CONTRASTIVE_LABEL_NOTE,
    body: [
      'd = F.pairwise_distance(x1, x2)  # ||x1 - x2 + 1e-6||',
      `loss = (1 - label) * d.pow(2) + label * torch.clamp(${c.v('margin')} - d, min=0).pow(2)`,
    ].join('\n'),
  }),
  keras: (c) => ({
    kind: 'perUnit',
    note: CONTRASTIVE_LABEL_NOTE,
    helpers: KERAS_PAIRWISE_DISTANCE,
    body: ['d = pairwise_distance(x1, x2)', `loss = (1 - label) * ops.square(d) + label * ops.square(ops.maximum(${c.v('margin')} - d, 0.0))`].join('\n'),
  }),
  jax: (c) => ({
    kind: 'perUnit',
    note: CONTRASTIVE_LABEL_NOTE,
    helpers: JAX_PAIRWISE_DISTANCE,
    body: ['d = pairwise_distance(x1, x2)', `loss = (1 - label) * d**2 + label * jnp.maximum(${c.v('margin')} - d, 0.0) ** 2`].join('\n'),
  }),
  tfjs: (c) => ({
    kind: 'perUnit',
    note: CONTRASTIVE_LABEL_NOTE,
    helpers: tfjsPairwiseDistance(c),
    body: [
      'const d = pairwiseDistance(x1, x2);',
      `const loss = tf.add(tf.mul(tf.sub(1, label), tf.square(d)), tf.mul(label, tf.square(tf.maximum(tf.sub(${c.v('margin')}, d), 0))));`,
    ].join('\n'),
  }),
};

/** What the paper and the libraries give for Loss Lab's contrastive settings (issue #15). */
const CONTRASTIVE_FRAMEWORKS: readonly FrameworkRow[] = [
  {
    framework: 'paper',
    api: 'Hadsell, Chopra & LeCun 2006, Eq. 4',
    verified: 'transcribed',
    source: HADSELL_2006,
    build: (c) => {
      const n = c.inputs.label?.data.length ?? 0;
      return {
        call: `L = Σ_i (1 − Y_i) ½ D_i² + Y_i ½ max(0, ${lit(num(c.params, 'margin'))} − D_i)²  (Y = label)`,
        reduction: 'sum',
        relation: 'factor',
        factor: n / 2,
        reason: 'The same labels (Y = 1 dissimilar) and squares, with ½ on both terms and a sum over the pairs: N / 2 × the Loss Lab mean.',
        switches: [{ kind: 'factor', factor: 0.5 }, { kind: 'reduction', reduction: 'sum' }],
      };
    },
  },
  {
    framework: 'tensorflow-addons',
    api: 'tfa.losses.ContrastiveLoss',
    verified: 'transcribed',
    source: TFA_CONTRASTIVE,
    build: (c) => ({
      call: `tfa.losses.ContrastiveLoss(margin=${lit(num(c.params, 'margin'))})(label, tf.norm(x1 - x2, axis=-1))`,
      reduction: 'SUM_OVER_BATCH_SIZE',
      relation: 'different',
      reason: 'TensorFlow Addons reads y = 1 as similar (Loss Lab: dissimilar), so these labels pull the pairs that should be pushed: pass 1 − label; no ½, mean over N, distances without the 1e-6.',
      switches: [{ kind: 'flipLabel', role: 'label' }],
    }),
  },
  {
    framework: 'pytorch-metric-learning',
    api: 'pytorch_metric_learning.losses.ContrastiveLoss',
    verified: 'transcribed',
    source: pml('losses/contrastive_loss.py', 'ContrastiveLoss (GenericPairLoss, AvgNonZeroReducer, LpDistance)'),
    build: (c) => ({
      call:
        `losses.ContrastiveLoss(pos_margin=0, neg_margin=${lit(num(c.params, 'margin'))})(torch.cat([x1, x2]), ` +
        'indices_tuple=(i[label == 0], i[label == 0] + N, i[label == 1], i[label == 1] + N))  # i = torch.arange(N)',
      reduction: 'AvgNonZeroReducer',
      relation: 'different',
      reason: 'Embeddings L2-normalised, distances not squared (relu(d) and relu(m − d)), and similar and dissimilar pairs each averaged over their non-zero terms only, the two means added.',
      switches: [
        { kind: 'normalizeRows', roles: ['x1', 'x2'] },
        { kind: 'knob', name: 'distance_power', value: 1 },
        { kind: 'denominator', by: 'nonzeroTerms', groupBy: 'label' },
      ],
    }),
  },
];

/** Contrastive loss (Hadsell, Chopra, LeCun 2006). */
export const contrastive: LossSpec = {
  id: 'contrastive',
  family: 'similarity',
  title: 'Contrastive (pairs)',
  doc:
    'For pairs of embeddings labelled similar (0) or dissimilar (1): similar pairs are pulled together by ' +
    'their squared distance, dissimilar pairs are pushed apart until they are at least `margin` away, after ' +
    'which they cost nothing. The distance is PyTorch\'s F.pairwise_distance, which adds 1e-6 to each ' +
    'component of the difference, so identical embeddings have distance √D·1e-6 and a finite gradient.',
  formula: 'l_i = (1 − y_i) d_i² + y_i max(0, margin − d_i)²,  d_i = ‖x1_i − x2_i + 1e-6‖₂;  mean: Σ l_i / N',
  tex: String.raw`\begin{aligned} l_i &= (1 - y_i)\, d_i^2 \\ &\quad + y_i \max(0,\ \text{margin} - d_i)^2 \\ d_i &= \lVert x1_i - x2_i + 10^{-6} \rVert_2 \\ \text{mean} &= \tfrac{1}{N} \textstyle\sum_i l_i \end{aligned}`,
  reference: 'plain PyTorch from the definition on F.pairwise_distance(x1, x2) (Hadsell et al. 2006)',
  convention: `Label 1 means dissimilar (Hadsell et al.; some libraries use 1 = similar). No 1/2 factor. mean divides by N. ${DISTANCE_AT_ZERO_NOTE}`,
  roles: [X1, X2, PAIR_LABEL],
  params: [MARGIN],
  reductions: ['mean', 'sum', 'none'],
  defaultReduction: 'mean',
  unit: 'row',
  batching: 'rows',
  check: sameColumns(['x1', 'x2']),
  compute: (b, p) => ({ values: contrastiveValues(b, p) }),
  knobs: [DISTANCE_POWER],
  frameworks: CONTRASTIVE_FRAMEWORKS,
  code: contrastiveCode,
};
