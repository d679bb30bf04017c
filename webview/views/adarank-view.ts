/**
 * AdaRank training on the loaded file, shown in the data view while the `adarank` loss is chosen:
 * rounds to run (metric and k are the loss's own parameters), Train / Cancel with progress, then
 * the rounds as charts (mean metric and loss of the combined ranker per round, α per round), the
 * chosen feature of each round, the final weight per feature, and "Use combined score as score",
 * which asks the host to add Σ weight · feature as a column mapped as `score` for every ranking
 * loss. Everything shown comes from the host's run (no figure is computed here).
 */
import type { AdarankRunData, DatasetInfo, ErrorData, ProgressMessage } from '../../src/shared/protocol';
import { parseResult } from '../../src/shared/results';
import { XYChart } from '../charts/xy-chart';
import type { LabContext } from '../context';
import { el, fmt, replaceChildren } from '../dom';
import type { Palette } from '../theme';

/** The loss whose data view offers the training run. */
export const ADARANK_LOSS = 'adarank';
const DEFAULT_ROUNDS = 10;

export interface AdarankViewHooks {
  /** The host re-mapped the file (the combined score became `score`): show it and evaluate. */
  datasetChanged(info: DatasetInfo): void;
  fail(e: ErrorData): void;
}

export class AdarankView {
  readonly element: HTMLElement;
  private readonly rounds = el('input', { type: 'number', min: 1, max: 10000, step: 1, value: DEFAULT_ROUNDS, class: 'small-number', 'data-testid': 'adarank-rounds', 'aria-label': 'Boosting rounds' });
  private readonly train = el('button', { type: 'button', 'data-testid': 'adarank-train' }, 'Train AdaRank');
  private readonly cancel = el('button', { type: 'button', class: 'secondary small', 'data-testid': 'adarank-cancel', hidden: true }, 'Cancel');
  private readonly progress = el('div', { class: 'progress muted small', 'data-testid': 'adarank-progress', 'aria-live': 'polite', hidden: true });
  private readonly out = el('div', { class: 'adarank-results', 'data-testid': 'adarank-results', hidden: true });
  private readonly metricChart: XYChart;
  private readonly alphaChart: XYChart;
  private running: number | null = null;

  constructor(private readonly ctx: LabContext, private readonly hooks: AdarankViewHooks) {
    const p = ctx.palette();
    this.metricChart = new XYChart(p, { testId: 'adarank-metric-chart', ariaLabel: 'Mean metric and loss of the combined ranker per round', xTitle: 'round', yTitle: 'mean per query', legend: true });
    this.alphaChart = new XYChart(p, { testId: 'adarank-alpha-chart', ariaLabel: 'α of each round, coloured by the feature it chose', xTitle: 'round', yTitle: 'α', legend: true });
    this.train.addEventListener('click', () => void this.start());
    this.cancel.addEventListener('click', () => {
      if (this.running !== null) ctx.api.request({ type: 'cancel', target: this.running });
    });
    this.element = el('section', { class: 'adarank-view', 'data-testid': 'adarank-view', 'aria-label': 'AdaRank training', hidden: true },
      el('h3', { class: 'section-title' }, 'Train AdaRank on this file'),
      el('p', { class: 'muted small' },
        'Single-feature weak rankers (Xu & Li 2007): each round picks the feature (column named f_*, feature_*) whose ranking has the largest query-weighted ',
        'metric, weighs it by α and re-weights the queries by exp(−metric) of the combined ranker. Metric and k are this loss\'s parameters. ',
        'Semantics transcribed from rueycheng/AdaRank @ 1cb08089.'),
      el('div', { class: 'toolbar' }, el('label', {}, 'Rounds ', this.rounds), this.train, this.cancel),
      this.progress,
      this.out);
  }

  setPalette(p: Palette): void {
    this.metricChart.setPalette(p);
    this.alphaChart.setPalette(p);
  }

  /** Shown for the adarank loss on a loaded file; a run of another file or loss is dropped. */
  setContext(lossId: string, hasData: boolean): void {
    const show = lossId === ADARANK_LOSS && hasData;
    this.element.hidden = !show;
  }

  /** The loaded file changed: the last run is not of it. */
  clear(): void {
    this.out.hidden = true;
  }

  handleProgress(m: ProgressMessage): boolean {
    if (m.requestId === null || m.requestId !== this.running) return false;
    const pct = m.total > 0 ? ` ${Math.round((100 * m.done) / m.total)}%` : '';
    this.progress.textContent = `Training: ${m.message}${pct}`;
    this.progress.hidden = false;
    return true;
  }

