import { tf } from '../../backend';
import { gatherDifference } from '../../gather';
import { discount, gain, idealDcg, RANKING_METRICS_NOTE, rankingLossMetrics, ranksByScore } from '../../metrics/ranking';
import { num, optNum, type IntegerParam, type LossSpec } from '../../spec';
import { queryGroups, type Groups } from './groups';
import { rankingPairs, type Pairs } from './pairs';
import { SIGMA } from './ranknet';
import { RANKING_ROLES } from './roles';

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
  reference: 'plain PyTorch from the definition (ΔNDCG weights computed without gradient), Burges et al. 2006',
  convention:
    'Ranks r come from sorting the query by score descending, equal scores in input row order (the earlier row ' +
    'ranks higher). Pairs as in RankNet (query id, then row of i, then row of j); pairs whose documents both ' +
    'rank beyond k have weight 0 but still count in the mean\'s denominator, so k changes weights, not the count. ' +
    'No gradient flows through the weights. ' + RANKING_METRICS_NOTE,
  roles: RANKING_ROLES,
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
};
