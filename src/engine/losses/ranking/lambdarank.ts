import { tf } from '../../backend';
import { gatherDifference } from '../../gather';
import { discount, gain, idealDcg, RANKING_METRICS_NOTE, rankingLossMetrics, ranksByScore } from '../../metrics/ranking';
import { num, optNum, type IntegerParam, type LossSpec } from '../../spec';
import { queryGroups, type Groups } from './groups';
import { rankingPairs, type Pairs } from './pairs';
import { SIGMA } from './ranknet';
import { GAIN_RELEVANCE, QUERY, SCORE } from './roles';
import { LONG_DATA_NOTE } from '../../templates/ranking-helpers';

const K: IntegerParam = {
  name: 'k',
  kind: 'integer',
  default: null,
  min: 1,
  max: 1_000_000,
  nullable: true,
  doc: 'NDCG cut-off: only the top k ranks have a discount (none = the full list); also the k of the NDCG reported',
};

/**
 * |ΔNDCG@k| of swapping i and j in the ranking by the current scores, per pair. Host float64;
 * a constant for autodiff (LambdaRank does not differentiate through the sort).
 */
export function lambdaWeights(groups: Groups, pairs: Pairs, score: Float32Array, rel: Float32Array, k: number | null): Float32Array {
  // Per row: gain, discount at its current rank, and 1 / IDCG@k of its query.
  const g = new Float64Array(score.length);
  const d = new Float64Array(score.length);
  const invIdcg = new Float64Array(score.length);
  for (let q = 0; q < groups.count; q++) {
    const a = groups.starts[q];
    const idx = Array.from({ length: groups.starts[q + 1] - a }, (_, t) => a + t);
    const rank = ranksByScore(score, idx);
    const ideal = idealDcg(rel, idx, k);
    for (let t = 0; t < idx.length; t++) {
      g[a + t] = gain(rel[a + t]);
      d[a + t] = discount(rank[t], k);
      // A query with a pair has a document with rel > 0, so its IDCG@k (k >= 1) is positive.
      invIdcg[a + t] = ideal > 0 ? 1 / ideal : 0;
    }
  }
  const w = new Float32Array(pairs.i.length);
  for (let t = 0; t < w.length; t++) {
    const i = pairs.i[t];
    const j = pairs.j[t];
    w[t] = Math.abs((g[i] - g[j]) * (d[i] - d[j])) * invIdcg[i];
  }
  return w;
}

/** LambdaRank (Burges et al., 2006) as the ΔNDCG-weighted RankNet loss. */
/** The comment every generated snippet carries (one text for all frameworks). */
const CODE_NOTE =
  `${LONG_DATA_NOTE} RankNet pair losses weighted by |ΔNDCG@k| of swapping i and j in the ranking by current scores ` +
  '(gain 2^rel - 1, discount 1 / log2(1 + rank), 0 beyond k; equal scores rank by row). No gradient flows through the weights.';