  private async start(): Promise<void> {
    const rounds = Number(this.rounds.value);
    const loss = this.ctx.currentLoss();
    const params = { ...this.ctx.store.paramsFor(loss), rounds: Number.isFinite(rounds) ? rounds : DEFAULT_ROUNDS };
    const { requestId, reply } = this.ctx.api.request({ type: 'adarankTrain', params, mapping: null });
    this.running = requestId;
    this.train.disabled = true;
    this.cancel.hidden = false;
    this.progress.textContent = 'Training AdaRank…';
    this.progress.hidden = false;
    const r = await reply;
    if (this.running === requestId) {
      this.running = null;
      this.train.disabled = false;
      this.cancel.hidden = true;
      this.progress.hidden = true;
    }
    if (!r.ok) {
      if (r.error.code === 'cancelled') return this.ctx.status('AdaRank training cancelled.');
      return this.hooks.fail(r.error);
    }
    const parsed = parseResult('adarankTrain', r.result);
    if (!parsed.ok) return this.hooks.fail({ code: 'internal', message: `the host sent the AdaRank run in an unexpected shape (${parsed.message})` });
    this.show(parsed.result);
  }

  private show(run: AdarankRunData): void {
    const x = run.rounds.map((r) => r.round);
    const metric = `${run.metric === 'ndcg' ? 'NDCG' : 'AP'}${run.k === null ? '' : `@${run.k}`}`;
    this.metricChart.setData([
      { label: `mean ${metric}`, x, y: run.rounds.map((r) => r.measure), color: 0, style: 'line' },
      { label: 'loss (mean exp(−E))', x, y: run.rounds.map((r) => r.loss), color: 1, style: 'dashed' },
    ]);
    // one bar series per chosen feature, so the colour (and the legend) says which feature each round chose
    const chosen = run.features.filter((f) => run.rounds.some((r) => r.feature === f));
    this.alphaChart.setData(chosen.map((f) => {
      const mine = run.rounds.filter((r) => r.feature === f);
      return { label: f, x: mine.map((r) => r.round), y: mine.map((r) => r.alpha), color: 2 + run.features.indexOf(f), style: 'bars' as const };
    }));
    const use = el('button', { type: 'button', 'data-testid': 'adarank-use-score', disabled: run.rounds.length === 0 }, 'Use combined score as score');
    use.addEventListener('click', () => void this.useScore(run.runId, use));
    const roundRows = run.rounds.map((r) => el('tr', {}, el('td', {}, String(r.round)), el('td', {}, r.feature), el('td', { class: 'num' }, fmt(r.alpha)), el('td', { class: 'num' }, fmt(r.measure)), el('td', { class: 'num' }, fmt(r.loss))));
    const weightRows = run.weights.map((w) => el('tr', {}, el('td', {}, w.feature), el('td', { class: 'num' }, fmt(w.weight))));
    const head = (...h: string[]) => el('thead', {}, el('tr', {}, ...h.map((t, i) => el('th', { scope: 'col', class: i > (h.length === 2 ? 0 : 1) ? 'num' : null }, t))));
    replaceChildren(this.out,
      el('p', { 'data-testid': 'adarank-summary' },
        `${run.rounds.length} rounds on ${run.queries} queries (${run.rows.toLocaleString('en-US')} rows${run.skippedRows ? `, ${run.skippedRows} skipped` : ''}); ` +
        `final mean ${metric} ${fmt(run.rounds.at(-1)?.measure ?? null)}.`),
      run.stopped ? el('p', { class: 'warn', 'data-testid': 'adarank-stopped' }, `Stopped at round ${run.stopped.round}: ${run.stopped.reason}`) : null,
      el('div', { class: 'chart-grid' },
        el('figure', { class: 'chart-figure' }, el('figcaption', {}, el('span', {}, `Combined ranker per round: mean ${metric} and loss`)), this.metricChart.element),
        el('figure', { class: 'chart-figure' }, el('figcaption', {}, el('span', {}, 'α per round, by chosen feature')), this.alphaChart.element)),
      el('div', { class: 'adarank-tables' },
        el('table', { class: 'figures', 'data-testid': 'adarank-rounds-table' }, head('round', 'feature', 'α', `mean ${metric}`, 'loss'), el('tbody', {}, ...roundRows)),
        el('table', { class: 'figures', 'data-testid': 'adarank-weights' }, head('feature', 'final weight'), el('tbody', {}, ...weightRows))),
      el('div', { class: 'button-row' }, use),
      el('p', { class: 'muted small' }, 'Adds Σ weight · feature as a new column (in memory, until the file is read again) and maps it as score for every ranking loss.'));
    this.out.hidden = false;
  }

  private async useScore(runId: number, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    const r = await this.ctx.api.request({ type: 'adarankUseScore', runId, loss: this.ctx.currentLoss().id }).reply;
    button.disabled = false;
    if (!r.ok) return this.hooks.fail(r.error);
    const parsed = parseResult('adarankUseScore', r.result);
    if (!parsed.ok) return this.hooks.fail({ code: 'internal', message: `unexpected answer (${parsed.message})` });
    this.ctx.status(`Column ${parsed.result.column} added and mapped as score for ${parsed.result.losses.join(', ')}.`);
    this.hooks.datasetChanged(parsed.result.dataset);
  }
}
