/**
 * AdaRank training (Xu & Li, SIGIR 2007) with single-feature weak rankers: the original algorithm,
 * as rueycheng/AdaRank @ 1cb08089 (`adarank.py`, `AdaRank.fit`) implements it; semantics
 * transcribed in docs/research/ranking.md §3.1 and §3.3 and docs/research/transcriptions/adarank_paper.py.
 *
 * With m queries and per-query measure E (NDCG@k or AP@k, metrics/adarank-measure.ts):
 *   P_1(q) = 1/m
 *   for t = 1..rounds:
 *     h_t  = the feature f maximising Σ_q P_t(q) · E(q ranked by f)  (first feature on a tie;
 *            a feature may be chosen again in a later round, as in the paper and rueycheng)
 *     α_t  = ½ ln( Σ_q P_t(q) (1 + E_h(q)) / Σ_q P_t(q) (1 − E_h(q)) )
 *     f_t  = Σ_{s ≤ t} α_s · x[h_s]          (a linear model on the raw feature values)
 *     P_{t+1}(q) = exp(−E(q ranked by f_t)) / Σ_q′ exp(−E(q′ ranked by f_t))
 * Every round runs (the paper has no stopping rule; rueycheng's early stop on no improvement and
 * RankLib's enqueue/rollback and tolerance are not applied). The one exception: when the chosen
 * feature ranks every query with weight > 0 perfectly, α would be infinite; the run stops there
 * and says so (`stopped`), without adding that round.
 *
 * Ties (equal feature values, equal combined scores) rank in input row order, as everywhere in the
 * ranking losses. Host float64 arithmetic on the float32 feature values.
 */
import { rowsOf } from '../../group-rows';
import { InputError } from '../../inputs';
import { queryMeasure, type AdarankMetric } from '../../metrics/adarank-measure';
import { queryRows } from '../../metrics/ranking';
import type { IntegerParam, LossSpec, RoleSpec } from '../../spec';
import { adarank, MEASURE_K, METRIC } from './adarank';
import { GAIN_RELEVANCE, QUERY } from './roles';

export const ROUNDS: IntegerParam = {
  name: 'rounds',
  kind: 'integer',
  default: 10,
  min: 1,
  max: 10_000,
  doc: 'boosting rounds T: each adds one weak ranker (a single feature) with weight α_t',
};

export const FEATURES: RoleSpec = {
  name: 'features',
  columns: 'many',
  domain: 'real',
  differentiable: false,
  aliases: ['f_*', 'feature_*', 'feat_*'],
  doc: 'the feature columns; each is a weak ranker (documents ranked by that feature, higher first)',
};

/**
 * The inputs of an AdaRank training run as the data layer reads them: roles query, features,
 * relevance, and the parameters rounds, metric, k. Not a loss (not in the registry); `compute` is
 * never called on it.
 */
export const ADARANK_TRAINING: LossSpec = {
  ...adarank,
  // its own id: messages name it, and the panel keeps its column mapping apart from the loss's
  id: 'adarank training',
  roles: [QUERY, FEATURES, GAIN_RELEVANCE],
  params: [ROUNDS, METRIC, MEASURE_K],
};

export interface AdarankTrainingInput {
  readonly query: ArrayLike<number>;
  readonly relevance: ArrayLike<number>;
  /** Row-major, n × names.length. */
  readonly features: ArrayLike<number>;
  readonly names: readonly string[];
}

export interface AdarankTrainingParams {
  readonly rounds: number;
  readonly metric: AdarankMetric;
  readonly k: number | null;
}

export interface AdarankRound {
  /** 1-based. */
  readonly round: number;
  readonly feature: string;
  readonly featureIndex: number;
  /** Σ_q P_t(q) E(q ranked by the chosen feature): what the weak ranker was chosen by. */
  readonly weightedMeasure: number;
  readonly alpha: number;
  /** Mean over queries of E(q ranked by the combined ranker f_t). */
  readonly measure: number;
  /** Mean over queries of exp(−E) for f_t: the `adarank` loss of the combined score. */
  readonly loss: number;
}

export interface AdarankRun {
  readonly metric: AdarankMetric;
  readonly k: number | null;
  readonly queries: number;
  readonly rows: number;
  readonly rounds: readonly AdarankRound[];
  /** Final weight of each feature (Σ of its α_t), in column order. */
  readonly weights: ReadonlyArray<{ readonly feature: string; readonly weight: number }>;
  /** Query weights P for the round after the last, queries in ascending id. */
  readonly queryWeights: Float64Array;
  /** Why the run ended before `rounds` rounds, or null. */
  readonly stopped: { readonly round: number; readonly reason: string } | null;
}

