import { tf } from '../../backend';
import { ADARANK_METRICS, queryMeasure, type AdarankMetric } from '../../metrics/adarank-measure';
import { queryRows, rankingLossMetrics } from '../../metrics/ranking';
import { optNum, str, type EnumParam, type EvalInputs, type IntegerParam, type LossSpec, type ResolvedParams, type RoleSpec } from '../../spec';
import { rowsOf } from '../../group-rows';
import { queryGroups } from './groups';
import { GAIN_RELEVANCE, QUERY, SCORE } from './roles';

export const METRIC: EnumParam = {
  name: 'metric',
  kind: 'enum',
  options: ADARANK_METRICS,
  default: 'ndcg',
  doc: 'the per-query measure E(q) AdaRank boosts: ndcg (NDCG@k, gain 2^rel − 1) or map (average precision@k, relevant = rel > 0)',
};

export const MEASURE_K: IntegerParam = {
  name: 'k',
  kind: 'integer',
  default: null,
  min: 1,
  max: 1_000_000,
  nullable: true,
  doc: 'cut-off of the measure: only the top k ranks count (none = the full list)',
};

/** The score ranks the documents; nothing is differentiated (AdaRank has no gradient). */
const RANKING_SCORE: RoleSpec = {
  ...SCORE,
  differentiable: false,
  doc: 'the score s of each document, one column; higher ranks first (only the order matters: no gradient)',
};

/** E(q) of every query, queries in ascending id order (the order of the per-query values). */
export function queryMeasures(score: ArrayLike<number>, rel: ArrayLike<number>, query: ArrayLike<number>, metric: AdarankMetric, k: number | null): Float64Array {
  const groups = queryRows(query);
  const out = new Float64Array(groups.count);
  for (let q = 0; q < groups.count; q++) out[q] = queryMeasure(score, rel, rowsOf(groups, q), metric, k);
  return out;
}

/** P(q) = exp(−E_q) / Σ exp(−E): the query weights of AdaRank's next round, from the per-query values exp(−E_q). */
export function nextQueryWeights(perQuery: ArrayLike<number>): Float64Array {
  let total = 0;
  for (let q = 0; q < perQuery.length; q++) total += perQuery[q];
  return Float64Array.from(perQuery, (x) => x / total);
}

function adarankMetrics(inputs: EvalInputs, params: ResolvedParams): Readonly<Record<string, number>> {
  const metric = str(params, 'metric') as AdarankMetric;
  const E = queryMeasures(inputs.score!.data, inputs.relevance!.data, inputs.query!.data, metric, optNum(params, 'k'));
  let s = 0;
  for (const e of E) s += e;
  return { ...rankingLossMetrics(inputs, params), mean_measure: E.length ? s / E.length : NaN };
}

/** AdaRank's exponential loss (Xu & Li, SIGIR 2007) on the ranking by a score. */
export const adarank: LossSpec = {
  id: 'adarank',
  family: 'ranking',
  title: 'AdaRank (exp(−NDCG) or exp(−AP))',
  doc:
    'Per query, exp(−E(q)) where E(q) is NDCG@k or AP@k of the ranking by score; the mean over queries is the ' +
    'exponential upper bound that AdaRank boosting minimises (Xu & Li, SIGIR 2007). It depends on the scores only ' +
    'through their order, so it has no gradient: per query it reports instead the weight P(q) = exp(−E(q)) / Σ exp(−E) ' +
    'that the next AdaRank round would give the query (the queries ranked worst weigh most). Train an AdaRank ' +
    'ranker on feature columns with `loss-lab adarank`.',
  formula:
    'l_q = exp(−E(q)), E(q) = NDCG@k or AP@k of query q ranked by s;  mean: Σ l_q / #queries;  ' +
    'query weight P(q) = exp(−E(q)) / Σ_q′ exp(−E(q′))',
  tex: String.raw`\begin{aligned} l_q &= e^{-E(q)} \\ E(q) &= \text{metric}@k \text{ of } q \text{ ranked by } s \\ &\quad (\mathrm{NDCG@}k \text{ or } \mathrm{AP@}k) \\ \text{mean} &= \textstyle\sum_q l_q \,/\, \#\text{queries} \\ P(q) &= e^{-E(q)} \,/\, \textstyle\sum_{q'} e^{-E(q')} \end{aligned}`,
  reference:
    'Xu & Li, AdaRank: a boosting algorithm for information retrieval (SIGIR 2007); measures as RankLib ' +
    '(codelibs/ranklib @ e43f605f, NDCGScorer, APScorer) and rueycheng/AdaRank @ 1cb08089 (metrics.py), transcribed ' +
    '(docs/research/ranking.md §3); values checked against an independent numpy reference',
  convention:
    'One value per query, queries in ascending id; mean divides by the number of queries. Ranking by score descending, ' +
    'equal scores in input row order (the earlier row ranks higher), so a tie counts as the row order. NDCG@k: gain ' +
    '2^rel − 1, discount 1/log2(1 + rank), ideal DCG@k of the same documents. AP@k: relevant = rel > 0, Σ P@r over ' +
    'relevant ranks r ≤ k divided by min(k, R) (R = relevant documents; by R without k). A query with no relevant ' +
    'document has E = 0 (exp(−E) = 1), as in RankLib and rueycheng/AdaRank. No gradient (transcribed semantics). ' +
    'Reported beside the loss: mean_measure (mean E over all queries), and NDCG@k and MRR over the queries with a ' +
    'relevant document, as for the other ranking losses.',
  roles: [QUERY, RANKING_SCORE, GAIN_RELEVANCE],
  params: [METRIC, MEASURE_K],
  reductions: ['mean', 'sum', 'none'],
  defaultReduction: 'mean',
  unit: 'query',
  batching: 'group',
  gradientKind: 'none',
  unitWeights: {
    name: 'queryWeights',
    doc: 'P(q) = exp(−E(q)) / Σ exp(−E): the weight of each query in the next AdaRank round, queries in ascending id',
    of: nextQueryWeights,
  },
  compute: (b, p) => {
    const groups = queryGroups(b.host.query!);
    const metric = str(p, 'metric') as AdarankMetric;
    const k = optNum(p, 'k');
    const values = new Float32Array(groups.count);
    for (let q = 0; q < groups.count; q++) {
      const a = groups.starts[q];
      const idx = Int32Array.from({ length: groups.starts[q + 1] - a }, (_, t) => a + t);
      values[q] = Math.exp(-queryMeasure(b.host.score!, b.host.relevance!, idx, metric, k));
    }
    return { values: tf.tensor1d(values) };
  },
  metrics: adarankMetrics,
};
