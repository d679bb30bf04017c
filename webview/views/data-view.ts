/**
 * The data view: pick a workspace CSV (the host shows the quick pick and reads the file), map its
 * columns to the loss's roles, and see the loss on it: summary, per-sample histogram, loss against
 * the family variable (decimated, full-data figures stated), gradient magnitudes, the worst rows,
 * the family analysis, and the sensitivity sweep. Errors replace the results with a message that
 * names file, line and column; never a blank chart.
 */
import type { DataChangedMessage, DataResult, DatasetInfo, ErrorData, Histogram, ParamSuggestion, ProgressMessage } from '../../src/shared/protocol';
import type { MappingData } from '../../src/shared/state';
import { XYChart } from '../charts/xy-chart';
import type { LabContext } from '../context';
import { el, fmt } from '../dom';
import { LiveChannel } from '../live-channel';
import { isDataResult, isDatasetInfo } from '../results-guard';
import type { Palette } from '../theme';
import { renderSummary } from './data-summary';
import { FamilyPanel } from './family-panel';
import { MappingEditor } from './mapping-editor';
import { Notice } from './notice';
import { SensitivityView } from './sensitivity-view';
import { WorstRows } from './worst-rows';

const centers = (h: Histogram): number[] => h.edges.slice(0, -1).map((e, i) => (e + h.edges[i + 1]!) / 2);

export interface DataViewHooks {
  /** The user applied a suggestion (e.g. class weights): set the param everywhere. */
  applySuggestion(s: ParamSuggestion): void;
  switchLoss(id: string): void;
}

export class DataView {
  readonly element: HTMLElement;
  private readonly fileLabel = el('span', { class: 'file-label', 'data-testid': 'data-file' }, 'No file loaded.');
  private readonly progress = el('div', { class: 'progress muted small', 'data-testid': 'data-progress', 'aria-live': 'polite', hidden: true });
  private readonly pickBtn = el('button', { type: 'button', 'data-testid': 'data-pick' }, 'Open CSV…');
  private readonly cancelBtn = el('button', { type: 'button', class: 'secondary small', 'data-testid': 'data-cancel', hidden: true }, 'Cancel');
  private readonly notice = new Notice('data-error');
  private readonly mapping: MappingEditor;
  private readonly results = el('div', { class: 'data-results', 'data-testid': 'data-results', hidden: true });
  private readonly summary = el('div', { class: 'summary', 'data-testid': 'data-summary' });
  private readonly hist: XYChart;
  private readonly scatter: XYChart;
  private readonly grad: XYChart;
  private readonly gradNote = el('p', { class: 'muted small', 'data-testid': 'gradient-figures' });
  private readonly family: FamilyPanel;
  private readonly worst: WorstRows;
  readonly sensitivity: SensitivityView;
  private readonly channel: LiveChannel<'evaluateData'>;
  private readonly exportCsv: HTMLButtonElement;
  private readonly copySummary: HTMLButtonElement;
  private dataset: DatasetInfo | null = null;
  private last: DataResult | null = null;
  private visible = false;
  private dirty = false;
  private runningLoad: number | null = null;