export const lambdarank: LossSpec = {
  id: 'lambdarank',
  family: 'ranking',
  title: 'LambdaRank (ΔNDCG-weighted RankNet)',
  doc:
    'RankNet\'s pair losses, each weighted by how much NDCG@k would change if the two documents swapped ' +
    'places in the current ranking by score. Pairs near the top of the list, where NDCG is decided, get ' +
    'large weights; pairs that are both beyond k get weight 0. The weights are recomputed from the scores ' +
    'at every evaluation but are constants for the gradient, so the gradient is the classic lambda: ' +
    '−σ |ΔNDCG| / (1 + exp(σ (s_i − s_j))).',
  formula:
    'l_ij = |ΔNDCG@k_ij| · log(1 + exp(−σ (s_i − s_j))) for rel_i > rel_j;  ' +
    '|ΔNDCG@k_ij| = |(2^rel_i − 2^rel_j)(D(r_i) − D(r_j))| / IDCG@k, D(r) = 1/log2(1 + r) for r ≤ k else 0;  ' +
    'mean: Σ l_ij / #pairs',
  tex: String.raw`\begin{aligned} l_{ij} &= \Delta_{ij} \log(1 + e^{-\sigma (s_i - s_j)}) \\ &\quad \text{for } \mathrm{rel}_i > \mathrm{rel}_j \\ \Delta_{ij} &= \lvert \Delta \mathrm{NDCG@}k_{ij} \rvert \\ &= \frac{\lvert (2^{\mathrm{rel}_i} - 2^{\mathrm{rel}_j}) (D_i - D_j) \rvert}{\mathrm{IDCG@}k} \\ D_i &= 1 / \log_2(1 + r_i) \\ &\quad \text{if rank } r_i \le k \text{, else } 0 \\ \text{mean} &= \textstyle\sum l_{ij} \,/\, \#\text{pairs} \end{aligned}`,
  reference: 'plain PyTorch from the definition (ΔNDCG weights computed without gradient), Burges et al. 2006',
  convention:
    'Ranks r come from sorting the query by score descending, equal scores in input row order (the earlier row ' +
    'ranks higher). Pairs as in RankNet (query id, then row of i, then row of j); pairs whose documents both ' +
    'rank beyond k have weight 0 but still count in the mean\'s denominator, so k changes weights, not the count. ' +
    'No gradient flows through the weights. At equal scores the loss is not differentiable (the weights jump when the ' +
    'order flips); its gradient there is the lambda of the row-order ranking, as the PyTorch reference computes it. ' +
    RANKING_METRICS_NOTE,
  roles: [QUERY, SCORE, GAIN_RELEVANCE],
  params: [SIGMA, K],
  reductions: ['mean', 'sum', 'none'],
  defaultReduction: 'mean',
  unit: 'pair',
  batching: 'group',
  compute: (b, p) => {
    const groups = queryGroups(b.host.query!);
    const pairs = rankingPairs(groups, b.host.relevance!, 'lambdarank');
    const w = lambdaWeights(groups, pairs, b.host.score!, b.host.relevance!, optNum(p, 'k'));
    const s = b.t.score! as tf.Tensor1D;
    const diff = gatherDifference(s, pairs.i, pairs.j);
    const pairLoss = tf.softplus(tf.mul(diff, -num(p, 'sigma')));
    return { values: tf.mul(tf.tensor1d(w), pairLoss) as tf.Tensor1D };
  },
  metrics: rankingLossMetrics,
  code: {
    className: 'LambdaRankLoss',
    pytorch: (c) => ({
      kind: 'perUnit',
      note: CODE_NOTE,
      body: [
        'n = score.shape[0]',
        'same = query[:, None] == query[None, :]',
        'pairs = same & (relevance[:, None] > relevance[None, :])',
        'with torch.no_grad():',
        '    s = score.detach()',
        '    earlier = torch.arange(n, device=score.device)[None, :] < torch.arange(n, device=score.device)[:, None]',
        '    rank = 1 + (same & ((s[None, :] > s[:, None]) | ((s[None, :] == s[:, None]) & earlier))).sum(1)',
        '    ideal_rank = 1 + (same & ((relevance[None, :] > relevance[:, None]) | ((relevance[None, :] == relevance[:, None]) & earlier))).sum(1)',
        `    cutoff = float("inf") if ${c.v('k')} is None else ${c.v('k')}`,
        '    disc = torch.where(rank <= cutoff, 1.0 / torch.log2(1.0 + rank), torch.zeros(()))',
        '    ideal_disc = torch.where(ideal_rank <= cutoff, 1.0 / torch.log2(1.0 + ideal_rank), torch.zeros(()))',
        '    gain = 2.0**relevance - 1',
        '    idcg = (same * (gain * ideal_disc)[None, :]).sum(1)',
        '    weight = ((gain[:, None] - gain[None, :]) * (disc[:, None] - disc[None, :])).abs() / idcg[:, None]',
        `loss = weight[pairs] * F.softplus(-${c.v('sigma')} * (score[:, None] - score[None, :]))[pairs]`,
      ].join('\n'),
    }),
    keras: (c) => ({
      kind: 'perUnit',
      note: CODE_NOTE,
      body: [
        'n = ops.shape(score)[0]',
        'same = ops.equal(query[:, None], query[None, :])',
        'pairs = ops.logical_and(same, relevance[:, None] > relevance[None, :])',
        's = ops.stop_gradient(score)',
        'earlier = ops.arange(n)[None, :] < ops.arange(n)[:, None]',
        'above = ops.logical_or(s[None, :] > s[:, None], ops.logical_and(ops.equal(s[None, :], s[:, None]), earlier))',
        'ideal_above = ops.logical_or(relevance[None, :] > relevance[:, None], ops.logical_and(ops.equal(relevance[None, :], relevance[:, None]), earlier))',
        'rank = 1.0 + ops.sum(ops.cast(ops.logical_and(same, above), score.dtype), axis=1)',
        'ideal_rank = 1.0 + ops.sum(ops.cast(ops.logical_and(same, ideal_above), score.dtype), axis=1)',
        `cutoff = float("inf") if ${c.v('k')} is None else ${c.v('k')}`,
        'disc = ops.where(rank <= cutoff, 1.0 / ops.log2(1.0 + rank), 0.0)',
        'ideal_disc = ops.where(ideal_rank <= cutoff, 1.0 / ops.log2(1.0 + ideal_rank), 0.0)',
        'gain = ops.power(2.0, relevance) - 1.0',
        'idcg = ops.sum(ops.where(same, (gain * ideal_disc)[None, :], 0.0), axis=1)',
        'weight = ops.abs((gain[:, None] - gain[None, :]) * (disc[:, None] - disc[None, :])) / idcg[:, None]',
        `loss = ops.where(pairs, weight, 0.0) * ops.softplus(-${c.v('sigma')} * (score[:, None] - score[None, :]))`,
      ].join('\n'),
      mask: 'pairs',
    }),
    jax: (c) => ({
      kind: 'perUnit',
      note: CODE_NOTE,
      body: [
        'n = score.shape[0]',
        'same = query[:, None] == query[None, :]',
        'pairs = same & (relevance[:, None] > relevance[None, :])',
        's = jax.lax.stop_gradient(score)',
        'earlier = jnp.arange(n)[None, :] < jnp.arange(n)[:, None]',
        'rank = 1 + jnp.sum(same & ((s[None, :] > s[:, None]) | ((s[None, :] == s[:, None]) & earlier)), axis=1)',
        'ideal_rank = 1 + jnp.sum(same & ((relevance[None, :] > relevance[:, None]) | ((relevance[None, :] == relevance[:, None]) & earlier)), axis=1)',
        `cutoff = jnp.inf if ${c.v('k')} is None else ${c.v('k')}`,
        'disc = jnp.where(rank <= cutoff, 1.0 / jnp.log2(1.0 + rank), 0.0)',
        'ideal_disc = jnp.where(ideal_rank <= cutoff, 1.0 / jnp.log2(1.0 + ideal_rank), 0.0)',
        'gain = 2.0**relevance - 1',
        'idcg = jnp.sum(jnp.where(same, (gain * ideal_disc)[None, :], 0.0), axis=1)',
        'weight = jnp.abs((gain[:, None] - gain[None, :]) * (disc[:, None] - disc[None, :])) / idcg[:, None]',
        `loss = jnp.where(pairs, weight, 0.0) * jax.nn.softplus(-${c.v('sigma')} * (score[:, None] - score[None, :]))`,
      ].join('\n'),
      mask: 'pairs',
    }),
    tfjs: (c) => ({
      kind: 'perUnit',
      note:
        `${LONG_DATA_NOTE} RankNet pair losses weighted by |ΔNDCG@k| of swapping i and j in the ranking by current scores ` +
        '(gain 2^rel - 1, discount 1 / log2(1 + rank), 0 beyond k; equal scores rank by row), computed on the host: ' +
        'no gradient flows through the weights.',
      body: [
        'const q = query.dataSync();',
        'const rel = relevance.dataSync();',
        'const s = score.dataSync();',
        'const n = q.length;',
        `const gain = (r${c.ts(': number')}) => 2 ** r - 1;`,
        `const disc = (rank${c.ts(': number')}) => (${c.v('k')} !== null && rank > ${c.v('k')} ? 0 : 1 / Math.log2(1 + rank));`,
        'const rank = new Float64Array(n);',
        'const idcg = new Float64Array(n);',
        'for (let i = 0; i < n; i++) {',
        '  let above = 0;',
        '  const gains = [];',
        '  for (let j = 0; j < n; j++) {',
        '    if (q[j] !== q[i]) continue;',
        '    if (s[j] > s[i] || (s[j] === s[i] && j < i)) above++;',
        '    gains.push(gain(rel[j]));',
        '  }',
        '  rank[i] = 1 + above;',
        '  gains.sort((u, w) => w - u);',
        '  idcg[i] = gains.reduce((sum, g, t) => sum + g * disc(t + 1), 0);',
        '}',
        `const I${c.ts(': number[]')} = [];`,
        `const J${c.ts(': number[]')} = [];`,
        `const W${c.ts(': number[]')} = [];`,
        'for (let i = 0; i < n; i++) {',
        '  for (let j = 0; j < n; j++) {',
        '    if (q[i] !== q[j] || !(rel[i] > rel[j])) continue;',
        '    I.push(i);',
        '    J.push(j);',
        '    W.push(Math.abs((gain(rel[i]) - gain(rel[j])) * (disc(rank[i]) - disc(rank[j]))) / idcg[i]);',
        '  }',
        '}',
        "const diff = tf.sub(tf.gather(score, tf.tensor1d(I, 'int32')), tf.gather(score, tf.tensor1d(J, 'int32')));",
        `const loss = tf.mul(tf.tensor1d(W), tf.softplus(tf.mul(diff, -${c.v('sigma')})));`,
      ].join('\n'),
    }),
  },
};
