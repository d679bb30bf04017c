/**
 * lambdamart under the ranking analysis: for the query picked among the worst ones, each
 * document's LightGBM gradient λ and hessian h against its rank and its score, the documents and
 * the pairs behind the lambdas (ΔNDCG, ρ, λ), as the host computed them (no arithmetic here).
 */
import type { LambdaMartAnalysis, LambdaMartQuery } from '../../src/shared/protocol';
import { XYChart } from '../charts/xy-chart';
import { el, fmt, replaceChildren } from '../dom';
import type { Palette } from '../theme';
import { table } from './family-panel';

export class LambdaMartView {
  readonly element = el('div', { class: 'lambdamart', 'data-testid': 'lambdamart' });
  private readonly byRank: XYChart;
  private readonly byScore: XYChart;
  private readonly detail = el('div', { 'data-testid': 'lambdamart-detail' });
  private readonly select = el('select', { 'data-testid': 'lambdamart-query', 'aria-label': 'Query' });
  private data: LambdaMartAnalysis | null = null;

  constructor(palette: Palette, private readonly reveal: (line: number) => void) {
    this.byRank = new XYChart(palette, { testId: 'lambdamart-by-rank', ariaLabel: 'λ and h of each document against its rank', xTitle: 'rank (0 = top)', yTitle: 'λ, h', legend: true });
    this.byScore = new XYChart(palette, { testId: 'lambdamart-by-score', ariaLabel: 'λ and h of each document against its score', xTitle: 'score', yTitle: 'λ, h', legend: true });
    this.select.addEventListener('change', () => this.showQuery(Number(this.select.value)));
  }

  setPalette(p: Palette): void {
    this.byRank.setPalette(p);
    this.byScore.setPalette(p);
  }

  destroy(): void {
    this.byRank.destroy();
    this.byScore.destroy();
  }

  show(a: LambdaMartAnalysis): void {
    this.data = a;
    this.select.replaceChildren(...a.queries.map((q, k) => el('option', { value: String(k) }, `query ${q.id} · value ${fmt(q.cost)} · NDCG@${a.truncationLevel} ${fmt(q.ndcg)}`)));
    replaceChildren(this.element,
      el('h4', { class: 'section-title' }, 'LightGBM lambdas (lambdamart)'),
      el('p', { class: 'muted small' }, `The worst ${a.queries.length} queries by value. λ is LightGBM's gradient (negative: pushed up), h its hessian.`),
      el('label', {}, 'Query ', this.select),
      el('div', { class: 'chart-pair' }, this.byRank.element, this.byScore.element),
      this.detail);
    if (a.queries.length) this.showQuery(0);
    else replaceChildren(this.detail, el('p', { class: 'muted' }, 'No query.'));
  }

  /** The k-th query of the picker (tests and the select). */
  showQuery(k: number): void {
    const q: LambdaMartQuery | undefined = this.data?.queries[k];
    if (!q) return;
    this.select.value = String(k);
    const docs = q.documents;
    const lam = { label: 'λ (gradient)', y: docs.map((d) => d.lambda), color: 0, style: 'points' as const };
    const hess = { label: 'h (hessian)', y: docs.map((d) => d.hess), color: 1, style: 'points' as const };
    this.byRank.setData([{ ...lam, x: docs.map((d) => d.rank) }, { ...hess, x: docs.map((d) => d.rank) }]);
    this.byScore.setData([{ ...lam, x: docs.map((d) => d.score) }, { ...hess, x: docs.map((d) => d.score) }]);
    const norm = q.normFactor !== 1 ? `scaled by log2(1 + Σ)/Σ = ${fmt(q.normFactor)} (Σ = ${fmt(q.sumLambdas)})` : 'not scaled';
    replaceChildren(this.detail,
      el('p', { 'data-testid': 'lambdamart-query-figures' },
        `query ${q.id}: ${q.docs} documents, ${q.pairCount} pairs · value ${fmt(q.cost)} · NDCG@${this.data!.truncationLevel} ${fmt(q.ndcg)} · ` +
        `ΔNDCG ${q.scoreNorm ? 'divided by 0.01 + |Δs|' : 'not divided (norm off or all scores equal)'} · λ, h ${norm}`),
      table(['rank', 'score', 'relevance', 'λ', 'h'],
        docs.map((d) => [String(d.rank), fmt(d.score), String(d.relevance), fmt(d.lambda), fmt(d.hess)]),
        'lambdamart-docs', { lines: docs.map((d) => d.line), go: this.reveal }),
      el('p', { class: 'muted small' }, `${q.pairs.length} of ${q.pairCount} pairs, largest |λ| first; documents named by rank (more relevant first).`),
      table(['pair (ranks)', 'Δs', 'ΔNDCG', 'ρ', 'λ'],
        q.pairs.map((p) => [`${p.highRank} > ${p.lowRank}`, fmt(p.deltaScore), fmt(p.deltaNdcg), fmt(p.rho), fmt(p.lambda)]),
        'lambdamart-pairs'));
  }
}