  constructor(private readonly ctx: LabContext, hooks: DataViewHooks) {
    const p = ctx.palette();
    this.hist = new XYChart(p, { testId: 'data-histogram', ariaLabel: 'Histogram of per-sample losses', xTitle: 'per-sample loss', yTitle: 'count' });
    this.scatter = new XYChart(p, { testId: 'data-scatter', ariaLabel: 'Per-sample loss against the family variable', yTitle: 'loss' });
    this.grad = new XYChart(p, { testId: 'data-gradient', ariaLabel: 'Histogram of per-row gradient magnitudes', xTitle: '‖∂l_i/∂input_i‖', yTitle: 'rows' });
    this.mapping = new MappingEditor((m) => void this.remap(m), (id) => hooks.switchLoss(id));
    this.family = new FamilyPanel(p, (s) => hooks.applySuggestion(s), (line) => void this.reveal(line));
    this.worst = new WorstRows((line) => void this.reveal(line));
    this.sensitivity = new SensitivityView(ctx);
    this.channel = new LiveChannel<'evaluateData'>(ctx.api, {
      show: (r) => this.show(r),
      fail: (e) => this.fail(e),
      busy: (b) => this.element.classList.toggle('busy', b),
    }, (r) => (r as { seq?: unknown } | null)?.seq);

    this.pickBtn.addEventListener('click', () => void this.pickOnce());
    this.cancelBtn.addEventListener('click', () => {
      if (this.runningLoad !== null) ctx.api.request({ type: 'cancel', target: this.runningLoad });
    });
    this.exportCsv = el('button', { type: 'button', class: 'secondary', 'data-testid': 'export-csv', disabled: true }, 'Save per-sample CSV…');
    this.exportCsv.addEventListener('click', () => void this.saveCsv());
    this.copySummary = el('button', { type: 'button', class: 'secondary', 'data-testid': 'copy-summary', disabled: true }, 'Copy summary');
    this.copySummary.addEventListener('click', () => void this.copy());
    const exportBtn = (chart: XYChart, name: string): HTMLButtonElement => {
      const b = el('button', { type: 'button', class: 'secondary small', 'data-testid': `export-${name}` }, 'Save PNG');
      b.addEventListener('click', () => ctx.exportChart(chart, `${ctx.currentLoss().id}-${name}.png`));
      return b;
    };
    const figure = (title: string, chart: XYChart, name: string, ...extra: HTMLElement[]): HTMLElement =>
      el('figure', { class: 'chart-figure' }, el('figcaption', {}, el('span', {}, title), exportBtn(chart, name)), chart.element, ...extra);

    this.results.append(
      this.summary,
      el('div', { class: 'chart-grid' },
        figure('Per-sample loss', this.hist, 'histogram'),
        figure('Loss against the family variable', this.scatter, 'scatter'),
        figure('Gradient magnitudes', this.grad, 'gradient', this.gradNote)),
      this.family.element,
      this.worst.element,
      this.sensitivity.element,
    );
    this.element = el(
      'section',
      { class: 'view data-view', 'data-testid': 'data-view', 'aria-label': 'Loss on a CSV' },
      el('div', { class: 'toolbar' }, this.pickBtn, this.fileLabel, this.cancelBtn, el('span', { class: 'spacer' }), this.copySummary, this.exportCsv),
      this.progress,
      this.notice.element,
      this.mapping.element,
      this.results,
    );
    this.mapping.element.hidden = true;
  }

  setPalette(p: Palette): void {
    this.hist.setPalette(p);
    this.scatter.setPalette(p);
    this.grad.setPalette(p);
    this.family.setPalette(p);
    this.sensitivity.setPalette(p);
  }

  setVisible(v: boolean): void {
    this.visible = v;
    if (v && this.dirty) this.evaluate();
  }

  /** A file the host already loaded (init, or dataChanged `loaded`). */
  setDataset(info: DatasetInfo | null): void {
    const prev = this.dataset;
    this.dataset = info;
    // Another file, or one that does not fit the loss: the figures on screen are not of it.
    if (!info || info.mapping === null || !prev || prev.path !== info.path || (prev.folder ?? null) !== (info.folder ?? null)) this.clearResults();
    if (info === null) {
      this.fileLabel.textContent = 'No file loaded.';
      this.mapping.element.hidden = true;
      this.results.hidden = true;
      this.ctx.store.update({ dataset: null, mapping: null });
      return;
    }
    this.fileLabel.textContent = `${info.folder ? `${info.folder}: ` : ''}${info.path} · ${info.rows.toLocaleString('en-US')} rows · ${info.columns.length} columns`;
    this.ctx.store.update({ dataset: { path: info.path, ...(info.folder ? { folder: info.folder } : {}) }, mapping: info.mapping });
    this.mapping.element.hidden = false;
    this.mapping.show(this.ctx.currentLoss(), info);
    this.notice.clear();
    this.evaluate();
    if (info.mapping !== null) this.sensitivity.refresh();
  }

