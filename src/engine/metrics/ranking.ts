/**
 * Ranking metrics reported beside the ranking losses (not differentiated), and the NDCG pieces
 * LambdaRank weights its pairs with. Host code, float64.
 *
 * Definitions (shared by NDCG, MRR and LambdaRank's ΔNDCG, so they cannot drift apart):
 * - rank: documents of a query sorted by score descending; equal scores keep their input row
 *   order (a stable sort), so the earlier row ranks higher. Ranks start at 1.
 * - gain(rel) = 2^rel − 1 (the metrics divide a query's gains by 2^(its top grade), which leaves
 *   NDCG unchanged), or label_gain[rel] for a loss with its own gains (lambdamart's `label_gain`,
 *   LightGBM's); discount(rank) = 1 / log2(1 + rank), and 0 beyond the cut-off k.
 * - DCG@k = Σ_{rank ≤ k} gain · discount; IDCG@k = DCG@k of the documents sorted by relevance;
 *   NDCG@k = DCG@k / IDCG@k.
 * - MRR = mean over queries of 1 / (rank of the first document with rel > 0).
 * Queries without any document of rel > 0 have IDCG = 0 and no relevant document: they are
 * left out of both means and counted in `queries_without_relevant`.
 */
import { groupRows, rowsOf, type RowGroups } from '../group-rows';
import type { EvalInputs, ResolvedParams } from '../spec';

/**
 * 2^rel − 1, or that divided by 2^top: NDCG is a ratio within one query, so the metrics scale a
 * query's gains by its largest relevance and stay finite for any grade (2^rel overflows a double
 * at 1024; a click count used as the grade gets there).
 */
export function gain(rel: number, top = 0): number {
  return Math.pow(2, rel - top) - Math.pow(2, -top);
}

/** 1 / log2(1 + rank) for rank <= k (k null = no cut-off), else 0. */
export function discount(rank: number, k: number | null): number {
  return k !== null && rank > k ? 0 : 1 / Math.log2(1 + rank);
}

/**
 * Ranks (1-based) of the documents at positions `idx` (in row order) when sorted by `score`
 * descending, ties by position in `idx` (the earlier row ranks higher).
 */
export function ranksByScore(score: ArrayLike<number>, idx: ArrayLike<number>): Int32Array {
  const m = idx.length;
  const order = Array.from({ length: m }, (_, a) => a).sort((a, b) => score[idx[b]] - score[idx[a]] || a - b);
  const rank = new Int32Array(m);
  order.forEach((a, r) => (rank[a] = r + 1));
  return rank;
}

/**
 * A loss's own gain per grade (`label_gain`: grade g gains labelGain[g]), or null for 2^rel − 1.
 * A grade outside the list has no gain (NaN; the losses with a list refuse such grades).
 */
export type LabelGain = readonly number[] | null;

const gainOf = (r: number, top: number, labelGain: LabelGain | undefined): number => (labelGain ? (labelGain[r] ?? NaN) : gain(r, top));

/** The `label_gain` list of a loss's resolved params, or null when it has none. */
export function labelGainOf(params: ResolvedParams): LabelGain {
  const g = params.label_gain;
  return Array.isArray(g) ? (g as readonly number[]) : null;
}

/** IDCG@k of the documents at positions `idx`. */
export function idealDcg(rel: ArrayLike<number>, idx: ArrayLike<number>, k: number | null, top = 0, labelGain: LabelGain = null): number {
  // A typed array's default sort is numeric ascending (and much faster than a comparator sort).
  const gains = Float64Array.from(idx, (i) => gainOf(rel[i], top, labelGain)).sort();
  const m = gains.length;
  let s = 0;
  for (let r = 0; r < m && (k === null || r < k); r++) s += gains[m - 1 - r] * discount(r + 1, k);
  return s;
}

/**
 * NDCG@k and reciprocal rank of one query; null for both when it has no relevant document (IDCG
 * 0: no document with a positive gain). `labelGain`: the loss's gains, else 2^rel − 1.
 */
