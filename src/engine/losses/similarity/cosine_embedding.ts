import { tf } from '../../backend';
import { maskOf } from '../../custom-op';
import { num, type LossSpec, type NumberParam } from '../../spec';
import { SIGN_PAIR_LABEL, sameColumns, X1, X2 } from './roles';
import { lit, SAME, UNSUPPORTED } from '../../frameworks';
import { keras as kerasSrc, torch as torchSrc } from '../../framework-sources';
import type { CodeTemplates } from '../../templates/template-types';

/** Added to each squared magnitude by PyTorch's cosine_embedding_loss (aten/src/ATen/native/Loss.cpp). */
export const COSINE_EPS = 1e-12;

const COSINE_MARGIN: NumberParam = {
  name: 'margin',
  kind: 'number',
  default: 0,
  min: -1,
  max: 1,
  ui: { min: -1, max: 1, step: 0.05 },
  sweep: true,
  doc: 'cosine similarity below which dissimilar pairs cost nothing (PyTorch suggests 0 to 0.5)',
};

/**
 * cos_i = Σ x1 x2 / √((Σ x1² + 1e-12)(Σ x2² + 1e-12)), as PyTorch computes it: the 1e-12 keeps a
 * zero vector's cosine at 0 (not 0/0).
 */
export function cosineSimilarity(x1: tf.Tensor, x2: tf.Tensor): tf.Tensor1D {
  const prod = tf.sum(tf.mul(x1, x2), -1);
  const m1 = tf.add(tf.sum(tf.square(x1), -1), COSINE_EPS);
  const m2 = tf.add(tf.sum(tf.square(x2), -1), COSINE_EPS);
  return tf.div(prod, tf.sqrt(tf.mul(m1, m2))) as tf.Tensor1D;
}

const NOTE = 'torch.nn.CosineEmbeddingLoss: label 1 = similar (1 - cos), -1 = dissimilar (max(0, cos - margin)); 1e-12 added to each squared norm.';

const code: CodeTemplates = {
  pytorch: (c) => ({ kind: 'builtin', callee: 'nn.CosineEmbeddingLoss', args: [['margin', c.p('margin')]] }),
  keras: (c) => ({
    kind: 'perUnit',
    note: NOTE,
    body: [
      'label = ops.reshape(label, (-1,))',
      'dot = ops.sum(x1 * x2, axis=-1)',
      'cos = dot / ops.sqrt((ops.sum(x1 * x1, axis=-1) + 1e-12) * (ops.sum(x2 * x2, axis=-1) + 1e-12))',
      `loss = ops.where(label > 0, 1.0 - cos, ops.maximum(cos - ${c.v('margin')}, 0.0))`,
    ].join('\n'),
  }),
  jax: (c) => ({
    kind: 'perUnit',
    note: NOTE,
    body: [
      'dot = jnp.sum(x1 * x2, axis=-1)',
      'cos = dot / jnp.sqrt((jnp.sum(x1 * x1, axis=-1) + 1e-12) * (jnp.sum(x2 * x2, axis=-1) + 1e-12))',
      `loss = jnp.where(label > 0, 1.0 - cos, jnp.maximum(cos - ${c.v('margin')}, 0.0))`,
    ].join('\n'),
  }),
  tfjs: (c) => ({
    kind: 'perUnit',
    note: NOTE,
    body: [
      'const dot = tf.sum(tf.mul(x1, x2), -1);',
      'const cos = tf.div(dot, tf.sqrt(tf.mul(tf.add(tf.sum(tf.square(x1), -1), 1e-12), tf.add(tf.sum(tf.square(x2), -1), 1e-12))));',
      `const loss = tf.where(tf.greater(label, 0), tf.sub(1, cos), tf.maximum(tf.sub(cos, ${c.v('margin')}), 0));`,
    ].join('\n'),
  }),
};