export interface TrainOptions {
  readonly signal?: AbortSignal;
  /** Called after each weak-ranker measure (phase `features`) and each round (phase `rounds`). */
  readonly onProgress?: (phase: 'features' | 'rounds', done: number, total: number) => void;
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

/** The combined ranker's score of every row: Σ_f weight_f · x_f (float64 sums, float32 result). */
export function combinedScore(features: ArrayLike<number>, weights: ArrayLike<number>): Float32Array {
  const F = weights.length;
  const n = F ? Math.floor(features.length / F) : 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = dot(features, i * F, weights);
  return out;
}

function dot(x: ArrayLike<number>, o: number, w: ArrayLike<number>): number {
  let s = 0;
  for (let f = 0; f < w.length; f++) s += w[f] * x[o + f];
  return s;
}

export async function trainAdarank(input: AdarankTrainingInput, params: AdarankTrainingParams, opts: TrainOptions = {}): Promise<AdarankRun> {
  const F = input.names.length;
  const n = input.query.length;
  if (input.features.length !== n * F) throw new Error(`internal: ${input.features.length} feature values for ${n} rows × ${F} features`);
  const { metric, k } = params;
  const groups = queryRows(input.query);
  const m = groups.count;
  if (m === 0) throw new InputError('adarank: no rows to train on');
  const rows = Array.from({ length: m }, (_, q) => rowsOf(groups, q));

  // E of every (feature, query): the weak rankers never change.
  const weak = Array.from({ length: F }, () => new Float64Array(m));
  const column = new Float64Array(n);
  for (let f = 0; f < F; f++) {
    opts.signal?.throwIfAborted();
    for (let i = 0; i < n; i++) column[i] = input.features[i * F + f];
    for (let q = 0; q < m; q++) weak[f][q] = queryMeasure(column, input.relevance, rows[q], metric, k);
    opts.onProgress?.('features', f + 1, F);
    await tick();
  }

  let P = new Float64Array(m).fill(1 / m);
  const coef = new Float64Array(F);
  const score = new Float64Array(n);
  const out: AdarankRound[] = [];
  let stopped: AdarankRun['stopped'] = null;
  for (let t = 1; t <= params.rounds; t++) {
    opts.signal?.throwIfAborted();
    let best = -1;
    let bestValue = -Infinity;
    for (let f = 0; f < F; f++) {
      let s = 0;
      for (let q = 0; q < m; q++) s += P[q] * weak[f][q];
      if (s > bestValue) {
        bestValue = s;
        best = f;
      }
    }
    if (best < 0) {
      stopped = { round: t, reason: 'no feature to choose from' };
      break;
    }
    let num = 0;
    let den = 0;
    for (let q = 0; q < m; q++) {
      num += P[q] * (1 + weak[best][q]);
      den += P[q] * (1 - weak[best][q]);
    }
    if (!(den > 0)) {
      stopped = {
        round: t,
        reason: `feature ${input.names[best]} ranks every query of weight > 0 perfectly (${metric} = 1), so α would be infinite; the round is not added`,
      };
      break;
    }
    const alpha = 0.5 * Math.log(num / den);
    coef[best] += alpha;
    for (let i = 0; i < n; i++) score[i] = dot(input.features, i * F, coef);
    let sumE = 0;
    let sumExp = 0;
    const next = new Float64Array(m);
    for (let q = 0; q < m; q++) {
      const e = queryMeasure(score, input.relevance, rows[q], metric, k);
      sumE += e;
      next[q] = Math.exp(-e);
      sumExp += next[q];
    }
    for (let q = 0; q < m; q++) next[q] /= sumExp;
    P = next;
    out.push({ round: t, feature: input.names[best], featureIndex: best, weightedMeasure: bestValue, alpha, measure: sumE / m, loss: sumExp / m });
    opts.onProgress?.('rounds', t, params.rounds);
    await tick();
  }
  return {
    metric,
    k,
    queries: m,
    rows: n,
    rounds: out,
    weights: input.names.map((feature, f) => ({ feature, weight: coef[f] })),
    queryWeights: P,
    stopped,
  };
}
