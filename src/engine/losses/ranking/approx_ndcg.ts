import { tf } from '../../backend';
import { gatherDifference } from '../../gather';
import { gain, RANKING_METRICS_NOTE, rankingLossMetrics } from '../../metrics/ranking';
import { num, type LossSpec } from '../../spec';
import { queryGroups, type Groups } from './groups';
import { queryPairs, type Pairs } from './pairs';
import { GAIN_RELEVANCE, QUERY, SCORE } from './roles';
import { segmentSum } from './segments';
import { LISTWISE_NOTE, LONG_DATA_NOTE, PY_QUERY_TOTAL, TFJS_QUERY_SEGMENTS } from '../../templates/ranking-helpers';
import { lit } from '../../frameworks';
import { tfr } from '../../framework-sources';

/**
 * Where the semantics come from: read at this commit, transcribed in our own words and code
 * (docs/research/ranking.md §4, docs/research/transcriptions/approx_ndcg.py and approx_ndcg_grad.py).
 */
const SOURCE =
  'tensorflow/ranking @ 5b1d1338c1cb76507466d062e2d48bae57b17ac4, tensorflow_ranking/python/losses_impl.py: ' +
  'approx_ranks, ndcg, inverse_max_dcg, _safe_default_gain_fn, ApproxNDCGLoss; keras/losses.py ApproxNDCGLoss';

/**
 * Every ordered pair (i, j), i ≠ j, of rows of one query, grouped by i (the row whose rank it
 * adds to): m(m − 1) pairs for a query of m documents, bounded as the pairwise losses are.
 */
function otherPairs(groups: Groups): Pairs {
  return queryPairs(groups, null, 'approx_ndcg');
}

/**
 * Per row: ln 2 · (2^rel − 1) / IDCG of its query (host, float64), IDCG over all positions of the
 * query with discount 1/log2(1 + rank); 0 for a query without a relevant document (TF-Ranking gives
 * such a list weight 0).
 */
function scaledGains(groups: Groups, rel: Float32Array): Float32Array {
  const w = new Float32Array(rel.length);
  for (let g = 0; g < groups.count; g++) {
    const a = groups.starts[g];
    const b = groups.starts[g + 1];
    const gains = Array.from(rel.subarray(a, b), (r) => gain(r)).sort((x, y) => y - x);
    let idcg = 0;
    for (let t = 0; t < gains.length; t++) idcg += gains[t] / Math.log2(2 + t);
    for (let i = a; i < b; i++) w[i] = idcg > 0 ? (Math.LN2 * gain(rel[i])) / idcg : 0;
  }
  return w;
}

