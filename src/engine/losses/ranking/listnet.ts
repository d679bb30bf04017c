import { tf } from '../../backend';
import { gatherRows } from '../../gather';
import { RANKING_METRICS_NOTE, rankingLossMetrics } from '../../metrics/ranking';
import type { LossSpec } from '../../spec';
import { queryGroups, type Groups } from './groups';
import { segmentSum } from './segments';
import { RANKING_ROLES } from './roles';

/** Per-row softmax of the relevance within its query, and per-row query max of the scores (host, float64). */
function targetsAndMax(groups: Groups, rel: Float32Array, score: Float32Array): { p: Float32Array; m: Float32Array } {
  const p = new Float32Array(rel.length);
  const m = new Float32Array(rel.length);
  for (let g = 0; g < groups.count; g++) {
    const a = groups.starts[g];
    const b = groups.starts[g + 1];
    let rmax = -Infinity;
    let smax = -Infinity;
    for (let i = a; i < b; i++) {
      rmax = Math.max(rmax, rel[i]);
      smax = Math.max(smax, score[i]);
    }
    let z = 0;
    for (let i = a; i < b; i++) z += Math.exp(rel[i] - rmax);
    for (let i = a; i < b; i++) {
      p[i] = Math.exp(rel[i] - rmax) / z;
      m[i] = smax;
    }
  }
  return { p, m };
}

/** ListNet (Cao et al., 2007), top-one probability version. */
export const listnet: LossSpec = {
  id: 'listnet',
  family: 'ranking',
  title: 'ListNet (top-one cross-entropy)',
  doc:
    'Per query, the cross-entropy between the "top-one" distribution of the relevance grades, softmax(rel), ' +
    'and that of the scores, softmax(s). Listwise and linear in the number of documents; with one-hot targets ' +
    'it is softmax cross-entropy over the documents of a query. A query with one document has loss 0.',
  formula: 'l_q = −Σ_{i in q} softmax(rel)_i · log softmax(s)_i;  mean: Σ l_q / #queries',
  reference: 'plain PyTorch from the definition: −(softmax(rel) * log_softmax(s)).sum() per query',
  convention:
    'One value per query, queries in ascending id. mean divides by the number of queries. log softmax is ' +
    'computed as (s − max) − log Σ exp(s − max) per query, so scores of magnitude 1e4 stay finite. ' + RANKING_METRICS_NOTE,
  roles: RANKING_ROLES,
  params: [],
  reductions: ['mean', 'sum', 'none'],
  defaultReduction: 'mean',
  unit: 'query',
  batching: 'group',
  compute: (b) => {
    const groups = queryGroups(b.host.query!);
    const { p, m } = targetsAndMax(groups, b.host.relevance!, b.host.score!);
    // The max is a constant here: the gradient through it cancels exactly (tfjs has no stop-gradient).
    const shifted = tf.sub(b.t.score!, tf.tensor1d(m)) as tf.Tensor1D;
    const logZ = tf.log(segmentSum(tf.exp(shifted), groups)) as tf.Tensor1D;
    const logSoftmax = tf.sub(shifted, gatherRows(logZ, groups.seg)) as tf.Tensor1D;
    return { values: tf.neg(segmentSum(tf.mul(tf.tensor1d(p), logSoftmax) as tf.Tensor1D, groups)) as tf.Tensor1D };
  },
  metrics: rankingLossMetrics,
};
