import { tf } from '../../backend';
import { maskOf } from '../../custom-op';
import { bool, num, type BooleanParam, type LossSpec, type NumberParam } from '../../spec';
import { DISTANCE_AT_ZERO_NOTE, pairwiseDistance } from './distance';
import { ANCHOR, NEGATIVE, POSITIVE, sameColumns } from './roles';
import { JAX_PAIRWISE_DISTANCE, KERAS_PAIRWISE_DISTANCE, tfjsPairwiseDistance } from '../../templates/distance-helpers';
import { lit, UNSUPPORTED, type FrameworkRow } from '../../frameworks';
import { pml, torch as torchSrc } from '../../framework-sources';

export const TRIPLET_MARGIN: NumberParam = {
  name: 'margin',
  kind: 'number',
  default: 1.0,
  min: 0,
  max: Infinity,
  ui: { min: 0, max: 5, step: 0.1 },
  sweep: true,
  doc: 'how much closer than the negative the positive must be before a triplet costs nothing',
};
const P: NumberParam = {
  name: 'p',
  kind: 'number',
  default: 2,
  min: 0,
  max: 100,
  minExclusive: true,
  ui: { min: 0.5, max: 4, step: 0.5 },
  doc: 'the norm degree of the distance ‖a − b + 1e-6‖_p (2 = Euclidean)',
};
const SWAP: BooleanParam = {
  name: 'swap',
  kind: 'boolean',
  default: false,
  doc: 'distance swap (Balntas et al. 2016): use min(d(a, n), d(p, n)) as the negative distance',
};

/**
 * min(a, b) with PyTorch's gradient: at a tie each side gets half (torch.min's backward), where
 * tf.minimum would give all of it to a.
 */
function minimumSplitTies(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  // w = 1 where a < b, 1/2 where a = b, 0 where a > b (a − b has the sign of the comparison).
  const w = maskOf(tf.sub(a, b), (d) => tf.add(tf.cast(tf.less(d, 0), 'float32'), tf.mul(tf.cast(tf.equal(d, 0), 'float32'), 0.5)));
  return tf.add(tf.mul(w, a), tf.mul(tf.sub(1, w), b));
}

/** What the triplet built-ins give for Loss Lab's settings (issue #15). */
const TRIPLET_FRAMEWORKS: readonly FrameworkRow[] = [
  {
    framework: 'pytorch',
    api: 'torch.nn.TripletMarginLoss',
    verified: 'executed',
    source: torchSrc('TripletMarginLoss'),
    build: (c) => ({
      call: `nn.TripletMarginLoss(margin=${lit(num(c.params, 'margin'))}, p=${lit(num(c.params, 'p'))}, swap=${bool(c.params, 'swap') ? 'True' : 'False'})(anchor, positive, negative)`,
      reduction: 'mean',
      relation: 'same',
      reason: 'Loss Lab follows PyTorch: distances ‖a − b + 1e-6‖_p, mean over the N triplets.',
      switches: [],
    }),
  },
  ...[true, false].map((defaults): FrameworkRow => ({
    framework: 'pytorch-metric-learning',
    api: defaults ? 'pytorch_metric_learning.losses.TripletMarginLoss()' : 'pytorch_metric_learning.losses.TripletMarginLoss',
    verified: 'transcribed',
    source: pml('losses/triplet_margin_loss.py', 'TripletMarginLoss (AvgNonZeroReducer, LpDistance)'),
    build: (c) => {
      const margin = num(c.params, 'margin');
      const swap = bool(c.params, 'swap');
      const args = defaults ? '' : `margin=${lit(margin)}${swap ? ', swap=True' : ''}`;
      const call = `losses.TripletMarginLoss(${args})(torch.cat([anchor, positive, negative]), indices_tuple=(i, i + N, i + 2 * N))  # i = torch.arange(N)`;
      const base = { call, reduction: 'AvgNonZeroReducer' };
      if (!defaults && num(c.params, 'p') !== 2) return { ...base, ...UNSUPPORTED('Its LpDistance normalises embeddings for the Euclidean distance; p ≠ 2 has no matching default.') };
      const nonzero = 'embeddings L2-normalised and the mean taken over the triplets with a non-zero loss only';
      return {
        ...base,
        relation: 'different',
        reason: defaults
          ? `Its defaults: margin 0.05 (not 1), Euclidean distance, no swap, ${nonzero}.`
          : `The same margin, but ${nonzero}.`,
        switches: [
          { kind: 'normalizeRows', roles: ['anchor', 'positive', 'negative'] },
          ...(defaults ? [{ kind: 'param' as const, name: 'margin', value: 0.05 }, { kind: 'param' as const, name: 'p', value: 2 }, { kind: 'param' as const, name: 'swap', value: false }] : []),
          { kind: 'denominator', by: 'nonzeroTerms' },
        ],
      };
    },
  })),
];