  /** Hides the results and what acts on them (export, copy) until a new answer arrives. */
  private clearResults(): void {
    this.channel.reset();
    this.last = null;
    this.results.hidden = true;
    this.exportCsv.disabled = true;
    this.copySummary.disabled = true;
  }

  /** The loss changed: its roles differ, so the host maps the columns again (unless it already did). */
  onLossChanged(remap = true): void {
    this.channel.reset();
    this.sensitivity.setLoss(this.ctx.currentLoss());
    if (this.dataset && remap) void this.remap(null);
  }

  /** Hyperparameters or reduction changed. */
  onParamsChanged(): void {
    this.evaluate();
    this.sensitivity.refresh();
  }

  /** Asks the host to map the loaded file's columns as given (a restored, user-edited mapping). */
  applyMapping(mapping: MappingData): void {
    void this.remap(mapping);
  }

  handleDataChanged(m: DataChangedMessage): void {
    if (m.reason === 'error' || m.reason === 'deleted') {
      // An evaluation still out was of the data as it was: its reply must not replace this news,
      // and showing the Data tab for it must not start another one.
      this.channel.reset();
      this.dirty = false;
    }
    if (m.reason === 'error' && m.error) {
      this.fail(m.error);
      return;
    }
    if (m.reason === 'deleted') {
      this.setDataset(null);
      this.notice.info('The loaded CSV was deleted.', 'warn');
      return;
    }
    if (m.dataset && isDatasetInfo(m.dataset)) {
      if (m.reason === 'changed') this.ctx.status(`${m.dataset.fileName} changed on disk: refreshed.`);
      this.setDataset(m.dataset);
    }
  }

  handleProgress(m: ProgressMessage): void {
    if (m.requestId !== null && m.requestId !== this.runningLoad) return;
    const done = m.total > 0 ? ` ${Math.round((100 * m.done) / m.total)}%` : '';
    this.progress.textContent = `${m.message}${done}`;
    this.progress.hidden = false;
  }

  private evaluate(): void {
    if (!this.dataset || this.dataset.mapping === null) return;
    if (!this.visible) {
      this.dirty = true;
      return;
    }
    this.dirty = false;
    const loss = this.ctx.currentLoss();
    this.channel.ask((seq) => ({
      type: 'evaluateData',
      seq,
      loss: loss.id,
      params: this.ctx.store.paramsFor(loss),
      reduction: this.ctx.store.get().reduction,
    }));
  }

  /** One pick and load at a time: a second one would hide the first one's progress and Cancel. */
  private async pickOnce(): Promise<void> {
    this.pickBtn.disabled = true;
    try {
      await this.pick();
    } finally {
      this.pickBtn.disabled = false;
    }
  }

  private async pick(): Promise<void> {
    const picked = await this.ctx.api.request({ type: 'pickCsv' }).reply;
    if (!picked.ok) return this.fail(picked.error);
    if (picked.result === null) return;
    const { requestId, reply } = this.ctx.api.request({
      type: 'loadCsv',
      path: picked.result.path,
      ...(picked.result.folder ? { folder: picked.result.folder } : {}),
      loss: this.ctx.currentLoss().id,
      mapping: null,
    });
    this.runningLoad = requestId;
    this.cancelBtn.hidden = false;
    this.progress.textContent = `Loading ${picked.result.path}…`;
    this.progress.hidden = false;
    const r = await reply;
    this.runningLoad = null;
    this.cancelBtn.hidden = true;
    this.progress.hidden = true;
    if (!r.ok) return r.error.code === 'cancelled' ? this.ctx.status('Loading cancelled.') : this.fail(r.error);
    if (!isDatasetInfo(r.result)) return this.fail({ code: 'internal', message: 'the host described the file in an unexpected shape' });
    // The loss changed while the file loaded: it was mapped for the old one; map it for this one.
    if (r.result.loss !== this.ctx.currentLoss().id) return this.remap(null);
    this.setDataset(r.result);
  }

