import { tf } from '../../backend';
import { gatherDifference } from '../../gather';
import { RANKING_METRICS_NOTE, rankingLossMetrics } from '../../metrics/ranking';
import { num, type LossSpec, type NumberParam } from '../../spec';
import { queryGroups } from './groups';
import { rankingPairs } from './pairs';
import { RANKING_ROLES } from './roles';
import { LONG_DATA_NOTE, PAIRS_NOTE } from '../../templates/ranking-helpers';

export const SIGMA: NumberParam = {
  name: 'sigma',
  kind: 'number',
  default: 1.0,
  min: 0,
  max: Infinity,
  minExclusive: true,
  ui: { min: 0.1, max: 5, step: 0.1 },
  sweep: true,
  doc: 'steepness σ of the pairwise logistic: P(i ranks above j) = 1 / (1 + exp(−σ (s_i − s_j)))',
};

/** RankNet (Burges et al., 2005): logistic loss on every ordered pair of a query. */
export const ranknet: LossSpec = {
  id: 'ranknet',
  family: 'ranking',
  title: 'RankNet (pairwise logistic)',
  doc:
    'For every pair of documents of the same query where i is more relevant than j, the cross-entropy ' +
    'between "i above j" and the modelled probability σ(σ·(s_i − s_j)), i.e. log(1 + exp(−σ (s_i − s_j))). ' +
    'Pairs of equal relevance carry no preference and are skipped. Pushes every misordered pair equally, ' +
    'wherever it sits in the list; LambdaRank reweights the pairs by their effect on NDCG.',
  formula: 'l_ij = log(1 + exp(−σ (s_i − s_j))) for rel_i > rel_j, same query;  mean: Σ l_ij / #pairs',
  tex: String.raw`\begin{aligned} l_{ij} &= \log(1 + e^{-\sigma (s_i - s_j)}) \\ &\quad \text{for } \mathrm{rel}_i > \mathrm{rel}_j \text{ in one query} \\ \text{mean} &= \textstyle\sum l_{ij} \,/\, \#\text{pairs} \end{aligned}`,
  reference: 'plain PyTorch from the definition (softplus(−σ (s_i − s_j)) over all pairs), Burges et al. 2005',
  convention:
    'One value per pair, pairs ordered by query id, then input row of the more relevant document i, then of j. ' +
    'mean divides by the number of pairs of all queries (not a mean of per-query means). With no pair at all, ' +
    'mean is NaN (a mean over nothing) and sum is 0. ' + RANKING_METRICS_NOTE,
  roles: RANKING_ROLES,
  params: [SIGMA],
  reductions: ['mean', 'sum', 'none'],
  defaultReduction: 'mean',
  unit: 'pair',
  batching: 'group',
  compute: (b, p) => {
    const groups = queryGroups(b.host.query!);
    const pairs = rankingPairs(groups, b.host.relevance!, 'ranknet');
    const s = b.t.score! as tf.Tensor1D;
    const diff = gatherDifference(s, pairs.i, pairs.j);
    // tf.softplus is one kernel with a threshold form (x for x > 13.9, e^x below −13.9), finite at
    // |x| = 1e4 on wasm and cpu (tested); stable.softplus's six ops cost 2x here at 10^7 pairs.
    return { values: tf.softplus(tf.mul(diff, -num(p, 'sigma'))) as tf.Tensor1D };
  },
  metrics: rankingLossMetrics,
  code: {
    className: 'RankNetLoss',
    pytorch: (c) => ({
      kind: 'perUnit',
      note: `${LONG_DATA_NOTE} ${PAIRS_NOTE} Per-pair values (reduction none) come in row order of (i, j).`,
      body: [
        'pairs = (query[:, None] == query[None, :]) & (relevance[:, None] > relevance[None, :])',
        `loss = F.softplus(-${c.v('sigma')} * (score[:, None] - score[None, :]))[pairs]`,
      ].join('\n'),
    }),
    keras: (c) => ({
      kind: 'perUnit',
      note: `${LONG_DATA_NOTE} ${PAIRS_NOTE}`,
      body: [
        'pairs = ops.logical_and(ops.equal(query[:, None], query[None, :]), relevance[:, None] > relevance[None, :])',
        `loss = ops.softplus(-${c.v('sigma')} * (score[:, None] - score[None, :]))`,
      ].join('\n'),
      mask: 'pairs',
    }),
    jax: (c) => ({
      kind: 'perUnit',
      note: `${LONG_DATA_NOTE} ${PAIRS_NOTE} The mean is a masked mean over all (i, j): jit-friendly.`,
      body: [
        'pairs = (query[:, None] == query[None, :]) & (relevance[:, None] > relevance[None, :])',
        `loss = jax.nn.softplus(-${c.v('sigma')} * (score[:, None] - score[None, :]))`,
      ].join('\n'),
      mask: 'pairs',
    }),
    tfjs: (c) => ({
      kind: 'perUnit',
      note: `${LONG_DATA_NOTE} ${PAIRS_NOTE} Pairs are formed on the host from query and relevance (no gradient flows through them).`,
      body: [
        'const q = query.dataSync();',
        'const rel = relevance.dataSync();',
        `const I${c.ts(': number[]')} = [];`,
        `const J${c.ts(': number[]')} = [];`,
        'for (let i = 0; i < q.length; i++) {',
        '  for (let j = 0; j < q.length; j++) {',
        '    if (q[i] === q[j] && rel[i] > rel[j]) {',
        '      I.push(i);',
        '      J.push(j);',
        '    }',
        '  }',
        '}',
        "const diff = tf.sub(tf.gather(score, tf.tensor1d(I, 'int32')), tf.gather(score, tf.tensor1d(J, 'int32')));",
        `const loss = tf.softplus(tf.mul(diff, -${c.v('sigma')}));`,
      ].join('\n'),
    }),
  },
};
