import { tf } from '../../backend';
import { gatherDifference } from '../../gather';
import { RANKING_METRICS_NOTE, rankingLossMetrics } from '../../metrics/ranking';
import { num, type LossSpec } from '../../spec';
import { queryGroups } from './groups';
import { rankingPairs } from './pairs';
import { RANKING_ROLES } from './roles';
import { LONG_DATA_NOTE, PAIRS_NOTE, tfjsPairDiff } from '../../templates/ranking-helpers';
import { lit, SAME } from '../../frameworks';
import { torch as torchSrc } from '../../framework-sources';

/** The hinge's gradient at its kink, stated where users read it (the tie sweep checks the words). */
const KINK = 'At s_i − s_j = margin exactly the gradient passes (torch.clamp_min): −1 for s_i, +1 for s_j';

/** Pairwise hinge over the ranking pairs, `torch.nn.MarginRankingLoss(margin)(s_i, s_j, 1)`. */
export const marginRanking: LossSpec = {
  id: 'margin_ranking',
  family: 'ranking',
  title: 'Margin ranking (pairwise hinge)',
  doc:
    'For every pair of documents of the same query where i is more relevant than j, the hinge ' +
    'max(0, margin − (s_i − s_j)): zero once i scores at least margin above j, linear below. RankNet\'s pairs ' +
    'with a hinge in place of the logistic: pairs ordered with enough margin stop contributing, and every ' +
    'violating pair pulls with the same force (gradient ±1). With margin 0 (the default) a pair of equal scores ' +
    'sits exactly on the kink. ' + KINK + '.',
  formula: 'l_ij = max(0, margin − (s_i − s_j)) for rel_i > rel_j, same query;  mean: Σ l_ij / #pairs',
  tex: String.raw`\begin{aligned} l_{ij} &= \max(0,\ \text{margin} - (s_i - s_j)) \\ &\quad \text{for } \mathrm{rel}_i > \mathrm{rel}_j \text{ in one query} \\ \text{mean} &= \textstyle\sum l_{ij} \,/\, \#\text{pairs} \end{aligned}`,
  reference: 'torch.nn.MarginRankingLoss(margin)(s_i, s_j, y = 1) over the pairs of RankNet',
  convention:
    'Pairs as in RankNet: one value per pair, ordered by query id, then input row of the more relevant document i, ' +
    'then of j; tied pairs are skipped. mean divides by the number of pairs of all queries; with no pair at all ' +
    'mean is NaN and sum is 0. ' + KINK + ', as PyTorch\'s clamp_min backward does. ' + RANKING_METRICS_NOTE,
  roles: RANKING_ROLES,
  params: [
    {
      name: 'margin',
      kind: 'number',
      default: 0,
      min: -Infinity,
      max: Infinity,
      ui: { min: 0, max: 5, step: 0.05 },
      sweep: true,
      doc: 'how far s_i must exceed s_j before the pair costs nothing',
    },
  ],
  reductions: ['mean', 'sum', 'none'],
  defaultReduction: 'mean',
  unit: 'pair',
  batching: 'group',
  compute: (b, p) => {
    const groups = queryGroups(b.host.query!);
    const pairs = rankingPairs(groups, b.host.relevance!, 'margin_ranking');
    const diff = gatherDifference(b.t.score! as tf.Tensor1D, pairs.i, pairs.j);
    const u = tf.sub(num(p, 'margin'), diff);
    // clamp_min(u, 0) with PyTorch's gradient at u = 0 (passes): greaterEqual is the comparison tfjs
    // differentiates (to zero), and it keeps the u = 0 branch.
    return { values: tf.where(tf.greaterEqual(u, 0), u, tf.zerosLike(u)) as tf.Tensor1D };
  },
  metrics: rankingLossMetrics,
  frameworks: [
    {
      framework: 'pytorch',
      api: 'torch.nn.MarginRankingLoss',
      verified: 'executed',
      source: torchSrc('MarginRankingLoss'),
      build: (c) => ({
        // The pairs as Loss Lab forms them (same query, rel_i > rel_j), then the built-in with y = 1.
        call:
          `(lambda i, j: nn.MarginRankingLoss(margin=${lit(num(c.params, 'margin'))})(score[i], score[j], torch.ones(i.shape[0])))` +
          '(*((query[:, None] == query[None, :]) & (relevance[:, None] > relevance[None, :])).nonzero(as_tuple=True))',
        reduction: 'mean',
        ...SAME('The hinge of every pair (i more relevant than j, same query) with y = 1, mean over the pairs, as Loss Lab; only the order of the pairs differs, which mean and sum do not see.'),
      }),
    },
  ],
  code: {
    className: 'MarginRankingPairsLoss',
    pytorch: (c) => ({
      kind: 'perUnit',
      note: `${LONG_DATA_NOTE} ${PAIRS_NOTE} Per-pair values (reduction none) come in row order of (i, j).`,
      body: [
        'i, j = ((query[:, None] == query[None, :]) & (relevance[:, None] > relevance[None, :])).nonzero(as_tuple=True)',
        `loss = F.margin_ranking_loss(score[i], score[j], torch.ones_like(score[i]), margin=${c.v('margin')}, reduction="none")`,
      ].join('\n'),
    }),
    keras: (c) => ({
      kind: 'perUnit',
      note: `${LONG_DATA_NOTE} ${PAIRS_NOTE}`,
      body: [
        'pairs = ops.logical_and(ops.equal(query[:, None], query[None, :]), relevance[:, None] > relevance[None, :])',
        `u = ${c.v('margin')} - (score[:, None] - score[None, :])`,
        'loss = ops.where(u >= 0, u, 0.0)',
      ].join('\n'),
      mask: 'pairs',
    }),
    jax: (c) => ({
      kind: 'perUnit',
      note: `${LONG_DATA_NOTE} ${PAIRS_NOTE} The mean is a masked mean over all (i, j): jit-friendly. where(u >= 0, u, 0) passes the gradient at u = 0 as PyTorch (jnp.maximum would halve it).`,
      body: [
        'pairs = (query[:, None] == query[None, :]) & (relevance[:, None] > relevance[None, :])',
        `u = ${c.v('margin')} - (score[:, None] - score[None, :])`,
        'loss = jnp.where(u >= 0, u, 0.0)',
      ].join('\n'),
      mask: 'pairs',
    }),
    tfjs: (c) => ({
      kind: 'perUnit',
      note:
        `${LONG_DATA_NOTE} ${PAIRS_NOTE} Pairs are formed on the host from query and relevance. max(0, u) is ` +
        'where(u >= 0, u, 0): at u = 0 the gradient passes, as PyTorch\'s clamp_min (tf.relu gives 0 there).',
      body: [
        tfjsPairDiff((a) => c.ts(a)),
        `const u = tf.sub(${c.v('margin')}, diff);`,
        'const loss = tf.where(tf.greaterEqual(u, 0), u, tf.zerosLike(u));',
      ].join('\n'),
    }),
  },
};
