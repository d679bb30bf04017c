/**
 * The per-sample results of an evaluation as CSV ("export per-sample results"): one line per unit
 * (row, pair, query or triplet) with the CSV line it comes from, its loss, the family's variable,
 * and for row units `per_sample_grad_norm`, the norm of the gradient of that row's own loss
 * ‖∂l_i/∂(row i's inputs)‖ (the data view's gradient magnitudes; not divided by N). A query unit is
 * named by the file's own query id (not the engine's code of a renumbered id, nor its position),
 * and a loss with a second per-unit output (adarank's queryWeights) adds it as a column.
 */
import type { Evaluation } from './data-session';
import { queryIds } from './query-ids';

const cell = (x: number | null | undefined): string => (x === null || x === undefined || Number.isNaN(x) ? '' : String(x));
const header = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function perSampleCsv(ev: Evaluation): string {
  const { analysis, dataset } = ev;
  const r = analysis.eval;
  const per = r.perSample ?? new Float32Array(0);
  const view = analysis.view;
  const rowUnit = r.unit === 'row';
  const all = Array.from({ length: per.length }, (_, i) => i);
  const variable = view ? view.variableOf(all) : null;
  const rows = view ? view.rowOf(all) : rowUnit ? all : null;
  const unitIds = r.unit === 'query' ? r.unitIds : undefined;
  const idOf = queryIds(dataset.idValues?.query).idOf;
  const unitWeights = r.unitWeights && r.unitWeights.length === per.length ? r.unitWeights : null;
  const cols = [
    r.unit,
    'line',
    'loss',
    ...(variable ? [view!.label] : []),
    ...(rowUnit && analysis.gradNorms ? ['per_sample_grad_norm'] : []),
    ...(unitWeights ? [ev.result.unitWeights?.name ?? 'unit_weight'] : []),
  ];
  const out: string[] = [cols.map(header).join(',')];
  for (let u = 0; u < per.length; u++) {
    const row = rows ? rows[u] : -1;
    const line = row >= 0 ? dataset.lines[row] : null;
    const fields = [unitIds ? String(idOf(unitIds[u])) : String(u), cell(line), cell(per[u])];
    if (variable) fields.push(cell(variable[u]));
    if (rowUnit && analysis.gradNorms) fields.push(cell(analysis.gradNorms[u]));
    if (unitWeights) fields.push(cell(unitWeights[u]));
    out.push(fields.join(','));
  }
  return out.join('\n') + '\n';
}