/** Cosine embedding loss, `torch.nn.CosineEmbeddingLoss`. */
export const cosineEmbedding: LossSpec = {
  id: 'cosine_embedding',
  family: 'similarity',
  title: 'Cosine embedding (pairs)',
  doc:
    'For pairs of embeddings labelled similar (1) or dissimilar (−1), on their cosine similarity: similar pairs ' +
    'cost 1 − cos, so they are pulled to point the same way whatever their lengths; dissimilar pairs cost ' +
    'cos − margin until their cosine falls below `margin`, after which they cost nothing. PyTorch adds 1e-12 to ' +
    'each squared length, so a zero vector has cosine 0 with everything.',
  formula: 'l_i = 1 − cos_i if y_i = 1,  max(0, cos_i − margin) if y_i = −1;  cos_i = Σ x1_i x2_i / √((‖x1_i‖² + 1e-12)(‖x2_i‖² + 1e-12));  mean: Σ l_i / N',
  tex: String.raw`\begin{aligned} l_i &= 1 - \cos_i \quad \text{if } y_i = 1 \\ l_i &= \max(0,\ \cos_i - \text{margin}) \\ &\quad \text{if } y_i = -1 \\ \cos_i &= \frac{x1_i \cdot x2_i}{\sqrt{a_i\, b_i}} \\ a_i &= \lVert x1_i \rVert^2 + 10^{-12} \\ b_i &= \lVert x2_i \rVert^2 + 10^{-12} \\ \text{mean} &= \tfrac{1}{N} \textstyle\sum_i l_i \end{aligned}`,
  reference: 'torch.nn.CosineEmbeddingLoss(margin)',
  convention:
    'PyTorch\'s: label 1 = similar, −1 = dissimilar (the opposite sign convention of contrastive\'s 0/1); no 1/2 factor; mean divides by N. ' +
    'At cos − margin = 0 the gradient passes (torch.clamp_min). ' +
    'A zero vector has cos = 0 (the 1e-12 in each squared norm), and its gradient is x2 / √(1e-12 ‖x2‖²), about 1e6 times larger than at unit length, as in PyTorch. ' +
    'Scaling either embedding by a positive number changes nothing, except for tiny vectors, where the 1e-12 shows (cos shrinks by about 1e-12 / (2‖x‖²) relative: 5e-5 at ‖x‖ = 1e-4).',
  roles: [X1, X2, SIGN_PAIR_LABEL],
  params: [COSINE_MARGIN],
  reductions: ['mean', 'sum', 'none'],
  defaultReduction: 'mean',
  unit: 'row',
  batching: 'rows',
  check: sameColumns(['x1', 'x2']),
  compute: (b, p) => {
    const cos = cosineSimilarity(b.t.x1!, b.t.x2!);
    const similar = maskOf(b.t.label!, (y) => tf.greater(y, 0));
    // max is tf.maximum, whose gradient passes at cos = margin like torch.clamp_min's.
    const values = tf.where(similar, tf.sub(1, cos), tf.maximum(tf.sub(cos, num(p, 'margin')), 0));
    return { values: values as tf.Tensor1D };
  },
  frameworks: [
    {
      framework: 'pytorch',
      api: 'torch.nn.CosineEmbeddingLoss',
      verified: 'executed',
      source: torchSrc('CosineEmbeddingLoss'),
      build: (ctx) => ({ call: `nn.CosineEmbeddingLoss(margin=${lit(num(ctx.params, 'margin'))})(x1, x2, label)`, reduction: 'mean', ...SAME() }),
    },
    {
      // A relative, not the same loss (docs/research/conventions.md §1.6): −cos for every pair, no labels.
      framework: 'keras',
      api: 'keras.losses.CosineSimilarity',
      verified: 'transcribed',
      source: kerasSrc('CosineSimilarity / cosine_similarity'),
      build: () => ({
        call: 'keras.losses.CosineSimilarity()(x2, x1)',
        reduction: 'sum_over_batch_size',
        ...UNSUPPORTED(
          "Keras' CosineSimilarity is −cos(x1, x2) for every pair, with no label and no margin: on similar pairs it is this loss minus 1 " +
            '(the same gradient), and it has nothing for dissimilar pairs (label −1).',
        ),
      }),
    },
  ],
  code,
};
