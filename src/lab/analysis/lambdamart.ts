/**
 * lambdamart's panel figures: for the worst queries by value, each document's LightGBM gradient
 * (λ) and hessian (h) against its rank and score, and the pairs that make them (ΔNDCG, ρ, λ).
 * The arithmetic is the engine's (queryLambdas, the same code `evaluate` runs); here it is only
 * run again, with the pairs kept, for the few queries shown.
 */
import { groupOf, rowsOf } from '../../engine/group-rows';
import { queryLambdas, queryNdcgAt } from '../../engine/losses/ranking/lambdamart-core';
import { lambdamartParams } from '../../engine/losses/ranking/lambdamart';
import { queryRows } from '../../engine/metrics/ranking';
import type { EvalInputs, ResolvedParams } from '../../engine/spec';
import type { LambdaMartAnalysis, LambdaMartQuery } from '../../shared/results';

export const LAMBDAMART_QUERIES = 20;
export const LAMBDAMART_DOCS = 100;
export const LAMBDAMART_PAIRS = 100;

/**
 * `perSample`/`unitIds`: the evaluation's per-query values and their query ids (ascending). The
 * worst LAMBDAMART_QUERIES by value, ties in query order.
 */
export function analyzeLambdaMart(
  inputs: EvalInputs,
  params: ResolvedParams,
  perSample: ArrayLike<number>,
  unitIds: ArrayLike<number>,
  lines: ArrayLike<number>,
): LambdaMartAnalysis {
  const p = lambdamartParams(params);
  const query = inputs.query!.data;
  const score = inputs.score!.data;
  const rel = inputs.relevance!.data;
  const weight = inputs.weight?.data ?? null;
  const groups = queryRows(query);
  const units = Array.from({ length: perSample.length }, (_, u) => u);
  const key = (u: number): number => (Number.isFinite(perSample[u]) ? perSample[u] : -Infinity);
  units.sort((a, b) => key(b) - key(a) || a - b);
  const queries: LambdaMartQuery[] = [];
  for (const u of units.slice(0, LAMBDAMART_QUERIES)) {
    const g = groupOf(groups, unitIds[u]);
    if (g < 0) continue;
    const rows = rowsOf(groups, g);
    const r = queryLambdas(score, rel, weight, rows, p, true);
    const pairs = [...r.pairs!].sort((a, b) => Math.abs(b.lambda) - Math.abs(a.lambda));
    queries.push({
      id: unitIds[u],
      line: lines[rows[0]] ?? null,
      docs: rows.length,
      cost: Number.isFinite(perSample[u]) ? perSample[u] : null,
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
    });
  }
  return { truncationLevel: p.truncationLevel, queries };
}