/** ApproxNDCG (Qin et al. 2010) as TF-Ranking's ApproxNDCGLoss computes it, transcribed. */
export const approxNdcg: LossSpec = {
  id: 'approx_ndcg',
  family: 'ranking',
  title: 'ApproxNDCG (transcribed)',
  doc:
    'Transcribed from TF-Ranking\'s ApproxNDCGLoss (Qin, Liu and Li 2010, "A general approximation framework for ' +
    'direct optimization of information retrieval measures"): NDCG with each document\'s rank replaced by a smooth ' +
    'rank, 1 plus the sum of sigmoids of how far the other documents of its query score above it, so that NDCG ' +
    'itself can be differentiated and maximised. The loss of a query is −ApproxNDCG, between −1 (perfect) and 0. ' +
    'A smaller temperature makes the sigmoids steeper and the approximation closer to the true NDCG, with ' +
    'gradients concentrated on near-ties. Semantics read from the source, not run: TF-Ranking cannot be installed here.',
  formula:
    'r_i = 1 + Σ_{j ≠ i, same query} σ((s_j − s_i) / T);  l_q = −Σ_{i in q} (2^rel_i − 1) / log2(1 + r_i) / IDCG_q, ' +
    'IDCG_q = Σ_{k=1..m} (2^rel_(k) − 1) / log2(1 + k) over the relevance sorted descending;  l_q = 0 if IDCG_q = 0;  ' +
    'mean: Σ l_q / #queries',
  tex: String.raw`\begin{aligned} r_i &= 1 + \textstyle\sum_{j \ne i} \sigma\bigl((s_j - s_i) / T\bigr) \\ l_q &= -\frac{1}{\mathrm{IDCG}_q} \textstyle\sum_{i \in q} \frac{2^{\mathrm{rel}_i} - 1}{\log_2(1 + r_i)} \\ \mathrm{IDCG}_q &= \textstyle\sum_{k=1}^{m} \frac{2^{\mathrm{rel}_{(k)}} - 1}{\log_2(1 + k)} \\ \text{mean} &= \textstyle\sum_q l_q \,/\, \#\text{queries} \end{aligned}`,
  reference: `transcribed: TF-Ranking ApproxNDCGLoss (${SOURCE}); the PyTorch goldens run a torch implementation of these semantics`,
  convention:
    'Transcribed, not run. As TF-Ranking: ranks over all documents of the query (ties add ½ each, so equal scores are ' +
    'symmetric), gain 2^rel − 1 (TF-Ranking\'s rescaled gain cancels in the ratio), IDCG over the whole list (no cut-off), ' +
    'and a query without a relevant document has loss 0 but still counts in the mean (Keras\' default reduction ' +
    'SUM_OVER_BATCH_SIZE; its estimator default averages over lists of nonzero weight instead). Differs from TF-Ranking in ' +
    'the default temperature: 1 here, 0.1 there (Qin et al.\'s α = 1/T). One value per query, queries in ascending id. ' +
    RANKING_METRICS_NOTE,
  roles: [QUERY, SCORE, GAIN_RELEVANCE],
  frameworks: [
    {
      framework: 'tf-ranking',
      api: 'tfr.keras.losses.ApproxNDCGLoss',
      verified: 'transcribed',
      source: tfr('losses_impl.py', 'ApproxNDCGLoss / approx_ranks / ndcg (keras/losses.py ApproxNDCGLoss, reduction AUTO = SUM_OVER_BATCH_SIZE)'),
      build: (c) => ({
        call: `tfr.keras.losses.ApproxNDCGLoss(temperature=${lit(num(c.params, 'temperature'))})(relevance_lists, score_lists)  # [queries, longest list], padded with label -1`,
        reduction: 'SUM_OVER_BATCH_SIZE',
        relation: 'same',
        reason:
          'Loss Lab follows this class: the same approximate ranks, gain and IDCG, −ApproxNDCG per list, and the mean over all lists ' +
          '(a list without a relevant document weighs 0 but is counted). Pass the temperature: its default is 0.1, Loss Lab\'s 1.',
        switches: [],
      }),
    },
  ],
  params: [
    {
      name: 'temperature',
      kind: 'number',
      default: 1,
      min: 0,
      minExclusive: true,
      max: Infinity,
      ui: { min: 0.01, max: 5, step: 0.01 },
      sweep: true,
      doc: 'T in σ((s_j − s_i) / T): smaller is closer to the true rank (TF-Ranking\'s default is 0.1)',
    },
  ],
  reductions: ['mean', 'sum', 'none'],
  defaultReduction: 'mean',
  unit: 'query',
  batching: 'group',
  compute: (b, p) => {
    const groups = queryGroups(b.host.query!);
    const n = b.n;
    const pairs = otherPairs(groups);
    const z = tf.div(b.t.score!, num(p, 'temperature')) as tf.Tensor1D;
    // σ(z_j − z_i), summed over j into row i: pairs come grouped by i, so the row is the segment.
    const above = tf.sigmoid(gatherDifference(z, pairs.j, pairs.i)) as tf.Tensor1D;
    const byRow: Groups = { count: n, seg: pairs.i, starts: new Int32Array(0), ids: new Float32Array(0) };
    const rank = tf.add(segmentSum(above, byRow), 1);
    // (2^rel − 1) / (IDCG log2(1 + r)) = [ln 2 (2^rel − 1) / IDCG] / ln(1 + r).
    const terms = tf.div(tf.tensor1d(scaledGains(groups, b.host.relevance!)), tf.log1p(rank)) as tf.Tensor1D;
    return { values: tf.neg(segmentSum(terms, groups)) as tf.Tensor1D };
  },
  metrics: rankingLossMetrics,
  code: {
    className: 'ApproxNDCGLoss',
    pytorch: (c) => ({
      kind: 'perUnit',
      note:
        `${LONG_DATA_NOTE} ${LISTWISE_NOTE} Transcribed from TF-Ranking's ApproxNDCGLoss (not run): smooth ranks ` +
        '1 + sum_{j != i} sigmoid((s_j - s_i) / T), gain 2^rel - 1, IDCG over the whole query, 0 for a query without a relevant document.',
      body: [
        'n = score.shape[0]',
        'same = query[:, None] == query[None, :]',
        'others = same & ~torch.eye(n, dtype=torch.bool, device=score.device)',
        `z = score / ${c.v('temperature')}`,
        'rank = 1.0 + torch.where(others, torch.sigmoid(z[None, :] - z[:, None]), torch.zeros(())).sum(1)',
        'gain = 2.0**relevance - 1',
        'earlier = torch.arange(n, device=score.device)[None, :] < torch.arange(n, device=score.device)[:, None]',
        'ideal_rank = 1 + (same & ((relevance[None, :] > relevance[:, None]) | ((relevance[None, :] == relevance[:, None]) & earlier))).sum(1)',
        'ids, group = torch.unique(query, return_inverse=True)',
        'zeros = torch.zeros(len(ids), dtype=score.dtype, device=score.device)',
        'idcg = zeros.index_add(0, group, gain / torch.log2(1.0 + ideal_rank))',
        'dcg = zeros.index_add(0, group, gain / torch.log2(1.0 + rank))',
        'loss = -dcg / torch.where(idcg > 0, idcg, torch.ones_like(idcg))',
      ].join('\n'),
    }),
    keras: (c) => ({
      kind: 'perUnit',
      note:
        `${LONG_DATA_NOTE} ${LISTWISE_NOTE} Transcribed from TF-Ranking's ApproxNDCGLoss (tfr.keras.losses.ApproxNDCGLoss takes ` +
        'padded [batch, list] tensors and defaults to temperature 0.1).',
      body: [
        'n = ops.shape(score)[0]',
        'same = ops.equal(query[:, None], query[None, :])',
        'others = ops.logical_and(same, ops.logical_not(ops.cast(ops.eye(n), "bool")))',
        `z = score / ${c.v('temperature')}`,
        'rank = 1.0 + ops.sum(ops.where(others, ops.sigmoid(z[None, :] - z[:, None]), 0.0), axis=1)',
        'gain = ops.power(2.0, relevance) - 1.0',
        'earlier = ops.arange(n)[None, :] < ops.arange(n)[:, None]',
        'ideal_above = ops.logical_or(relevance[None, :] > relevance[:, None], ops.logical_and(ops.equal(relevance[None, :], relevance[:, None]), earlier))',
        'ideal_rank = 1.0 + ops.sum(ops.cast(ops.logical_and(same, ideal_above), score.dtype), axis=1)',
        'idcg = ops.sum(ops.where(same, (gain / ops.log2(1.0 + ideal_rank))[None, :], 0.0), axis=1)',
        'terms = -gain / ops.log2(1.0 + rank) / ops.where(idcg > 0, idcg, 1.0)',
        PY_QUERY_TOTAL.ops,
      ].join('\n'),
      mask: 'first',
      sortBy: 'query',
    }),
    jax: (c) => ({
      kind: 'perUnit',
      note: `${LONG_DATA_NOTE} ${LISTWISE_NOTE} Transcribed from TF-Ranking's ApproxNDCGLoss. The mean is a masked mean: jit-friendly.`,
      body: [
        'n = score.shape[0]',
        'same = query[:, None] == query[None, :]',
        'others = same & ~jnp.eye(n, dtype=bool)',
        `z = score / ${c.v('temperature')}`,
        'rank = 1.0 + jnp.sum(jnp.where(others, jax.nn.sigmoid(z[None, :] - z[:, None]), 0.0), axis=1)',
        'gain = 2.0**relevance - 1',
        'earlier = jnp.arange(n)[None, :] < jnp.arange(n)[:, None]',
        'ideal_rank = 1 + jnp.sum(same & ((relevance[None, :] > relevance[:, None]) | ((relevance[None, :] == relevance[:, None]) & earlier)), axis=1)',
        'idcg = jnp.sum(jnp.where(same, (gain / jnp.log2(1.0 + ideal_rank))[None, :], 0.0), axis=1)',
        'terms = -gain / jnp.log2(1.0 + rank) / jnp.where(idcg > 0, idcg, 1.0)',
        PY_QUERY_TOTAL.jnp,
      ].join('\n'),
      mask: 'first',
      sortBy: 'query',
    }),
    tfjs: (c) => ({
      kind: 'perUnit',
      note: `${LONG_DATA_NOTE} ${LISTWISE_NOTE} Transcribed from TF-Ranking's ApproxNDCGLoss; the IDCG is computed on the host (no gradient).`,
      body: [
        TFJS_QUERY_SEGMENTS,
        'const n = q.length;',
        'const rel = Array.from(relevance.dataSync());',
        'const gains = rel.map((r) => 2 ** r - 1);',
        'const idcg = ids.map((id) => gains.filter((_, i) => q[i] === id).sort((u, w) => w - u).reduce((s, g, t) => s + g / Math.log2(2 + t), 0));',
        'const scaled = tf.tensor1d(gains.map((g, i) => { const d = idcg[ids.indexOf(q[i])]; return d > 0 ? (Math.LN2 * g) / d : 0; }));',
        "const others = tf.logicalAnd(tf.equal(tf.expandDims(query, 1), tf.expandDims(query, 0)), tf.logicalNot(tf.cast(tf.eye(n), 'bool')));",
        `const z = tf.div(score, ${c.v('temperature')});`,
        'const above = tf.sigmoid(tf.sub(tf.expandDims(z, 0), tf.expandDims(z, 1)));',
        'const rank = tf.add(tf.sum(tf.where(others, above, tf.zerosLike(above)), 1), 1);',
        'const loss = tf.neg(tf.unsortedSegmentSum(tf.div(scaled, tf.log1p(rank)), segment, ids.length));',
      ].join('\n'),
    }),
  },
};
