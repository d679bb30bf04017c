/**
 * The panel's "any query" of lambdamart: the figures of one query of the last evaluation, picked by
 * the file's own id. The evaluation's own inputs, params and per-query values are used (nothing is
 * evaluated again beyond the one query's lambdas).
 */
import { lambdaMartQuery } from './analysis/lambdamart';
import type { Evaluation } from './data-session';
import { PanelError } from './panel-error';
import { queryIds } from './query-ids';
import type { LambdaMartQuery } from '../shared/results';

export function lambdaMartQueryOf(ev: Evaluation, id: number): LambdaMartQuery {
  const r = ev.analysis.eval;
  if (ev.result.loss !== 'lambdamart' || !r.perSample || !r.unitIds) {
    throw new PanelError('bad_request', `the last evaluation is of ${ev.result.loss}, not lambdamart: evaluate lambdamart first`);
  }
  const ids = queryIds(ev.dataset.idValues?.query);
  const q = lambdaMartQuery(ev.dataset.inputs, r.params, r.perSample, r.unitIds, ev.dataset.lines, id, ids.codeOf, ids.idOf);
  if (!q) throw new PanelError('not_found', `no query has id ${id} in ${ev.dataset.fileName}`);
  return q;
}
