import { tf } from '../../backend';
import { bool, num, type BooleanParam, type LossSpec, type NumberParam, type RowLimit } from '../../spec';
import { l2Normalize, ZERO_ROW_NOTE } from './normalize';
import { ANCHOR_X1, POSITIVE_X2, sameColumns } from './roles';
import { lit, SAME, UNSUPPORTED } from '../../frameworks';
import { optax as optaxSrc, torch as torchSrc } from '../../framework-sources';

/**
 * The bound of the in-batch losses (info_nce, supcon): every row is scored against every row, in one
 * batch, so time grows as N² (times the embedding width). Measured here (2 shared CPUs, load ~9,
 * wasm, value + gradient + per-sample values, random embeddings; info_nce symmetric): at 64 columns
 * 1024 rows take 1.6 s (supcon 0.6 s) and 2048 rows 5.2 s (2.3 s); at 512 columns 1024 rows take
 * 6.5 s (3.7 s) and 2048 rows 17.6 s (12.4 s); 4096 rows took about 110 s under load. 1024 keeps
 * the panel and the CLI within a few seconds.
 */
export const IN_BATCH_MAX_ROWS: RowLimit = {
  rows: 1024,
  why: 'it scores every row against every row in one batch, so its time grows with the square of the rows',
};

export const TEMPERATURE: NumberParam = {
  name: 'temperature',
  kind: 'number',
  default: 0.07,
  min: 0,
  max: Infinity,
  minExclusive: true,
  ui: { min: 0.01, max: 1, step: 0.01 },
  sweep: true,
  doc: 'τ, the divisor of the cosine similarities before the softmax: smaller τ sharpens it onto the hardest negatives',
};
const SYMMETRIC: BooleanParam = {
  name: 'symmetric',
  kind: 'boolean',
  default: false,
  doc: 'also contrast each x2 row against every x1 row and average the two directions (CLIP)',
};

/** The rows' diagonal of a square [n, n] matrix, as [n] (exact: one product by 1, the rest by 0). */
function diagonal(m: tf.Tensor2D, n: number): tf.Tensor1D {
  return tf.sum(tf.mul(m, tf.eye(n)), 1) as tf.Tensor1D;
}

/**
 * ℓ_i = logsumexp_j L_ij − L_ii with L = normalize(x1) normalize(x2)ᵀ / τ (cross-entropy with
 * target i on row i); symmetric: the mean of that and the same over the columns of L.
 */
function infoNceValues(x1: tf.Tensor, x2: tf.Tensor, n: number, tau: number, symmetric: boolean): tf.Tensor1D {
  const logits = tf.div(tf.matMul(l2Normalize(x1), l2Normalize(x2), false, true), tau) as tf.Tensor2D;
  const pos = diagonal(logits, n);
  const rows = tf.sub(tf.logSumExp(logits, 1), pos);
  if (!symmetric) return rows as tf.Tensor1D;
  return tf.mul(tf.add(rows, tf.sub(tf.logSumExp(logits, 0), pos)), 0.5) as tf.Tensor1D;
}

const NOTE =
  'In-batch negatives (SimCLR/CLIP InfoNCE): row i of x2 is the positive of row i of x1, the other rows its negatives; ' +
  'cosine similarities of F.normalize(eps=1e-12) rows divided by temperature; symmetric averages both directions per row.';

