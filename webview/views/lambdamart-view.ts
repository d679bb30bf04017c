/**
 * lambdamart under the ranking analysis: for the query picked among the worst ones, or any query
 * of the file typed (or chosen from the suggestions) by its own id, each document's LightGBM
 * gradient λ and hessian h against its rank and its score, the documents and the pairs behind the
 * lambdas (ΔNDCG, ρ, λ), as the host computed them (no arithmetic here; a query outside the worst
 * ones is asked of the host).
 */
import type { ErrorData, LambdaMartAnalysis, LambdaMartQuery } from '../../src/shared/protocol';
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
  private readonly idInput = el('input', { type: 'text', list: 'lambdamart-query-ids', inputmode: 'decimal', class: 'query-id', 'data-testid': 'lambdamart-query-id', 'aria-label': 'Any query, by its id in the file', placeholder: 'query id' });
  private readonly idList = el('datalist', { id: 'lambdamart-query-ids', 'data-testid': 'lambdamart-query-ids' });
  private readonly idShow = el('button', { type: 'button', 'data-testid': 'lambdamart-query-show' }, 'Show');
  private readonly status = el('span', { class: 'muted small', role: 'status', 'data-testid': 'lambdamart-query-status' });
  private data: LambdaMartAnalysis | null = null;
  /** The last id asked of the host: an older answer arriving later is dropped. */
  private asking = 0;

  constructor(
    palette: Palette,
    private readonly reveal: (line: number) => void,
    /** Asks the host for any query of the evaluation on screen, by the file's own id. */
    private readonly fetchQuery: (id: number) => Promise<{ ok: true; result: LambdaMartQuery } | { ok: false; error: ErrorData }>,
  ) {
    this.byRank = new XYChart(palette, { testId: 'lambdamart-by-rank', ariaLabel: 'λ and h of each document against its rank', xTitle: 'rank (0 = top)', yTitle: 'λ, h', legend: true });
    this.byScore = new XYChart(palette, { testId: 'lambdamart-by-score', ariaLabel: 'λ and h of each document against its score', xTitle: 'score', yTitle: 'λ, h', legend: true });
    this.select.addEventListener('change', () => {
      if (this.select.value !== '') this.showQuery(Number(this.select.value));
    });
    this.idShow.addEventListener('click', () => void this.pickId());
    this.idInput.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') void this.pickId();
    });
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
    this.asking++;
    this.select.replaceChildren(
      el('option', { value: '', hidden: true }, 'another query'),
      ...a.queries.map((q, k) => el('option', { value: String(k) }, `query ${q.id} · value ${fmt(q.cost)} · NDCG@${a.truncationLevel} ${fmt(q.ndcg)}`)));
    this.idList.replaceChildren(...a.queryIds.map((id) => el('option', { value: String(id) })));
    this.idInput.value = '';
    this.status.textContent = a.queryIds.length < a.queryCount ? `${a.queryIds.length.toLocaleString('en-US')} of ${a.queryCount.toLocaleString('en-US')} ids suggested; type any other` : '';
    replaceChildren(this.element,
      el('h4', { class: 'section-title' }, 'LightGBM lambdas (lambdamart)'),
      el('p', { class: 'muted small' }, `The worst ${a.queries.length} of ${a.queryCount} queries by value, or any query by its id. λ is LightGBM's gradient (negative: pushed up), h its hessian.`),
      el('div', { class: 'lambdamart-picker' },
        el('label', {}, 'Worst queries ', this.select),
        el('label', {}, ' Any query ', this.idInput), this.idList, this.idShow, this.status),
      el('div', { class: 'chart-pair' }, this.byRank.element, this.byScore.element),
      this.detail);
    if (a.queries.length) this.showQuery(0);
    else replaceChildren(this.detail, el('p', { class: 'muted' }, 'No query.'));
  }

  /** The k-th query of the worst-queries picker (tests and the select). */
  showQuery(k: number): void {
    const q: LambdaMartQuery | undefined = this.data?.queries[k];
    if (!q) return;
    this.asking++;
    this.select.value = String(k);
    this.render(q);
  }

  /** The query whose id is typed: one of the worst is shown as it is, any other is asked of the host. */
  private async pickId(): Promise<void> {
    if (!this.data) return;
    const text = this.idInput.value.trim();
    const id = Number(text);
    if (text === '' || !Number.isFinite(id)) {
      this.status.textContent = `"${text}" is not a query id: query ids are numbers`;
      return;
    }
    const k = this.data.queries.findIndex((q) => q.id === id);
    if (k >= 0) {
      this.showQuery(k);
      this.status.textContent = '';
      return;
    }
    const asked = ++this.asking;
    this.status.textContent = `computing query ${id}…`;
    const r = await this.fetchQuery(id);
    if (asked !== this.asking) return;
    if (!r.ok) {
      this.status.textContent = r.error.message;
      return;
    }
    this.status.textContent = '';
    this.select.value = '';
    this.render(r.result);
  }

  private render(q: LambdaMartQuery): void {
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
