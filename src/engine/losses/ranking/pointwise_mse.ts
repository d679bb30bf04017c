import { tf } from '../../backend';
import { RANKING_METRICS_NOTE, rankingLossMetrics } from '../../metrics/ranking';
import type { LossSpec } from '../../spec';
import { RANKING_ROLES } from './roles';
import { LONG_DATA_NOTE } from '../../templates/ranking-helpers';

/** Pointwise ranking: regress each document's score on its relevance grade. */
export const pointwiseMse: LossSpec = {
  id: 'pointwise_mse',
  family: 'ranking',
  title: 'Pointwise MSE (score vs relevance)',
  doc:
    'Treats ranking as regression: each document\'s score is pulled towards its relevance grade, ' +
    'ignoring the other documents of its query. The simplest baseline; it spends capacity on getting ' +
    'absolute scores right although only their order within a query matters. The query column is ' +
    'used only for the NDCG and MRR reported beside the loss.',
  formula: 'l_i = (s_i − rel_i)²;  mean: Σ l_i / N over all rows',
  tex: String.raw`\begin{aligned} l_i &= (s_i - \mathrm{rel}_i)^2 \\ \text{mean} &= \tfrac{1}{N} \textstyle\sum_i l_i \text{ over all rows} \end{aligned}`,
  reference: 'torch.nn.MSELoss(score, relevance)',
  convention: 'One value per row, in input order; mean divides by the number of rows (not of queries). ' + RANKING_METRICS_NOTE,
  roles: RANKING_ROLES,
  params: [],
  reductions: ['mean', 'sum', 'none'],
  defaultReduction: 'mean',
  unit: 'row',
  // A row loss needs no whole queries, so rows are not regrouped.
  batching: 'rows',
  compute: (b) => ({ values: tf.squaredDifference(b.t.score!, b.t.relevance!) as tf.Tensor1D }),
  metrics: rankingLossMetrics,
  code: {
    className: 'PointwiseMSELoss',
    pytorch: () => ({ kind: 'perUnit', note: `${LONG_DATA_NOTE} The query column is not used by the loss.`, body: 'loss = (score - relevance) ** 2' }),
    keras: () => ({ kind: 'perUnit', note: `${LONG_DATA_NOTE} The query column is not used by the loss.`, body: 'loss = ops.square(score - relevance)' }),
    jax: () => ({ kind: 'perUnit', note: `${LONG_DATA_NOTE} The query column is not used by the loss.`, body: 'loss = optax.squared_error(score, relevance)' }),
    tfjs: () => ({
      kind: 'tfjsLoss',
      note: `${LONG_DATA_NOTE} The query column is not used by the loss.`,
      call: (w, r) => `tf.losses.meanSquaredError(relevance, score, ${w}, ${r})`,
    }),
  },
};