/** Triplet margin loss, `torch.nn.TripletMarginLoss`. */
export const triplet: LossSpec = {
  id: 'triplet',
  family: 'similarity',
  title: 'Triplet margin',
  doc:
    'For given (anchor, positive, negative) triplets: the anchor should be closer to the positive than to the ' +
    'negative by at least `margin`; triplets that already are cost nothing. Distances are PyTorch\'s ' +
    'pairwise_distance (‖a − b + 1e-6‖_p). With `swap`, the negative distance is the smaller of d(a, n) and ' +
    'd(p, n), so the harder of the two views of the negative counts.',
  formula: 'l_i = max(0, margin + d(a_i, p_i) − d(a_i, n_i)),  d(a, b) = ‖a − b + 1e-6‖_p;  swap: d(a, n) ← min(d(a, n), d(p, n));  mean: Σ l_i / N',
  tex: String.raw`\begin{aligned} l_i &= \max(0,\ \text{margin} \\ &\qquad + d(a_i, p_i) - d(a_i, n_i)) \\ d(a, b) &= \lVert a - b + 10^{-6} \rVert_p \\ d(a, n) &\leftarrow \min(d(a, n),\ d(p, n)) \\ &\quad \text{with swap} \\ \text{mean} &= \tfrac{1}{N} \textstyle\sum_i l_i \end{aligned}`,
  reference: 'torch.nn.TripletMarginLoss(margin, p, eps=1e-6, swap)',
  convention:
    'PyTorch\'s: eps added to the difference; at margin + d_ap − d_an = 0 the gradient passes (torch.clamp_min), ' +
    `and a tie in the swap minimum splits the gradient in half (torch.min). mean divides by N. ${DISTANCE_AT_ZERO_NOTE}`,
  roles: [ANCHOR, POSITIVE, NEGATIVE],
  params: [TRIPLET_MARGIN, P, SWAP],
  reductions: ['mean', 'sum', 'none'],
  defaultReduction: 'mean',
  unit: 'row',
  batching: 'rows',
  check: sameColumns(['anchor', 'positive', 'negative']),
  compute: (b, prm) => {
    const p = num(prm, 'p');
    const dPos = pairwiseDistance(b.t.anchor!, b.t.positive!, p);
    let dNeg: tf.Tensor = pairwiseDistance(b.t.anchor!, b.t.negative!, p);
    if (bool(prm, 'swap')) dNeg = minimumSplitTies(dNeg, pairwiseDistance(b.t.positive!, b.t.negative!, p));
    // torch: clamp_min(margin + dist_pos - dist_neg, 0); tf.maximum passes the gradient at 0 like clamp_min.
    return { values: tf.maximum(tf.sub(tf.add(dPos, num(prm, 'margin')), dNeg), 0) as tf.Tensor1D };
  },
  frameworks: TRIPLET_FRAMEWORKS,
  code: {
    className: 'TripletMarginLoss',
    pytorch: (c) => ({
      kind: 'builtin',
      callee: 'nn.TripletMarginLoss',
      args: [
        ['margin', c.p('margin')],
        ['p', c.p('p')],
        ['swap', c.p('swap')],
      ],
    }),
    keras: (c) => ({
      kind: 'perUnit',
      note: 'torch.nn.TripletMarginLoss: distances ||a - b + 1e-6||_p; swap uses min(d(a, n), d(p, n)).',
      helpers: KERAS_PAIRWISE_DISTANCE,
      body: [
        `d_pos = pairwise_distance(anchor, positive, ${c.v('p')})`,
        `d_neg = pairwise_distance(anchor, negative, ${c.v('p')})`,
        `if ${c.v('swap')}:`,
        `    d_neg = ops.minimum(d_neg, pairwise_distance(positive, negative, ${c.v('p')}))`,
        `loss = ops.maximum(${c.v('margin')} + d_pos - d_neg, 0.0)`,
      ].join('\n'),
    }),
    jax: (c) => ({
      kind: 'perUnit',
      note: 'torch.nn.TripletMarginLoss: distances ||a - b + 1e-6||_p; swap uses min(d(a, n), d(p, n)) (optax.triplet_margin_loss has no swap).',
      helpers: JAX_PAIRWISE_DISTANCE,
      body: [
        `d_pos = pairwise_distance(anchor, positive, ${c.v('p')})`,
        `d_neg = pairwise_distance(anchor, negative, ${c.v('p')})`,
        `if ${c.v('swap')}:`,
        `    d_neg = jnp.minimum(d_neg, pairwise_distance(positive, negative, ${c.v('p')}))`,
        `loss = jnp.maximum(${c.v('margin')} + d_pos - d_neg, 0.0)`,
      ].join('\n'),
    }),
    tfjs: (c) => ({
      kind: 'perUnit',
      note:
        'torch.nn.TripletMarginLoss: distances ||a - b + 1e-6||_p; swap uses min(d(a, n), d(p, n)), written ' +
        '(a + b - |a - b|) / 2 so that a tie splits the gradient as torch.min does.',
      helpers: tfjsPairwiseDistance(c),
      body: [
        `const dPos = pairwiseDistance(anchor, positive, ${c.v('p')});`,
        `let dNeg = pairwiseDistance(anchor, negative, ${c.v('p')});`,
        `if (${c.v('swap')}) {`,
        `  const dSwap = pairwiseDistance(positive, negative, ${c.v('p')});`,
        '  const gap = tf.sub(dNeg, dSwap);',
        '  dNeg = tf.mul(tf.sub(tf.add(dNeg, dSwap), tf.mul(gap, tf.sign(gap))), 0.5);',
        '}',
        `const loss = tf.maximum(tf.sub(tf.add(dPos, ${c.v('margin')}), dNeg), 0);`,
      ].join('\n'),
    }),
  },
};
