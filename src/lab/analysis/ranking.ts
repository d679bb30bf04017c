/**
 * Ranking figures on long data: per-query NDCG@k and MRR (the engine's definitions, in
 * src/engine/metrics/ranking.ts), per-query loss, and the per-unit variable for the scatter:
 * - pair losses (RankNet, LambdaRank): the pair's score difference s_i − s_j, pairs enumerated in
 *   the engine's documented order (queries by ascending id; within a query by the input row of i,
 *   then of j; only rel_i > rel_j);
 * - row losses (pointwise): the residual s − rel;
 * - query losses (ListNet, ListMLE): the query's NDCG@k.
 */
import type { RankingAnalysis } from '../../shared/results';
import { groupOf, rowsOf } from '../../engine/group-rows';
import { countOrderedPairs } from '../../engine/losses/ranking/pairs';
import { labelGainOf, queryNdcg, queryReciprocalRank, queryRows } from '../../engine/metrics/ranking';
import type { EvalInputs, LossUnit, ResolvedParams } from '../../engine/spec';
import { histogram } from './histogram';
import { rowUnits, type UnitView } from './unit-view';

export const PER_QUERY_LIMIT = 200;

/** Pairs of the query's rows with rel_i > rel_j (the engine's count). */
function pairCount(rel: ArrayLike<number>, rows: ArrayLike<number>): number {
  return countOrderedPairs(Float64Array.from(rows, (i) => rel[i]));
}

/**
 * The `limit` queries of highest loss (no loss and NaN count as lowest), ties in query order,
 * without sorting every query with a comparator (a file may have millions): a native sort of the
 * losses finds the cut, and only the queries above it are sorted.
 */
function topQueries(qLoss: ReadonlyArray<number | null>, limit: number): number[] {
  const n = qLoss.length;
  const keys = Float64Array.from(qLoss, (x) => (x === null || Number.isNaN(x) ? -Infinity : x));
  const byLoss = (a: number, b: number): number => keys[b] - keys[a] || a - b;
  if (n <= limit) return Array.from({ length: n }, (_, q) => q).sort(byLoss);
  const cut = keys.slice().sort()[n - limit];
  const picked: number[] = [];
  for (let q = 0; q < n; q++) if (keys[q] > cut) picked.push(q);
  for (let q = 0; q < n && picked.length < limit; q++) if (keys[q] === cut) picked.push(q);
  return picked.sort(byLoss);
}

export interface RankingFigures {
  readonly analysis: RankingAnalysis;
  /** null when the per-sample values cannot be related to queries (an unexpected count). */
  readonly view: UnitView | null;
}

