/**
 * LightGBM's lambdarank objective (class `LambdarankNDCG`), transcribed: per query, each
 * document's gradient (lambda) and hessian, the pairs behind them, and the LambdaRank cost those
 * lambdas are the gradient of. Host code; the lab's panel reads the pairs from here too, so the
 * arithmetic is said once.
 *
 * Source: microsoft/LightGBM v4.6.0 @ d02a01ac6f51d36c9e62388243bcb75c3b1b1774,
 * `src/objective/rank_objective.hpp` (LambdarankNDCG::GetGradientsForOneQuery lines 180-266,
 * GetSigmoid 268-279, ConstructSigmoidTable 281-294, per-row weights in
 * RankingObjective::GetGradients 75-82) and `src/metric/dcg_calculator.cpp` (DefaultLabelGain
 * 33-41, discounts 48-51, CalMaxDCGAtK 54-76). Written in our own code; see
 * docs/research/ranking.md §1 and test/fixtures/torch/lgb_lambdarank.py (the numpy transcription
 * the golden values come from).
 *
 * Precision as LightGBM's default build: pair arithmetic in float64, per-document lambdas and
 * hessians accumulated in float32 (score_t = float), `0.01f` as a float literal.
 */

/** LightGBM's default `label_gain`: 2^i − 1 for i = 0..30 (DefaultLabelGain, dcg_calculator.cpp 33-41). */
export const DEFAULT_LABEL_GAIN: readonly number[] = Object.freeze(Array.from({ length: 31 }, (_, i) => 2 ** i - 1));

/** Largest query LightGBM accepts (kMaxPosition, dcg_calculator.cpp 17; CheckMetadata 134-144). */
export const MAX_QUERY_ROWS = 10000;

export interface LambdaMartParams {
  readonly sigmoid: number;
  readonly truncationLevel: number;
  readonly norm: boolean;
  readonly labelGain: readonly number[];
}

const BINS = 1024 * 1024;
const F001 = Math.fround(0.01);

/** 1 / log2(2 + k) for the 0-based rank k (DCGCalculator::Init, dcg_calculator.cpp 48-51). */
export function lgbDiscount(k: number): number {
  return 1.0 / Math.log2(2.0 + k);
}

/**
 * ρ = σ(−σ·Δs) as LightGBM's lookup table gives it (ConstructSigmoidTable, GetSigmoid): 2^20
 * bins over [−25/σ, 25/σ], the input quantised down to its bin's left edge, clamped outside.
 * The table entry is computed on demand (same double arithmetic), not stored. Within the range it
 * agrees with the exact 1 / (1 + exp(σ·Δs)) to a relative 50 / 2^20 ≈ 4.8e-5 (a unit test checks
 * 1e-4); beyond it LightGBM returns the end entries (ρ ≈ 1 − 1.4e-11 or 1.4e-11).
 */
export function lgbSigmoid(x: number, sigma: number): number {
  const min = -50 / sigma / 2;
  const max = -min;
  const factor = BINS / (max - min);
  const entry = (i: number): number => 1.0 / (1.0 + Math.exp((i / factor + min) * sigma));
  if (x <= min) return entry(0);
  if (x >= max) return entry(BINS - 1);
  return entry(Math.floor((x - min) * factor));
}

/** Ideal DCG@k of the grades (CalMaxDCGAtK: greedy from the top grade, k ≤ the query size). */
export function maxDcgAtK(k: number, rel: ArrayLike<number>, gains: readonly number[]): number {
  const sorted = Float64Array.from(rel).sort().reverse();
  const kk = Math.min(k, sorted.length);
  let ret = 0;
  for (let j = 0; j < kk; j++) ret += lgbDiscount(j) * gains[sorted[j]];
  return ret;
}

/** One pair the objective visits, documents named by their position in the query (input order). */
export interface LambdaPair {
  readonly high: number;
  readonly low: number;
  /** 0-based ranks by score. */
  readonly highRank: number;
  readonly lowRank: number;
  /** s_high − s_low. */
  readonly deltaScore: number;
  /** |ΔNDCG| of swapping the two: (g_high − g_low)·|D(high_rank) − D(low_rank)| / maxDCG@truncation_level. */
  readonly deltaNdcg: number;
  /** ΔNDCG as the lambda uses it: divided by (0.01 + |Δs|) when `norm` and the scores are not all equal. */
  readonly weight: number;
  readonly rho: number;
  /** The pair's lambda before the query normalisation: −σ·ρ·weight (added to high, subtracted from low). */
  readonly lambda: number;
  /** The pair's hessian before the query normalisation: σ²·ρ(1 − ρ)·weight (added to both). */
  readonly hess: number;
}

export interface QueryLambdas {
  /** Per document (query order): LightGBM's gradient and hessian, float32 as LightGBM stores them. */
  readonly grad: Float32Array;
  readonly hess: Float32Array;
  /** Positions in rank order (stable sort by score descending). */
  readonly order: Int32Array;
  /** Σ over pairs of |ΔNDCG| · log(1 + exp(−σ Δs)): the LambdaRank cost these lambdas are the gradient of when norm is off. */
  readonly cost: number;
  readonly sumLambdas: number;
  /** log2(1 + Σ) / Σ, or 1 when not applied. */
  readonly normFactor: number;
  readonly invMaxDcg: number;
  /** Whether the division by (0.01 + |Δs|) applied (norm on and the scores not all equal). */
  readonly scoreNorm: boolean;
  readonly pairs: readonly LambdaPair[] | null;
}

