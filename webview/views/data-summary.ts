/**
 * The figures of an evaluation on the loaded CSV: the reduced loss (what `mean` divided by), rows
 * used and skipped (with why and the first line), metrics, and the full-data size behind the
 * decimated charts, so a sampled chart is never mistaken for the whole file.
 */
import type { DataResult } from '../../src/shared/protocol';
import { el, fmt, replaceChildren } from '../dom';

function item(label: string, value: string, testId?: string): HTMLElement[] {
  return [el('dt', {}, label), el('dd', testId ? { 'data-testid': testId } : {}, value)];
}

export function renderSummary(target: HTMLElement, r: DataResult): void {
  const reduced = r.value !== null
    ? item(`loss (${r.reduction})`, fmt(r.value, 6), 'data-value')
    : item('mean per-sample loss (reduction none)', fmt(r.meanPerSample, 6), 'data-value');
  const units = r.unit === 'row' ? [] : item(`${r.unit}s`, r.count.toLocaleString('en-US'), 'data-units');
  const denominator = r.reduction === 'mean' && r.denominator !== r.count ? item('mean divides by', fmt(r.denominator, 6)) : [];
  const metrics = Object.entries(r.metrics).flatMap(([k, v]) => item(k, fmt(v)));
  const counts = Object.entries(r.counts).flatMap(([k, v]) => item(k, v.toLocaleString('en-US')));
  const skipped = r.skipped.count === 0
    ? el('p', { class: 'muted small', 'data-testid': 'data-skipped' }, 'No rows skipped.')
    : el('div', { class: 'skipped', 'data-testid': 'data-skipped' },
        el('strong', {}, `${r.skipped.count.toLocaleString('en-US')} rows skipped`),
        el('ul', {}, ...r.skipped.reasons.map((s) =>
          el('li', {}, `${s.count.toLocaleString('en-US')} × ${s.reason}`, s.firstLine !== null ? ` (first at line ${s.firstLine})` : ''))));
  const sampled = r.scatter && r.scatter.shown < r.scatter.total
    ? el('p', { class: 'muted small', 'data-testid': 'data-decimation' },
        `Charts draw ${r.scatter.shown.toLocaleString('en-US')} of ${r.scatter.total.toLocaleString('en-US')} points; every figure here is computed on all of them.`)
    : null;
  replaceChildren(
    target,
    el('dl', { class: 'summary-grid' },
      ...reduced,
      ...item('rows used', r.n.toLocaleString('en-US'), 'data-n'),
      ...units,
      ...denominator,
      ...metrics,
      ...counts,
      ...item('file', `${r.dataset.fileName} (${r.dataset.rows.toLocaleString('en-US')} rows)`, 'data-file-summary'),
      ...item('time', `${Math.round(r.evalMs)} ms`)),
    skipped,
    sampled,
  );
}
