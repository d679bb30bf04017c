/**
 * The per-family analysis under the data summary: per-class loss, counts and suggested class
 * weights (with Apply) for classification; NDCG@k, MRR and per-query loss for ranking; distance
 * distributions against the margin for contrastive; easy/semi-hard/hard shares for triplets;
 * residual figures for regression.
 */
import type { ErrorData, FamilyAnalysis, LambdaMartQuery, ParamSuggestion } from '../../src/shared/protocol';
import { XYChart } from '../charts/xy-chart';
import { el, fmt, replaceChildren } from '../dom';
import type { Palette } from '../theme';
import { LambdaMartView } from './lambdamart-view';

const pct = (part: number, total: number): string => (total > 0 ? `${((100 * part) / total).toFixed(1)}%` : '—');
const centers = (edges: readonly number[]): number[] => edges.slice(0, -1).map((e, i) => (e + edges[i + 1]!) / 2);

/** A figures table; rows with a CSV line can be clicked (or Enter) to reveal it. */
export function table(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  testId: string,
  reveal?: { lines: readonly (number | null)[]; go: (line: number) => void },
): HTMLTableElement {
  const body = el('tbody');
  rows.forEach((r, k) => {
    const tr = el('tr', {}, ...r.map((c, i) => el('td', { class: i ? 'num' : null }, c)));
    const line = reveal?.lines[k];
    if (reveal && typeof line === 'number') {
      tr.tabIndex = 0;
      tr.classList.add('clickable');
      tr.setAttribute('aria-label', `Show line ${line} in the CSV`);
      tr.addEventListener('click', () => reveal.go(line));
      tr.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') reveal.go(line);
      });
    }
    body.append(tr);
  });
  return el('table', { class: 'figures', 'data-testid': testId },
    el('thead', {}, el('tr', {}, ...headers.map((h, i) => el('th', { scope: 'col', class: i ? 'num' : null }, h)))),
    body);
}

export class FamilyPanel {
  readonly element = el('section', { class: 'family-panel', 'data-testid': 'family-panel', 'aria-label': 'Family analysis' });
  private chart: XYChart | null = null;
  private lambdamart: LambdaMartView | null = null;

  constructor(
    private palette: Palette,
    private readonly apply: (s: ParamSuggestion) => void,
    private readonly reveal: (line: number) => void,
    /** lambdamart: any query of the evaluation on screen, by the file's own id, from the host. */
    private readonly lambdamartQuery: (id: number) => Promise<{ ok: true; result: LambdaMartQuery } | { ok: false; error: ErrorData }>,
  ) {}

  setPalette(p: Palette): void {
    this.palette = p;
    this.chart?.setPalette(p);
    this.lambdamart?.setPalette(p);
  }