/** softplus(z) = log(1 + e^z), without overflow. */
function softplus(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

/**
 * GetGradientsForOneQuery (rank_objective.hpp 180-266) for one query whose documents are
 * score[idx[t]], rel[idx[t]] (t = 0..m−1, in input order), then the per-row weights (75-82).
 */
export function queryLambdas(
  score: ArrayLike<number>,
  rel: ArrayLike<number>,
  weight: ArrayLike<number> | null,
  idx: ArrayLike<number>,
  p: LambdaMartParams,
  keepPairs = false,
): QueryLambdas {
  const m = idx.length;
  const s = Float64Array.from(idx, (i) => score[i]);
  const y = Float64Array.from(idx, (i) => rel[i]);
  const gains = p.labelGain;
  const sigma = p.sigmoid;
  // Init, lines 165-175: inverse max DCG@truncation_level, left 0 when the max DCG is 0.
  const maxDcg = maxDcgAtK(p.truncationLevel, y, gains);
  const inv = maxDcg > 0 ? 1.0 / maxDcg : 0;
  const grad = new Float32Array(m);
  const hess = new Float32Array(m);
  // 192-198: stable sort by score descending; ties keep input order (Array.prototype.sort is stable).
  const order = Int32Array.from(Array.from({ length: m }, (_, t) => t).sort((a, b) => (s[a] > s[b] ? -1 : s[a] < s[b] ? 1 : 0)));
  // 200-205 (no −∞ scores here: the score role is finite).
  const best = m ? s[order[0]] : 0;
  const worst = m ? s[order[m - 1]] : 0;
  const scoreNorm = p.norm && best !== worst;
  const pairs: LambdaPair[] | null = keepPairs ? [] : null;
  let sumLambdas = 0;
  let cost = 0;
  // 208-258: pairs with at least one document above the truncation level.
  for (let i = 0; i < m - 1 && i < p.truncationLevel; i++) {
    for (let j = i + 1; j < m; j++) {
      const yi = y[order[i]];
      const yj = y[order[j]];
      if (yi === yj) continue;
      const highRank = yi > yj ? i : j;
      const lowRank = yi > yj ? j : i;
      const high = order[highRank];
      const low = order[lowRank];
      const deltaScore = s[high] - s[low];
      const deltaNdcg = (gains[y[high]] - gains[y[low]]) * Math.abs(lgbDiscount(highRank) - lgbDiscount(lowRank)) * inv;
      const w = scoreNorm ? deltaNdcg / (F001 + Math.abs(deltaScore)) : deltaNdcg;
      const rho = lgbSigmoid(deltaScore, sigma);
      const pLambda = rho * (-sigma * w);
      const pHess = rho * (1.0 - rho) * (sigma * sigma * w);
      grad[low] = Math.fround(grad[low] - Math.fround(pLambda));
      hess[low] = Math.fround(hess[low] + Math.fround(pHess));
      grad[high] = Math.fround(grad[high] + Math.fround(pLambda));
      hess[high] = Math.fround(hess[high] + Math.fround(pHess));
      sumLambdas -= 2 * pLambda;
      cost += deltaNdcg * softplus(-sigma * deltaScore);
      pairs?.push({ high, low, highRank, lowRank, deltaScore, deltaNdcg, weight: w, rho, lambda: pLambda, hess: pHess });
    }
  }
  // 259-265: the query normalisation.
  let normFactor = 1;
  if (p.norm && sumLambdas > 0) {
    normFactor = Math.log2(1 + sumLambdas) / sumLambdas;
    for (let t = 0; t < m; t++) {
      grad[t] = Math.fround(grad[t] * normFactor);
      hess[t] = Math.fround(hess[t] * normFactor);
    }
  }
  // RankingObjective::GetGradients 75-82: each row's own weight, after everything else.
  if (weight) {
    for (let t = 0; t < m; t++) {
      const wt = Math.fround(weight[idx[t]]);
      grad[t] = Math.fround(grad[t] * wt);
      hess[t] = Math.fround(hess[t] * wt);
    }
  }
  return { grad, hess, order, cost, sumLambdas, normFactor, invMaxDcg: inv, scoreNorm, pairs };
}

/**
 * NDCG@k of one query with LightGBM's gains and discounts (ranking by score, ties in input
 * order); null when its ideal DCG is 0 (no document with a positive gain).
 */
export function queryNdcgAt(score: ArrayLike<number>, rel: ArrayLike<number>, idx: ArrayLike<number>, k: number, gains: readonly number[]): number | null {
  const m = idx.length;
  const y = Float64Array.from(idx, (i) => rel[i]);
  const ideal = maxDcgAtK(k, y, gains);
  if (!(ideal > 0)) return null;
  const s = Float64Array.from(idx, (i) => score[i]);
  const order = Array.from({ length: m }, (_, t) => t).sort((a, b) => (s[a] > s[b] ? -1 : s[a] < s[b] ? 1 : 0));
  let dcg = 0;
  for (let r = 0; r < Math.min(k, m); r++) dcg += gains[y[order[r]]] * lgbDiscount(r);
  return dcg / ideal;
}