export function queryMetrics(
  score: ArrayLike<number>,
  rel: ArrayLike<number>,
  idx: ArrayLike<number>,
  k: number | null,
  labelGain: LabelGain = null,
): { ndcg: number; rr: number } | null {
  let top = 0;
  for (let a = 0; a < idx.length; a++) top = Math.max(top, rel[idx[a]]);
  const ideal = idealDcg(rel, idx, k, top, labelGain);
  if (!(ideal > 0)) return null;
  const rank = ranksByScore(score, idx);
  let dcg = 0;
  let first = Infinity;
  for (let a = 0; a < idx.length; a++) {
    const r = rel[idx[a]];
    dcg += gainOf(r, top, labelGain) * discount(rank[a], k);
    if (r > 0 && rank[a] < first) first = rank[a];
  }
  // IDCG > 0 means some rel > 0 (a grade 0 with a positive label_gain is still not relevant for
  // MRR: then `first` may be Infinity and the reciprocal rank 0).
  return { ndcg: dcg / ideal, rr: 1 / first };
}

/** NDCG@k of one query, or null when its IDCG is 0 (no relevant document). */
export function queryNdcg(score: ArrayLike<number>, rel: ArrayLike<number>, idx: ArrayLike<number>, k: number | null, labelGain: LabelGain = null): number | null {
  return queryMetrics(score, rel, idx, k, labelGain)?.ndcg ?? null;
}

/** Reciprocal rank of the first relevant (rel > 0) document, or null when there is none. */
export function queryReciprocalRank(score: ArrayLike<number>, rel: ArrayLike<number>, idx: ArrayLike<number>): number | null {
  return queryMetrics(score, rel, idx, null)?.rr ?? null;
}

/**
 * The rows of each query: queries in ascending id order, rows in input order (`rowsOf(g, q)`).
 * Sort-based, so any number of queries (a Map stops at 2^24; issue #13).
 */
export function queryRows(query: ArrayLike<number>): RowGroups {
  return groupRows(query);
}

export interface RankingMetrics {
  /** Mean NDCG@k (k = the loss's `k` parameter when it has one, else the full list). */
  readonly ndcg: number;
  /** Mean reciprocal rank of the first relevant document. */
  readonly mrr: number;
  /** Queries averaged over. */
  readonly queries: number;
  /** Queries left out of both means: no document with relevance > 0. */
  readonly queries_without_relevant: number;
}

export function rankingMetrics(score: ArrayLike<number>, rel: ArrayLike<number>, query: ArrayLike<number>, k: number | null, labelGain: LabelGain = null): RankingMetrics {
  let ndcg = 0;
  let mrr = 0;
  let used = 0;
  let skipped = 0;
  const groups = queryRows(query);
  for (let q = 0; q < groups.count; q++) {
    const m = queryMetrics(score, rel, rowsOf(groups, q), k, labelGain);
    if (m === null) {
      skipped++;
      continue;
    }
    ndcg += m.ndcg;
    mrr += m.rr;
    used++;
  }
  return { ndcg: used ? ndcg / used : NaN, mrr: used ? mrr / used : NaN, queries: used, queries_without_relevant: skipped };
}

/** Said in every ranking loss's convention, so CLI help and the panel state what is reported. */
export const RANKING_METRICS_NOTE =
  'Reported beside the loss: NDCG (gain 2^rel − 1, discount 1/log2(1 + rank); at k when the loss has k, else the ' +
  'full list) and MRR (first document with rel > 0), ranking by score with ties in input row order, averaged over ' +
  'the queries that have a relevant document; the others are counted in queries_without_relevant.';

/** The `metrics` hook of every ranking loss. */
export function rankingLossMetrics(inputs: EvalInputs, params: ResolvedParams): Readonly<Record<string, number>> {
  const k = typeof params.k === 'number' ? params.k : null;
  return { ...rankingMetrics(inputs.score!.data, inputs.relevance!.data, inputs.query!.data, k, labelGainOf(params)) };
}
