import { tf } from '../../backend';
import { gatherRows } from '../../gather';
import { RANKING_METRICS_NOTE, rankingLossMetrics } from '../../metrics/ranking';
import type { LossSpec } from '../../spec';
import { queryGroups, type Groups } from './groups';
import { plackettLuceTerms, segmentSum } from './segments';
import { RANKING_ROLES } from './roles';

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
  reference: 'plain PyTorch from the definition: (logcumsumexp of the reversed sorted scores, reversed) − sorted scores, summed per query',
  convention:
    'π sorts by relevance descending, equal relevance in input row order (the earlier row is picked first). One ' +
    'value per query, queries in ascending id; mean divides by the number of queries. The log-sum-exp over the ' +
    'remaining documents is computed in float64 as a running log-add-exp, finite for scores of magnitude 1e4. ' + RANKING_METRICS_NOTE,
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
};
