import { tf } from '../../backend';
import { gatherRows } from '../../gather';
import { RANKING_METRICS_NOTE, rankingLossMetrics } from '../../metrics/ranking';
import type { LossSpec } from '../../spec';
import { queryGroups, type Groups } from './groups';
import { segmentSum } from './segments';
import { RANKING_ROLES } from './roles';
import { LISTWISE_NOTE, LONG_DATA_NOTE, PY_QUERY_TOTAL, TFJS_QUERY_SEGMENTS } from '../../templates/ranking-helpers';

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
  tex: String.raw`\begin{aligned} l_q &= -\textstyle\sum_{i \in q} \operatorname{softmax}(\mathrm{rel})_i \\ &\qquad \cdot \log \operatorname{softmax}(s)_i \\ \text{mean} &= \textstyle\sum_q l_q \,/\, \#\text{queries} \end{aligned}`,
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
  code: {
    className: 'ListNetLoss',
    pytorch: () => ({
      kind: 'perUnit',
      note: `${LONG_DATA_NOTE} ${LISTWISE_NOTE}`,
      body: [
        'n = score.shape[0]',
        'others = query[:, None] != query[None, :]',
        'log_p = score - torch.logsumexp(score.expand(n, n).masked_fill(others, -float("inf")), dim=1)',
        'target = torch.exp(relevance - torch.logsumexp(relevance.expand(n, n).masked_fill(others, -float("inf")), dim=1))',
        'ids, group = torch.unique(query, return_inverse=True)',
        'loss = torch.zeros(len(ids), dtype=score.dtype, device=score.device).index_add(0, group, -target * log_p)',
      ].join('\n'),
    }),
    keras: () => ({
      kind: 'perUnit',
      note: `${LONG_DATA_NOTE} ${LISTWISE_NOTE}`,
      body: [
        'n = ops.shape(score)[0]',
        'same = ops.equal(query[:, None], query[None, :])',
        'log_p = score - ops.logsumexp(ops.where(same, score[None, :], -float("inf")), axis=1)',
        'target = ops.exp(relevance - ops.logsumexp(ops.where(same, relevance[None, :], -float("inf")), axis=1))',
        'terms = -target * log_p',
        PY_QUERY_TOTAL.ops,
      ].join('\n'),
      mask: 'first',
      sortBy: 'query',
    }),
    jax: () => ({
      kind: 'perUnit',
      note: `${LONG_DATA_NOTE} ${LISTWISE_NOTE} The mean is a masked mean: jit-friendly.`,
      body: [
        'n = score.shape[0]',
        'same = query[:, None] == query[None, :]',
        'log_p = score - jax.nn.logsumexp(jnp.where(same, score[None, :], -jnp.inf), axis=1)',
        'target = jnp.exp(relevance - jax.nn.logsumexp(jnp.where(same, relevance[None, :], -jnp.inf), axis=1))',
        'terms = -target * log_p',
        PY_QUERY_TOTAL.jnp,
      ].join('\n'),
      mask: 'first',
      sortBy: 'query',
    }),
    tfjs: () => ({
      kind: 'perUnit',
      note: `${LONG_DATA_NOTE} ${LISTWISE_NOTE}`,
      body: [
        TFJS_QUERY_SEGMENTS,
        'const same = tf.equal(tf.expandDims(query, 1), tf.expandDims(query, 0));',
        'const n = q.length;',
        'const minusInf = tf.fill([n, n], -Infinity);',
        'const logP = tf.sub(score, tf.logSumExp(tf.where(same, tf.broadcastTo(tf.expandDims(score, 0), [n, n]), minusInf), 1));',
        'const target = tf.exp(tf.sub(relevance, tf.logSumExp(tf.where(same, tf.broadcastTo(tf.expandDims(relevance, 0), [n, n]), minusInf), 1)));',
        'const loss = tf.unsortedSegmentSum(tf.neg(tf.mul(target, logP)), segment, ids.length);',
      ].join('\n'),
    }),
  },
};
