/**
 * The figures of an evaluation on the loaded CSV: the reduced loss (what `mean` divided by), rows
 * used and skipped (with why and the first line), metrics, and the full-data size behind the
 * decimated charts, so a sampled chart is never mistaken for the whole file. Every figure says
 * what it counts: accuracy with its correct and counted rows in one line, the units of a pair or
 * query loss as "pairs in the mean", metric names in words. The file and its row count are in the
 * toolbar above, so they are not repeated here.
 */
import type { DataResult } from '../../src/shared/protocol';
import { el, fmt, replaceChildren } from '../dom';

function item(label: string, value: string, testId?: string, help?: string): HTMLElement[] {
  return [el('dt', help ? { title: help } : {}, label), el('dd', testId ? { 'data-testid': testId } : {}, value)];
}

const count = (n: number): string => n.toLocaleString('en-US');

/** Metric and count names as the engine reports them, in words (unknown names are shown as they are). */
const NAMES: Readonly<Record<string, { label: string; help: string }>> = {
  ndcg: { label: 'NDCG', help: 'mean NDCG over the queries that have a relevant document' },
  mrr: { label: 'MRR', help: 'mean reciprocal rank of the first relevant document, over the queries that have one' },
  queries: { label: 'queries averaged', help: 'queries NDCG and MRR are averaged over' },
  queries_without_relevant: { label: 'queries left out', help: 'queries with no document of relevance > 0 (not in NDCG and MRR)' },
  mined: { label: 'triplets mined', help: '(anchor, positive, negative) triplets the miner formed' },
  hard: { label: 'hard', help: 'mined triplets with d(a,n) ≤ d(a,p)' },
  semi_hard: { label: 'semi-hard', help: 'mined triplets with d(a,p) < d(a,n) < d(a,p) + margin' },
  easy: { label: 'easy', help: 'mined triplets with d(a,n) ≥ d(a,p) + margin (no loss)' },
  agreement: { label: "agreement with the teacher", help: "share of rows whose largest student logit is the teacher's largest (kl_div)" },
  agreeing: { label: 'rows agreeing', help: "rows whose largest student logit is the teacher's largest" },
  soft_tp: { label: 'soft TP', help: 'Σ p y: the soft true positives behind Dice and Tversky (p = σ(z))' },
  soft_fp: { label: 'soft FP', help: 'Σ p (1 − y): the soft false positives' },
  soft_fn: { label: 'soft FN', help: 'Σ (1 − p) y: the soft false negatives' },
  hard_dice: { label: 'Dice at p > 0.5', help: 'the Dice coefficient 2|P ∩ Y| / (|P| + |Y|) of the mask predicted by logit > 0' },
};

/** Metrics as summary items: accuracy, correct and counted become one line that says what was counted. */
function metricItems(r: DataResult): HTMLElement[] {
  const m = { ...r.metrics };
  const out: HTMLElement[] = [];
  if (m['accuracy'] !== undefined) {
    const correct = m['correct'];
    const counted = m['counted'];
    const detail = correct !== undefined && counted !== undefined
      ? ` (${count(correct)} correct of ${count(counted)} rows counted${counted < r.n ? '; rows whose target is ignore_index are not counted' : ''})`
      : '';
    out.push(...item('accuracy', `${(100 * m['accuracy']).toFixed(2)}%${detail}`, 'data-accuracy', 'share of counted rows predicted as their target (the largest logit; for one logit, logit > 0)'));
    delete m['accuracy'];
    delete m['correct'];
    delete m['counted'];
  }
  for (const [k, v] of Object.entries(m)) out.push(...item(NAMES[k]?.label ?? k, fmt(v), undefined, NAMES[k]?.help));
  return out;
}

export function renderSummary(target: HTMLElement, r: DataResult): void {
  const reduced = r.value !== null
    ? item(`loss (${r.reduction})`, fmt(r.value, 6), 'data-value')
    : item('mean per-sample loss (reduction none)', fmt(r.meanPerSample, 6), 'data-value');
  const plural = r.unit === 'query' ? 'queries' : `${r.unit}s`;
  const units = r.unit === 'row' ? [] : item(r.reduction === 'mean' ? `${plural} in the mean` : plural, count(r.count), 'data-units', `one per-sample value per ${r.unit}, formed from the rows used`);
  const denominator = r.reduction === 'mean' && r.denominator !== r.count ? item('mean divides by', fmt(r.denominator, 6), undefined, 'the sum of the normalizer weights (class weights of the targets), as PyTorch') : [];
  const counts = Object.entries(r.counts).flatMap(([k, v]) => item(NAMES[k]?.label ?? k, count(v), undefined, NAMES[k]?.help));
  const skipped = r.skipped.count === 0
    ? el('p', { class: 'muted small', 'data-testid': 'data-skipped' }, 'No rows skipped.')
    : el('div', { class: 'skipped', 'data-testid': 'data-skipped' },
        el('strong', {}, `${count(r.skipped.count)} rows skipped`),
        el('ul', {}, ...r.skipped.reasons.map((s) =>
          el('li', {}, `${count(s.count)} × ${s.reason}`, s.firstLine !== null ? ` (first at line ${s.firstLine})` : ''))));
  const sampled = r.scatter && r.scatter.shown < r.scatter.total
    ? el('p', { class: 'muted small', 'data-testid': 'data-decimation' },
        `Charts draw ${count(r.scatter.shown)} of ${count(r.scatter.total)} points; every figure here is computed on all of them.`)
    : null;
  replaceChildren(
    target,
    el('dl', { class: 'summary-grid' },
      ...reduced,
      ...item('rows used', count(r.n), 'data-n', 'rows of the file the loss was computed on (rows with missing values are skipped, see below)'),
      ...units,
      ...denominator,
      ...metricItems(r),
      ...counts,
      ...item('file', r.dataset.fileName, 'data-file-summary'),
      ...item('time', `${Math.round(r.evalMs)} ms`)),
    skipped,
    sampled,
  );
}