export function analyzeRanking(
  inputs: EvalInputs,
  params: ResolvedParams,
  unit: LossUnit,
  perSample: ArrayLike<number> | undefined,
  unitIds: ArrayLike<number> | undefined,
  lines: ArrayLike<number>,
  /** The file's own id of a query code (renumbered ids above 2^24 map back). */
  idOf: (code: number) => number = (c) => c,
): RankingFigures {
  const query = inputs.query!.data;
  const score = inputs.score!.data;
  const rel = inputs.relevance!.data;
  // The NDCG cut-off: the loss's k, or lambdamart's truncation_level (LightGBM's NDCG@k).
  const k = typeof params.k === 'number' ? params.k : typeof params.truncation_level === 'number' ? params.truncation_level : null;
  // The loss's own gains when it has them (lambdamart's label_gain), as its metric: else 2^rel − 1.
  const labelGain = labelGainOf(params);
  const groups = queryRows(query);
  const nq = groups.count;
  const ndcg = new Array<number | null>(nq);
  const mrr = new Array<number | null>(nq);
  for (let q = 0; q < nq; q++) {
    ndcg[q] = queryNdcg(score, rel, rowsOf(groups, q), k, labelGain);
    mrr[q] = queryReciprocalRank(score, rel, rowsOf(groups, q));
  }
  const firstRow = (q: number): number => groups.order[groups.starts[q]];

  // Per-query loss, and the unit → (query, row) relation.
  const qLoss: Array<number | null> = new Array(nq).fill(null);
  let view: UnitView | null = null;
  let queryLoss = 'not available';
  if (perSample && unit === 'row' && perSample.length === query.length) {
    for (let q = 0; q < nq; q++) {
      const rows = rowsOf(groups, q);
      let s = 0;
      for (const i of rows) s += perSample[i];
      qLoss[q] = s / rows.length;
    }
    queryLoss = "mean over the query's rows";
    const residual = new Float64Array(score.length);
    for (let i = 0; i < score.length; i++) residual[i] = score[i] - rel[i];
    view = rowUnits('score − relevance', 'score − relevance', residual);
  } else if (perSample && unit === 'query' && unitIds && unitIds.length === perSample.length) {
    const unitQuery = Array.from(unitIds, (id) => groupOf(groups, id));
    unitQuery.forEach((q, u) => q >= 0 && (qLoss[q] = perSample[u]));
    queryLoss = 'the loss of the query';
    view = {
      label: `NDCG${k === null ? '' : '@' + k} of the query`,
      about: `the query's NDCG${k === null ? '' : '@' + k}`,
      variableOf: (us) => us.map((u) => ndcg[unitQuery[u]] ?? NaN),
      rowOf: (us) => us.map((u) => (unitQuery[u] >= 0 ? firstRow(unitQuery[u]) : -1)),
      describe: (u) => `query ${idOf(unitIds[u])}`,
    };
  } else if (perSample && unit === 'pair') {
    const counts = Array.from({ length: nq }, (_, q) => pairCount(rel, rowsOf(groups, q)));
    const offsets = new Array<number>(nq + 1).fill(0);
    counts.forEach((c, q) => (offsets[q + 1] = offsets[q] + c));
    if (offsets[nq] === perSample.length) {
      for (let q = 0; q < nq; q++) {
        if (counts[q] === 0) continue;
        let s = 0;
        for (let u = offsets[q]; u < offsets[q + 1]; u++) s += perSample[u];
        qLoss[q] = s / counts[q];
      }
      queryLoss = "mean over the query's pairs";
      // Calls f(k, i, j) for each requested pair us[k] (any order), with its (i, j) rows, enumerating
      // only the queries that hold a requested pair.
      const visit = (us: readonly number[], f: (k: number, i: number, j: number) => void): void => {
        const order = us.map((_, k) => k).sort((a, b) => us[a] - us[b]);
        let q = 0;
        let at = 0;
        while (at < order.length) {
          const u = us[order[at]];
          if (u < 0 || u >= offsets[nq]) {
            at++;
            continue;
          }
          while (offsets[q + 1] <= u) q++;
          const rows = rowsOf(groups, q);
          let idx = offsets[q];
          for (const i of rows) {
            for (const j of rows) {
              if (!(rel[i] > rel[j])) continue;
              while (at < order.length && us[order[at]] === idx) f(order[at++], i, j);
              idx++;
            }
          }
          q++;
        }
      };
      view = {
        label: 's_i − s_j of the pair (rel_i > rel_j)',
        about: 'the score difference s_i − s_j of the pair (rel_i > rel_j)',
        variableOf: (us) => {
          const out = new Array<number>(us.length).fill(NaN);
          visit(us, (k, i, j) => (out[k] = score[i] - score[j]));
          return out;
        },
        rowOf: (us) => {
          const out = new Array<number>(us.length).fill(-1);
          visit(us, (k, i) => (out[k] = i));
          return out;
        },
        describe: () => 'pair',
      };
    }
  }

  const mean = (xs: Array<number | null>): number | null => {
    const ok = xs.filter((x): x is number => x !== null && Number.isFinite(x));
    return ok.length ? ok.reduce((s, x) => s + x, 0) / ok.length : null;
  };
  const perQuery = topQueries(qLoss, PER_QUERY_LIMIT).map((q) => ({
    id: idOf(query[firstRow(q)]),
    docs: groups.starts[q + 1] - groups.starts[q],
    loss: qLoss[q],
    ndcg: ndcg[q],
    mrr: mrr[q],
    line: lines[firstRow(q)] ?? null,
  }));
  const finiteLosses = qLoss.filter((x): x is number => x !== null);
  return {
    analysis: {
      kind: 'ranking',
      k,
      gain: labelGain ? 'label_gain' : '2^rel − 1',
      queries: nq,
      ndcg: mean(ndcg),
      mrr: mean(mrr),
      queryLoss,
      perQuery,
      lossHistogram: finiteLosses.length ? histogram(finiteLosses) : null,
    },
    view,
  };
}
