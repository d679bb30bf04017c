import { tf } from '../../backend';
import { gatherDifference } from '../../gather';
import { RANKING_METRICS_NOTE, rankingLossMetrics } from '../../metrics/ranking';
import { num, type LossSpec, type NumberParam } from '../../spec';
import { queryGroups } from './groups';
import { rankingPairs } from './pairs';
import { RANKING_ROLES } from './roles';
import { LONG_DATA_NOTE, PAIRS_NOTE, tfjsPairDiff } from '../../templates/ranking-helpers';
import { lit, type FrameworkRow } from '../../frameworks';
import { ALLRANK_RANKNET, tfr } from '../../framework-sources';

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

/** Queries × the longest list: the padded [B, L] size tfr.keras divides by. */
function paddedItems(query: Float32Array | undefined): number {
  if (!query) return 0;
  const sizes = new Map<number, number>();
  for (const q of query) sizes.set(q, (sizes.get(q) ?? 0) + 1);
  return sizes.size * Math.max(0, ...sizes.values());
}

const LISTS_NOTE = 'relevance_lists / score_lists: [queries, longest list], padded with label -1';

/** What the ranking libraries give for Loss Lab's RankNet settings (issue #15). */
const RANKNET_FRAMEWORKS: readonly FrameworkRow[] = [
  {
    framework: 'tf-ranking',
    api: 'tfr.keras.losses.PairwiseLogisticLoss',
    verified: 'transcribed',
    source: tfr('losses_impl.py', 'PairwiseLogisticLoss (keras/losses.py, reduction AUTO = SUM_OVER_BATCH_SIZE)'),
    build: (c) => {
      const items = paddedItems(c.inputs.query?.data);
      return {
        call: `tfr.keras.losses.PairwiseLogisticLoss(temperature=${lit(1 / num(c.params, 'sigma'))})(relevance_lists, score_lists)  # ${LISTS_NOTE}`,
        reduction: 'SUM_OVER_BATCH_SIZE',
        relation: 'different',
        reason: `The same pairs and logistic loss (temperature = 1 / sigma), but the sum is divided by queries × longest list${items ? ` (${items} padded items here)` : ''}, not by the number of pairs.`,
        switches: [{ kind: 'denominator', by: 'count', count: items }],
      };
    },
  },
  {
    framework: 'tf-ranking',
    api: 'tfr.losses.make_loss_fn(PAIRWISE_LOGISTIC_LOSS)',
    verified: 'transcribed',
    source: tfr('losses.py', 'make_loss_fn / _pairwise_logistic_loss (reduction SUM_BY_NONZERO_WEIGHTS)'),
    build: (c) => ({
      call: `tfr.losses.make_loss_fn(tfr.losses.RankingLossKey.PAIRWISE_LOGISTIC_LOSS)(relevance_lists, ${lit(num(c.params, 'sigma'))} * score_lists, None)  # ${LISTS_NOTE}`,
      reduction: 'SUM_BY_NONZERO_WEIGHTS',
      relation: 'same',
      reason: 'The estimator loss divides by the number of valid preference pairs of the whole batch, as Loss Lab.',
      switches: [],
    }),
  },
  {
    framework: 'allrank',
    api: 'allrank.models.losses.rankNet',
    verified: 'transcribed',
    source: ALLRANK_RANKNET,
    build: (c) => ({
      call: `rankNet(${lit(num(c.params, 'sigma'))} * score_lists, relevance_lists)  # ${LISTS_NOTE}`,
      reduction: 'mean over pairs',
      relation: 'same',
      reason: 'BCEWithLogits on s_i − s_j over every pair with rel_i > rel_j, averaged over the pairs of the whole batch, as Loss Lab (no sigma: scale the scores).',
      switches: [],
    }),
  },
];

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
  frameworks: RANKNET_FRAMEWORKS,
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
        tfjsPairDiff((a) => c.ts(a)),
        `const loss = tf.softplus(tf.mul(diff, -${c.v('sigma')}));`,
      ].join('\n'),
    }),
  },
};
