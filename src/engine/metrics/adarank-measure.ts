/**
 * The per-query IR measure E(q) that AdaRank (Xu & Li, SIGIR 2007) boosts: NDCG@k or AP@k of the
 * ranking of one query's documents by a score. Host code, float64.
 *
 * Definitions (said once here; the `adarank` loss and the AdaRank training run both use them):
 * - ranking: by score descending; equal scores keep their input row order (a stable sort: the
 *   earlier row ranks higher), as the other ranking losses here, LightGBM, and the paper-style
 *   reference implementation (rueycheng/AdaRank, whose numpy argsort keeps small ties in order)
 *   rank them. So a tie is never "half right": with all scores equal, E is the metric of the
 *   file's row order. RankLib's weak rankers instead break ties with an unstable selection sort
 *   (docs/research/ranking.md §3.2); that variant is not offered.
 * - NDCG@k: gain 2^rel − 1, discount 1/log2(1 + rank), ranks 1..k (k none = the whole list); the
 *   ideal DCG@k sorts the same documents by relevance. IDCG = 0 (no document with rel > 0) gives
 *   E = 0, as RankLib's NDCGScorer and rueycheng's metrics do: such a query keeps exp(−E) = 1
 *   whatever the scores.
 * - AP@k: relevant means rel > 0; AP@k = Σ_{rank r ≤ k, doc relevant} P@r / min(k, R), with P@r the
 *   share of relevant documents in the top r and R the query's relevant documents; without k the
 *   divisor is R (RankLib's APScorer, MAP). min(k, R) keeps a perfect top-k at 1. R = 0 gives E = 0.
 * Both are in [0, 1], which AdaRank's α = ½ ln(Σ P(1 + E) / Σ P(1 − E)) needs.
 */
import { discount, gain, idealDcg, ranksByScore } from './ranking';

export type AdarankMetric = 'ndcg' | 'map';
export const ADARANK_METRICS: readonly AdarankMetric[] = ['ndcg', 'map'];

/** E(q) of the documents at positions `idx` (in row order) ranked by `score`. */
export function queryMeasure(
  score: ArrayLike<number>,
  rel: ArrayLike<number>,
  idx: ArrayLike<number>,
  metric: AdarankMetric,
  k: number | null,
): number {
  const rank = ranksByScore(score, idx);
  return metric === 'ndcg' ? ndcgOfRanks(rel, idx, rank, k) : apOfRanks(rel, idx, rank, k);
}

/** NDCG@k given each document's rank; 0 when the query has no relevant document. */
export function ndcgOfRanks(rel: ArrayLike<number>, idx: ArrayLike<number>, rank: ArrayLike<number>, k: number | null): number {
  // Gains scaled by the query's top grade (see `gain`): the ratio is unchanged, and stays finite.
  let top = 0;
  for (let a = 0; a < idx.length; a++) top = Math.max(top, rel[idx[a]]);
  const ideal = idealDcg(rel, idx, k, top);
  if (!(ideal > 0)) return 0;
  let dcg = 0;
  for (let a = 0; a < idx.length; a++) dcg += gain(rel[idx[a]], top) * discount(rank[a], k);
  // dcg and ideal add the same terms in another order: a perfect ranking may come out 1 + 1e-16
  return Math.min(1, dcg / ideal);
}

/** AP@k given each document's rank; 0 when the query has no relevant document. */
export function apOfRanks(rel: ArrayLike<number>, idx: ArrayLike<number>, rank: ArrayLike<number>, k: number | null): number {
  const m = idx.length;
  // relevant flags in rank order
  const relevantAt = new Uint8Array(m);
  let R = 0;
  for (let a = 0; a < m; a++) {
    if (rel[idx[a]] > 0) {
      relevantAt[rank[a] - 1] = 1;
      R++;
    }
  }
  if (R === 0) return 0;
  const cut = k === null ? m : Math.min(k, m);
  let hits = 0;
  let sum = 0;
  for (let r = 0; r < cut; r++) {
    if (!relevantAt[r]) continue;
    hits++;
    sum += hits / (r + 1);
  }
  return sum / (k === null ? R : Math.min(k, R));
}
