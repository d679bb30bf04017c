import { tf } from '../../backend';
import { gatherRows } from '../../gather';
import { RANKING_METRICS_NOTE, rankingLossMetrics } from '../../metrics/ranking';
import type { LossSpec } from '../../spec';
import { queryGroups, type Groups } from './groups';
import { plackettLuceTerms, segmentSum } from './segments';
import { RANKING_ROLES } from './roles';
import { LISTWISE_NOTE, LONG_DATA_NOTE, PY_QUERY_TOTAL, TFJS_QUERY_SEGMENTS } from '../../templates/ranking-helpers';

/** Batch positions sorted by query, then relevance descending, then input row (a stable sort). */
function relevanceOrder(groups: Groups, rel: Float32Array): Int32Array {
  const perm = new Int32Array(rel.length);
  for (let g = 0; g < groups.count; g++) {
    const a = groups.starts[g];
    const idx = Array.from({ length: groups.starts[g + 1] - a }, (_, t) => a + t);
    idx.sort((x, y) => rel[y] - rel[x] || x - y);
    perm.set(idx, a);
  }
  return perm;
}

/** ListMLE (Xia et al., 2008): Plackett–Luce likelihood of the order given by the relevance. */
export const listmle: LossSpec = {
  id: 'listmle',
  family: 'ranking',
  title: 'ListMLE (Plackett–Luce likelihood)',
  doc:
    'Per query, the negative log-likelihood, under the Plackett–Luce model with strengths exp(s), of the ' +
    'ranking obtained by sorting the documents by relevance: pick the most relevant first among all, the next ' +
    'among the rest, and so on. It asks for a full order, so documents of equal relevance are still ordered ' +
    '(by input row) and pushed apart a little. A query with one document has loss 0.',
  formula: 'l_q = Σ_{t=1..m} [ log Σ_{u ≥ t} exp(s_π(u)) − s_π(t) ],  π = documents by relevance descending;  mean: Σ l_q / #queries',
  tex: String.raw`\begin{aligned} l_q &= \textstyle\sum_{t=1}^{m} [\log \sum_{u \ge t} e^{s_{\pi(u)}} \\ &\qquad - s_{\pi(t)}] \\ \pi &= \text{by relevance, descending} \\ \text{mean} &= \textstyle\sum_q l_q \,/\, \#\text{queries} \end{aligned}`,
  reference: 'plain PyTorch from the definition: (logcumsumexp of the reversed sorted scores, reversed) − sorted scores, summed per query',
  convention:
    'π sorts by relevance descending, equal relevance in input row order (the earlier row is picked first). One ' +
    'value per query, queries in ascending id; mean divides by the number of queries. The log-sum-exp over the ' +
    'remaining documents is a log-add-exp scan on scores relative to the query maximum, finite and float32-exact for scores of magnitude 1e4. ' + RANKING_METRICS_NOTE,
  roles: RANKING_ROLES,
  params: [],
  reductions: ['mean', 'sum', 'none'],
  defaultReduction: 'mean',
  unit: 'query',
  batching: 'group',
  compute: (b) => {
    const groups = queryGroups(b.host.query!);
    const sorted = gatherRows(b.t.score! as tf.Tensor1D, relevanceOrder(groups, b.host.relevance!));
    // The permutation keeps each query in place, so the groups still describe `sorted`.
    return { values: segmentSum(plackettLuceTerms(sorted, groups), groups) };
  },
  metrics: rankingLossMetrics,
  code: {
    className: 'ListMLELoss',
    pytorch: () => ({
      kind: 'perUnit',
      note: `${LONG_DATA_NOTE} ${LISTWISE_NOTE} Documents are picked by relevance descending, equal relevance by row.`,
      body: [
        'n = score.shape[0]',
        'row = torch.arange(n, device=score.device)',
        '# j is still in the running when i is picked: same query, and after i in the order by relevance',
        'after = (query[:, None] == query[None, :]) & (',
        '    (relevance[None, :] < relevance[:, None]) | ((relevance[None, :] == relevance[:, None]) & (row[None, :] >= row[:, None]))',
        ')',
        'terms = torch.logsumexp(score.expand(n, n).masked_fill(~after, -float("inf")), dim=1) - score',
        'ids, group = torch.unique(query, return_inverse=True)',
        'loss = torch.zeros(len(ids), dtype=score.dtype, device=score.device).index_add(0, group, terms)',
      ].join('\n'),
    }),
    keras: () => ({
      kind: 'perUnit',
      note: `${LONG_DATA_NOTE} ${LISTWISE_NOTE} Documents are picked by relevance descending, equal relevance by row.`,
      body: [
        'n = ops.shape(score)[0]',
        'same = ops.equal(query[:, None], query[None, :])',
        'row = ops.arange(n)',
        'later = ops.logical_or(relevance[None, :] < relevance[:, None], ops.logical_and(ops.equal(relevance[None, :], relevance[:, None]), row[None, :] >= row[:, None]))',
        'terms = ops.logsumexp(ops.where(ops.logical_and(same, later), score[None, :], -float("inf")), axis=1) - score',
        PY_QUERY_TOTAL.ops,
      ].join('\n'),
      mask: 'first',
      sortBy: 'query',
    }),
    jax: () => ({
      kind: 'perUnit',
      note: `${LONG_DATA_NOTE} ${LISTWISE_NOTE} Documents are picked by relevance descending, equal relevance by row. Masked mean: jit-friendly.`,
      body: [
        'n = score.shape[0]',
        'same = query[:, None] == query[None, :]',
        'row = jnp.arange(n)',
        'later = (relevance[None, :] < relevance[:, None]) | ((relevance[None, :] == relevance[:, None]) & (row[None, :] >= row[:, None]))',
        'terms = jax.nn.logsumexp(jnp.where(same & later, score[None, :], -jnp.inf), axis=1) - score',
        PY_QUERY_TOTAL.jnp,
      ].join('\n'),
      mask: 'first',
      sortBy: 'query',
    }),
    tfjs: () => ({
      kind: 'perUnit',
      note: `${LONG_DATA_NOTE} ${LISTWISE_NOTE} Documents are picked by relevance descending, equal relevance by row.`,
      body: [
        TFJS_QUERY_SEGMENTS,
        'const rel = relevance.dataSync();',
        'const n = q.length;',
        '// after[i][j]: j is still in the running when i is picked (same query, after i by relevance, then row)',
        'const after = new Uint8Array(n * n);',
        'for (let i = 0; i < n; i++) {',
        '  for (let j = 0; j < n; j++) {',
        '    after[i * n + j] = q[i] === q[j] && (rel[j] < rel[i] || (rel[j] === rel[i] && j >= i)) ? 1 : 0;',
        '  }',
        '}',
        "const masked = tf.where(tf.tensor2d(after, [n, n], 'bool'), tf.broadcastTo(tf.expandDims(score, 0), [n, n]), tf.fill([n, n], -Infinity));",
        'const loss = tf.unsortedSegmentSum(tf.sub(tf.logSumExp(masked, 1), score), segment, ids.length);',
      ].join('\n'),
    }),
  },
};
