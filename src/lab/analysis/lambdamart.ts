/**
 * lambdamart's panel figures: for the worst queries by value (and any query the user picks), each document's LightGBM gradient
 * (λ) and hessian (h) against its rank and score, and the pairs that make them (ΔNDCG, ρ, λ).
 * The arithmetic is the engine's (queryLambdas, the same code `evaluate` runs); here it is only
 * run again, with the pairs kept, for the few queries shown.
 */
import { groupOf, rowsOf, type RowGroups } from '../../engine/group-rows';
import { queryLambdas, queryNdcgAt } from '../../engine/losses/ranking/lambdamart-core';
import { lambdamartParams } from '../../engine/losses/ranking/lambdamart';
import { queryRows } from '../../engine/metrics/ranking';
import type { EvalInputs, ResolvedParams } from '../../engine/spec';
import type { LambdaMartAnalysis, LambdaMartQuery } from '../../shared/results';

export const LAMBDAMART_QUERIES = 20;
export const LAMBDAMART_DOCS = 100;
export const LAMBDAMART_PAIRS = 100;
/** Query ids listed for the picker's suggestions; any other id of the file can still be typed. */
export const LAMBDAMART_ID_LIST = 10_000;

/** The file's own id of a query code (renumbered ids above 2^24 map back; others are the id). */
export type QueryIdOf = (code: number) => number;
const sameId: QueryIdOf = (c) => c;

/**
 * `perSample`/`unitIds`: the evaluation's per-query values and their query codes (ascending). The
 * worst LAMBDAMART_QUERIES by value, ties in query order, and the ids of all queries (the first
 * LAMBDAMART_ID_LIST) for the picker; ids shown are the file's own (`idOf`).
 */
export function analyzeLambdaMart(
  inputs: EvalInputs,
  params: ResolvedParams,
  perSample: ArrayLike<number>,
  unitIds: ArrayLike<number>,
  lines: ArrayLike<number>,
  idOf: QueryIdOf = sameId,
): LambdaMartAnalysis {
  const p = lambdamartParams(params);
  const groups = queryRows(inputs.query!.data);
  const units = Array.from({ length: perSample.length }, (_, u) => u);
  const key = (u: number): number => (Number.isFinite(perSample[u]) ? perSample[u] : -Infinity);
  units.sort((a, b) => key(b) - key(a) || a - b);
  const queries: LambdaMartQuery[] = [];
  for (const u of units.slice(0, LAMBDAMART_QUERIES)) {
    const q = queryFigures(inputs, p, groups, unitIds[u], perSample[u], lines, idOf);
    if (q) queries.push(q);
  }
  const listed = Math.min(groups.count, LAMBDAMART_ID_LIST);
  return {
    truncationLevel: p.truncationLevel,
    queries,
    queryCount: groups.count,
    queryIds: Array.from({ length: listed }, (_, g) => idOf(groups.ids[g])),
  };
}

/**
 * One query picked by the user (any query of the file, by its own id): the same figures as the
 * worst queries'. `perSample`/`unitIds` as for analyzeLambdaMart; null when no query has that id.
 */
export function lambdaMartQuery(
  inputs: EvalInputs,
  params: ResolvedParams,
  perSample: ArrayLike<number>,
  unitIds: ArrayLike<number>,
  lines: ArrayLike<number>,
  id: number,
  codeOf: (id: number) => number | null = (x) => x,
  idOf: QueryIdOf = sameId,
): LambdaMartQuery | null {
  const code = codeOf(id);
  if (code === null) return null;
  let u = -1;
  for (let k = 0; k < unitIds.length; k++) {
    if (unitIds[k] === code) {
      u = k;
      break;
    }
  }
  return queryFigures(inputs, lambdamartParams(params), queryRows(inputs.query!.data), code, u >= 0 ? perSample[u] : NaN, lines, idOf);
}

function queryFigures(
  inputs: EvalInputs,
  p: ReturnType<typeof lambdamartParams>,
  groups: RowGroups,
  code: number,
  value: number,
  lines: ArrayLike<number>,
  idOf: QueryIdOf,
): LambdaMartQuery | null {
  const score = inputs.score!.data;
  const rel = inputs.relevance!.data;
  const weight = inputs.weight?.data ?? null;
  const g = groupOf(groups, code);
  if (g < 0) return null;
  const rows = rowsOf(groups, g);
  const r = queryLambdas(score, rel, weight, rows, p, true);
  const pairs = [...r.pairs!].sort((a, b) => Math.abs(b.lambda) - Math.abs(a.lambda));
  return {
    id: idOf(code),
    line: lines[rows[0]] ?? null,
    docs: rows.length,
    cost: Number.isFinite(value) ? value : null,
    ndcg: queryNdcgAt(score, rel, rows, p.truncationLevel, p.labelGain),
    sumLambdas: r.sumLambdas,
    normFactor: r.normFactor,
    scoreNorm: r.scoreNorm,
    documents: Array.from(r.order.slice(0, LAMBDAMART_DOCS), (t, rank) => ({
      rank,
      line: lines[rows[t]] ?? null,
      score: score[rows[t]],
      relevance: rel[rows[t]],
      lambda: r.grad[t],
      hess: r.hess[t],
    })),
    pairs: pairs.slice(0, LAMBDAMART_PAIRS).map((q) => ({
      highRank: q.highRank,
      lowRank: q.lowRank,
      deltaScore: q.deltaScore,
      deltaNdcg: q.deltaNdcg,
      rho: q.rho,
      // the pair's λ after the query's factor (what it adds to the documents' λ before the row weights)
      lambda: q.lambda * r.normFactor,
    })),
    pairCount: r.pairs!.length,
  };
}
