/** Input roles shared by the ranking losses: "long" data, one row per (query, document). */
import type { RoleSpec } from '../../spec';

export const QUERY: RoleSpec = {
  name: 'query',
  columns: 'one',
  domain: 'integer',
  differentiable: false,
  aliases: ['qid', 'query_id', 'queryid', 'query', 'group', 'group_id', 'session', 'session_id'],
  doc: 'the query (group) id of each row, an integer; rows of one query need not be contiguous',
};
/**
 * The column name of AdaRank's combined score (loss-lab adarank --out, the panel's "use combined
 * score"); a score alias, so that a file with it is evaluated on it without a mapping.
 */
export const ADARANK_SCORE_COLUMN = 'adarank_score';

export const SCORE: RoleSpec = {
  name: 'score',
  columns: 'one',
  domain: 'real',
  differentiable: true,
  aliases: ['score', 'scores', 'y_pred', 'pred', 'prediction', 'logit', 'output', ADARANK_SCORE_COLUMN],
  doc: 'the model score s of each document, one column; higher ranks first',
};
export const RELEVANCE: RoleSpec = {
  name: 'relevance',
  columns: 'one',
  domain: 'nonnegative',
  differentiable: false,
  aliases: ['rel', 'relevance', 'label', 'grade', 'y_true', 'target', 'judgement', 'judgment'],
  doc: 'the graded relevance of each document, >= 0 (0 = not relevant)',
};

export const RANKING_ROLES: readonly RoleSpec[] = [QUERY, SCORE, RELEVANCE];

/**
 * Relevance for a loss built on the gain 2^rel - 1 (LambdaRank): at most 31, as XGBoost's and
 * LightGBM's NDCG objectives require. Beyond it the gains of a query dwarf each other (and overflow
 * float32 at 128, float64 at 1024, giving NaN weights); graded labels are small integers.
 */
export const GAIN_RELEVANCE: RoleSpec = {
  ...RELEVANCE,
  doc: 'the graded relevance of each document, 0 to 31 (0 = not relevant; the gain is 2^rel - 1)',
  max: { value: 31, why: 'the gain 2^rel - 1 is for graded labels; XGBoost and LightGBM have the same limit' },
};