  private async remap(mapping: MappingData | null): Promise<void> {
    const loss = this.ctx.currentLoss().id;
    const r = await this.ctx.api.request({ type: 'setMapping', loss, mapping }).reply;
    // Asked for another loss than the one now chosen: the newer remap answers for that one.
    if (loss !== this.ctx.currentLoss().id) return;
    if (!r.ok) {
      // A refused edit must not stay in the editor: show the mapping in force again.
      if (this.dataset) this.mapping.show(this.ctx.currentLoss(), this.dataset);
      return this.fail(r.error);
    }
    if (!isDatasetInfo(r.result)) return this.fail({ code: 'internal', message: 'the host described the mapping in an unexpected shape' });
    this.channel.reset();
    this.setDataset(r.result);
  }

  private show(raw: unknown): void {
    if (!isDataResult(raw)) {
      this.fail({ code: 'internal', message: 'the host sent data results in an unexpected shape; nothing was drawn' });
      return;
    }
    const r = raw;
    this.last = r;
    this.notice.clear();
    this.results.hidden = false;
    this.exportCsv.disabled = false;
    this.copySummary.disabled = false;
    renderSummary(this.summary, r);
    this.hist.setData([{ label: 'per-sample loss', x: centers(r.histogram), y: r.histogram.counts, color: 0, style: 'bars' }], { xTitle: `per-sample loss (per ${r.unit})` });
    if (r.scatter) {
      const sc = r.scatter;
      const groups = sc.group && sc.groups ? sc.groups : null;
      const series = groups
        ? groups.map((name, g) => ({
            label: name,
            x: sc.x.filter((_, i) => sc.group![i] === g),
            y: sc.y.filter((_, i) => sc.group![i] === g),
            color: g,
            style: 'points' as const,
          }))
        : [{ label: 'samples', x: sc.x, y: sc.y, color: 0, style: 'points' as const }];
      this.scatter.setData(series, { xTitle: sc.xLabel, yTitle: sc.yLabel });
    } else {
      this.scatter.setData([]);
    }
    if (r.gradient) {
      const g = r.gradient;
      // Per-sample (row units) or of the summed unit losses (pairs, queries, triplets): the host says which.
      this.grad.setData([{ label: g.label, x: centers(g.histogram), y: g.histogram.counts, color: 1, style: 'bars' }], { xTitle: `${g.label} per row` });
      this.gradNote.textContent = `${g.note} mean ${fmt(g.mean)} · p99 ${fmt(g.p99)} · max ${fmt(g.max)}`;
    } else {
      this.grad.setData([]);
      this.gradNote.textContent = 'No gradient for this loss and mapping.';
    }
    this.family.show(r.analysis, r.suggestions);
    this.worst.show(r.worst, r.scatter?.xLabel ?? 'variable');
    this.element.dataset['shownSeq'] = String(r.seq);
  }

  private fail(e: ErrorData): void {
    this.notice.error(e);
    // Bad data must not leave stale charts that look current: hide results until a good answer.
    if (e.code === 'data_error' || e.code === 'input_error' || e.code === 'mapping_error' || e.code === 'no_data') {
      this.results.hidden = true;
    }
  }

  private async reveal(line: number): Promise<void> {
    const r = await this.ctx.api.request({ type: 'revealRow', line }).reply;
    if (!r.ok) this.ctx.status(r.error);
  }

  private async saveCsv(): Promise<void> {
    const r = await this.ctx.api.request({ type: 'exportCsv', suggestedName: `${this.ctx.currentLoss().id}-per-sample.csv` }).reply;
    if (!r.ok) this.ctx.status(r.error);
    else if (r.result.saved) this.ctx.status(`Saved ${r.result.saved}`);
  }

  private async copy(): Promise<void> {
    if (!this.last) return;
    const r = await this.ctx.api.request({ type: 'copyText', text: this.last.summary }).reply;
    this.ctx.status(r.ok ? 'Summary copied to the clipboard.' : r.error);
  }
}