/** InfoNCE with in-batch negatives (van den Oord et al. 2018; SimCLR, CLIP). */
export const infoNce: LossSpec = {
  id: 'info_nce',
  family: 'similarity',
  title: 'InfoNCE (in-batch negatives)',
  doc:
    'Contrastive learning with in-batch negatives, as in CLIP and SimCLR-style training: row i of x1 and row i of ' +
    'x2 are two views of one thing (an image and its caption, two augmentations); every other row of x2 is a ' +
    'negative for x1\'s row i. Each anchor is scored against all rows of x2 by cosine similarity over a ' +
    'temperature, and the loss is the cross-entropy of picking its own positive. With `symmetric` the x2 rows are ' +
    `also anchors against all of x1 and the two directions are averaged (CLIP).`,
  formula:
    'L = ẑ1 ẑ2ᵀ / τ,  ẑ = x / max(‖x‖, 1e-12) per row;  l_i = −log softmax(L_i·)_i = logsumexp_j L_ij − L_ii;  ' +
    'symmetric: l_i = ½ (logsumexp_j L_ij + logsumexp_j L_ji) − L_ii;  mean: Σ l_i / N',
  tex: String.raw`\begin{aligned} L &= \hat z_1 \hat z_2^{\top} / \tau \\ \hat z &= x / \max(\lVert x \rVert, 10^{-12}) \\ l_i &= \log \textstyle\sum_j e^{L_{ij}} - L_{ii} \\ l_i &= \tfrac12 \log \textstyle\sum_j e^{L_{ij}} + \tfrac12 \log \textstyle\sum_j e^{L_{ji}} \\ &\quad - L_{ii} \quad \text{(symmetric)} \\ \text{mean} &= \tfrac{1}{N} \textstyle\sum_i l_i \end{aligned}`,
  reference: 'F.cross_entropy(F.normalize(x1) @ F.normalize(x2).T / temperature, torch.arange(N)); symmetric: its average with the same on the transposed logits',
  convention:
    'One value per anchor row of x1 (with symmetric, the average of row i\'s two directions, so mean is CLIP\'s (CE(L) + CE(Lᵀ)) / 2). ' +
    'Each row\'s loss depends on every row of x2 (and with symmetric of x1): the gradient at a row sums its part in all of them. ' +
    'The whole file is one batch: a loss over the rows of the file, not of your training batches (the value depends on N: log N for unrelated rows). ' +
    ZERO_ROW_NOTE,
  roles: [ANCHOR_X1, POSITIVE_X2],
  params: [TEMPERATURE, SYMMETRIC],
  reductions: ['mean', 'sum', 'none'],
  defaultReduction: 'mean',
  unit: 'row',
  batching: 'whole',
  maxRows: IN_BATCH_MAX_ROWS,
  check: sameColumns(['x1', 'x2']),
  compute: (b, p) => ({ values: infoNceValues(b.t.x1!, b.t.x2!, b.n, num(p, 'temperature'), bool(p, 'symmetric')) }),
  frameworks: [
    {
      framework: 'pytorch',
      api: 'torch.nn.functional.cross_entropy',
      verified: 'executed',
      source: { ...torchSrc('cross_entropy, normalize'), file: 'torch/nn/functional.py' },
      build: (c) => {
        const logits = `F.normalize(x1) @ F.normalize(x2).T / ${lit(num(c.params, 'temperature'))}`;
        const labels = 'torch.arange(x1.shape[0])';
        const call = bool(c.params, 'symmetric')
          ? `(F.cross_entropy(${logits}, ${labels}) + F.cross_entropy((${logits}).T, ${labels})) / 2`
          : `F.cross_entropy(${logits}, ${labels})`;
        return { call, reduction: 'mean', ...SAME('InfoNCE as SimCLR/CLIP code writes it: cross-entropy over the in-batch similarity matrix, mean over the anchors, as Loss Lab.') };
      },
    },
    {
      // docs/research/conventions.md §2.2: SimCLR's NT-Xent over the 2N rows of both views.
      framework: 'optax',
      api: 'optax.losses.ntxent',
      verified: 'transcribed',
      source: optaxSrc('self_supervised', 'ntxent'),
      build: (c) => ({
        call: `optax.losses.ntxent(jnp.concatenate([x1, x2]), jnp.concatenate([jnp.arange(N), jnp.arange(N)]), temperature=${lit(num(c.params, 'temperature'))})`,
        reduction: 'mean over positive pairs',
        ...UNSUPPORTED(
          "optax's ntxent is SimCLR's NT-Xent over the 2N rows of both views: every row is an anchor and its negatives are the other 2N − 2 rows " +
            "of both views, where InfoNCE scores x1's rows against x2's only (N − 1 negatives, and with symmetric x2's against x1's); use supcon's row for ntxent.",
        ),
      }),
    },
  ],
  code: {
    className: 'InfoNCELoss',
    pytorch: (c) => ({
      kind: 'perUnit',
      note: NOTE,
      body: [
        `logits = F.normalize(x1, dim=1) @ F.normalize(x2, dim=1).T / ${c.v('temperature')}`,
        'target = torch.arange(x1.shape[0], device=x1.device)',
        'loss = F.cross_entropy(logits, target, reduction="none")',
        `if ${c.v('symmetric')}:`,
        '    loss = 0.5 * (loss + F.cross_entropy(logits.T, target, reduction="none"))',
      ].join('\n'),
    }),
    keras: (c) => ({
      kind: 'perUnit',
      note: NOTE,
      body: [
        'z1 = x1 / ops.sqrt(ops.maximum(ops.sum(ops.square(x1), axis=1, keepdims=True), 1e-24))  # F.normalize, eps 1e-12',
        'z2 = x2 / ops.sqrt(ops.maximum(ops.sum(ops.square(x2), axis=1, keepdims=True), 1e-24))',
        `logits = ops.matmul(z1, ops.transpose(z2)) / ${c.v('temperature')}`,
        `pos = ops.sum(z1 * z2, axis=1) / ${c.v('temperature')}`,
        'loss = ops.logsumexp(logits, axis=1) - pos',
        `if ${c.v('symmetric')}:`,
        '    loss = 0.5 * (loss + ops.logsumexp(logits, axis=0) - pos)',
      ].join('\n'),
    }),
    jax: (c) => ({
      kind: 'perUnit',
      note: NOTE,
      body: [
        'z1 = x1 / jnp.sqrt(jnp.maximum(jnp.sum(x1**2, axis=1, keepdims=True), 1e-24))  # F.normalize, eps 1e-12',
        'z2 = x2 / jnp.sqrt(jnp.maximum(jnp.sum(x2**2, axis=1, keepdims=True), 1e-24))',
        `logits = z1 @ z2.T / ${c.v('temperature')}`,
        'pos = jnp.diagonal(logits)',
        'loss = jax.nn.logsumexp(logits, axis=1) - pos',
        `if ${c.v('symmetric')}:`,
        '    loss = 0.5 * (loss + jax.nn.logsumexp(logits, axis=0) - pos)',
      ].join('\n'),
    }),
    tfjs: (c) => ({
      kind: 'perUnit',
      note: NOTE,
      body: [
        `const normalize = (x${c.ts(': tf.Tensor')}) => tf.div(x, tf.sqrt(tf.maximum(tf.sum(tf.square(x), 1, true), 1e-24))); // F.normalize, eps 1e-12`,
        `const logits = tf.div(tf.matMul(normalize(x1), normalize(x2), false, true), ${c.v('temperature')});`,
        'const pos = tf.sum(tf.mul(logits, tf.eye(x1.shape[0])), 1);',
        'let loss = tf.sub(tf.logSumExp(logits, 1), pos);',
        `if (${c.v('symmetric')}) loss = tf.mul(tf.add(loss, tf.sub(tf.logSumExp(logits, 0), pos)), 0.5);`,
      ].join('\n'),
    }),
  },
};