  show(a: FamilyAnalysis | null, suggestions: readonly ParamSuggestion[]): void {
    this.chart?.destroy();
    this.chart = null;
    this.lambdamart?.destroy();
    this.lambdamart = null;
    if (a === null) {
      replaceChildren(this.element);
      return;
    }
    const head = el('h3', { class: 'section-title' }, `${a.kind[0]!.toUpperCase()}${a.kind.slice(1)} analysis`);
    this.element.dataset['kind'] = a.kind;
    switch (a.kind) {
      case 'classification': {
        const rows = a.classes.map((c, i) => [
          String(c.index),
          String(c.count),
          fmt(c.meanLoss),
          fmt(a.weights.inverseFrequency[i]),
          fmt(a.weights.effectiveNumber[i]),
        ]);
        replaceChildren(this.element, head,
          a.accuracy !== null ? el('p', {}, `${a.accuracyLabel ?? 'Accuracy'} ${pct(a.accuracy, 1)}`) : null,
          table([a.classLabel ?? 'class', 'count', 'mean loss', 'inverse-frequency weight', `effective-number weight (β=${a.weights.beta})`], rows, 'class-table'),
          this.suggestionButtons(suggestions));
        return;
      }
      case 'ranking': {
        if (a.lambdamart) this.lambdamart = new LambdaMartView(this.palette, this.reveal, this.lambdamartQuery);
        const shown = a.perQuery.slice(0, 20);
        const rows = shown.map((q) => [String(q.id), String(q.docs), fmt(q.loss), fmt(q.ndcg), fmt(q.mrr)]);
        const reveal = { lines: shown.map((q) => q.line), go: this.reveal };
        // k null: NDCG over the full list (losses without a cut-off).
        const at = typeof a.k === 'number' ? `@${a.k}` : '';
        replaceChildren(this.element, head,
          el('p', { 'data-testid': 'ranking-metrics' }, `${a.queries} queries · NDCG${at} ${fmt(a.ndcg)} · MRR ${fmt(a.mrr)}`),
          el('p', { class: 'muted small', 'data-testid': 'ranking-note' }, `Worst ${shown.length} of ${a.queries} queries by loss; click one to show it in the CSV. NDCG gain: ${a.gain === 'label_gain' ? "the loss's label_gain" : '2^rel − 1'}.`),
          table(['query', 'docs', 'loss', `NDCG${at}`, 'MRR'], rows, 'query-table', reveal),
          this.lambdamart?.element ?? null,
          this.suggestionButtons(suggestions));
        // after it is in the page: the charts size themselves from their boxes
        if (a.lambdamart) this.lambdamart?.show(a.lambdamart);
        return;
      }
      case 'contrastive': {
        this.chart = new XYChart(this.palette, { testId: 'contrastive-chart', ariaLabel: 'Distance distributions of similar and dissimilar pairs', xTitle: 'distance', yTitle: 'pairs', legend: true });
        replaceChildren(this.element, head,
          el('p', { 'data-testid': 'contrastive-figures' },
            `similar pairs ${a.similarCount} (mean distance ${fmt(a.similarMeanDistance)}) · dissimilar ${a.dissimilarCount} ` +
            `(mean ${fmt(a.dissimilarMeanDistance)}) · dissimilar inside the margin ${a.dissimilarInsideMargin === null ? '—' : pct(a.dissimilarInsideMargin, 1)}`),
          this.chart.element,
          this.suggestionButtons(suggestions));
        const x = centers(a.edges);
        this.chart.setData([
          { label: 'similar', x, y: a.similar, color: 2, style: 'bars' },
          { label: 'dissimilar', x, y: a.dissimilar, color: 4, style: 'bars' },
        ], { markers: [{ x: a.margin, label: `margin ${fmt(a.margin)}` }] });
        return;
      }
      case 'cosine': {
        this.chart = new XYChart(this.palette, { testId: 'cosine-chart', ariaLabel: 'Cosine similarity distributions', xTitle: 'cosine similarity', yTitle: 'count', legend: true });
        replaceChildren(this.element, head,
          el('p', { 'data-testid': 'cosine-figures' },
            [...a.groups.map((g) => `${g.name}: ${g.count} (mean cosine ${fmt(g.mean)})`), ...a.shares.map((x) => `${x.label} ${x.value === null ? '—' : pct(x.value, 1)}`)].join(' · ')),
          el('p', { class: 'muted small' }, a.note),
          this.chart.element,
          this.suggestionButtons(suggestions));
        const x = centers(a.edges);
        this.chart.setData(
          a.groups.map((g, i) => ({ label: g.name, x, y: g.counts, color: i === 0 ? 2 : 4, style: 'bars' as const })),
          { markers: a.margin === null ? [] : [{ x: a.margin, label: `margin ${fmt(a.margin)}` }] },
        );
        return;
      }
      case 'triplet': {
        const bar = (label: string, n: number, cls: string): HTMLElement =>
          el('div', { class: `share ${cls}`, 'data-testid': `triplet-${cls}` }, el('span', {}, label), el('strong', {}, `${pct(n, a.total)}`), el('span', { class: 'muted' }, ` (${n})`));
        replaceChildren(this.element, head,
          el('div', { class: 'shares' }, bar('easy', a.easy, 'easy'), bar('semi-hard', a.semiHard, 'semi-hard'), bar('hard', a.hard, 'hard')),
          el('p', { class: 'muted small' }, `${a.total} triplets, margin ${fmt(a.margin)}. ${a.note}`),
          this.suggestionButtons(suggestions));
        return;
      }
      case 'regression':
        replaceChildren(this.element, head,
          el('p', { 'data-testid': 'regression-figures' },
            `${a.residual ? `${a.residual}: ` : ''}residual mean ${fmt(a.residualMean)} · std ${fmt(a.residualStd)} · max |residual| ${fmt(a.maxAbsResidual)}`),
          this.suggestionButtons(suggestions));
        return;
      default:
        replaceChildren(this.element);
    }
  }

  private suggestionButtons(suggestions: readonly ParamSuggestion[]): HTMLElement | null {
    if (suggestions.length === 0) return null;
    return el('div', { class: 'button-row' }, ...suggestions.map((s, i) => {
      const b = el('button', { type: 'button', class: 'secondary', 'data-testid': `apply-suggestion-${i}` }, `Apply: ${s.label}`);
      b.addEventListener('click', () => this.apply(s));
      return b;
    }));
  }
}
