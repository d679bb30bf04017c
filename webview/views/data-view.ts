/**
 * The data view: pick a workspace CSV (the host shows the quick pick and reads the file), map its
 * columns to the loss's roles, and see the loss on it: summary, per-sample histogram, loss against
 * the family's variable (decimated, full-data figures stated), gradient magnitudes, the worst rows,
 * the family analysis, and the sensitivity sweep. Errors replace the results with a message that
 * names file, line and column; never a blank chart.
 *
 * Figures are never left looking current when they are not: results of earlier settings that stay
 * on screen (the newer evaluation was cancelled or got no answer) carry a note saying so; after the
 * host reported the file broken nothing is evaluated until it is read again; and one change asks
 * once (a loss switch waits for the columns to be mapped for the new loss, then evaluates).
 */
import type { DataChangedMessage, DataResult, DatasetInfo, ErrorData, ParamSuggestion, ProgressMessage } from '../../src/shared/protocol';
import type { DatasetRef, MappingData } from '../../src/shared/state';
import type { LabContext } from '../context';
import { el } from '../dom';
import { LiveChannel } from '../live-channel';
import { parseResult } from '../../src/shared/results';
import type { Palette } from '../theme';
import { AdarankView } from './adarank-view';
import { DataCharts } from './data-charts';
import { renderSummary } from './data-summary';
import { FamilyPanel } from './family-panel';
import { MappingEditor } from './mapping-editor';
import { Notice } from './notice';
import { SensitivityView } from './sensitivity-view';
import { StaleNote, type AskedFor } from './stale-note';
import { WorstRows } from './worst-rows';

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
  private readonly charts: DataCharts;
  private readonly stale: StaleNote;
  private readonly family: FamilyPanel;
  private readonly worst: WorstRows;
  readonly sensitivity: SensitivityView;
  private readonly adarank: AdarankView;
  private readonly channel: LiveChannel<'evaluateData'>;
  private readonly exportCsv: HTMLButtonElement;
  private readonly copySummary: HTMLButtonElement;
  private dataset: DatasetInfo | null = null;
  private last: DataResult | null = null;
  private visible = false;
  private dirty = false;
  private runningLoad: number | null = null;
  /** The host reported the loaded file broken: nothing to evaluate until it is read again. */
  private broken = false;
  /** Remaps on their way: their answer evaluates, so a change meanwhile need not. */
  private remapping = 0;
  /** An evaluation is queued for the end of this task (several changes at once ask once). */
  private queued = false;
  /** File versions the view was told of (a live reload is a new version of the same file). */
  private version = 0;
  /** What each evaluation on its way was asked for, by seq; and what the figures on screen were. */
  private readonly asked = new Map<number, AskedFor>();
  private shownFor: AskedFor | null = null;

  constructor(private readonly ctx: LabContext, hooks: DataViewHooks) {
    const p = ctx.palette();
    this.charts = new DataCharts(ctx);
    this.stale = new StaleNote(() => this.evaluate());
    this.mapping = new MappingEditor((m) => void this.remap(m), (id) => hooks.switchLoss(id));
    this.family = new FamilyPanel(p, (s) => hooks.applySuggestion(s), (line) => void this.reveal(line), (query) =>
      this.last
        ? this.ctx.api.request({ type: 'lambdamartQuery', seq: this.last.seq, query }).reply
        : Promise.resolve({ ok: false as const, error: { code: 'no_data' as const, message: 'nothing evaluated yet' } }));
    this.worst = new WorstRows((line) => void this.reveal(line));
    this.sensitivity = new SensitivityView(ctx);
    this.adarank = new AdarankView(ctx, { datasetChanged: (info) => this.setDataset(info), fail: (e) => this.fail(e) });
    this.channel = new LiveChannel<'evaluateData'>(ctx.api, {
      show: (r, seq) => this.show(r, seq),
      fail: (e) => this.fail(e),
      busy: (b) => this.element.classList.toggle('busy', b),
      cancelled: () => this.markStale('the evaluation for the current ones was cancelled'),
    }, (r) => (r as { seq?: unknown } | null)?.seq);

    this.pickBtn.addEventListener('click', () => void this.pickOnce());
    this.cancelBtn.addEventListener('click', () => {
      if (this.runningLoad !== null) ctx.api.request({ type: 'cancel', target: this.runningLoad });
    });
    this.exportCsv = el('button', { type: 'button', class: 'secondary', 'data-testid': 'export-csv', disabled: true }, 'Save per-sample CSV…');
    this.exportCsv.addEventListener('click', () => void this.saveCsv());
    this.copySummary = el('button', { type: 'button', class: 'secondary', 'data-testid': 'copy-summary', disabled: true }, 'Copy summary');
    this.copySummary.addEventListener('click', () => void this.copy());
    this.results.append(
      this.stale.element,
      this.summary,
      this.charts.element,
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
      this.adarank.element,
      this.results,
    );
    this.mapping.element.hidden = true;
  }

  setPalette(p: Palette): void {
    this.charts.setPalette(p);
    this.family.setPalette(p);
    this.sensitivity.setPalette(p);
    this.adarank.setPalette(p);
  }

  setVisible(v: boolean): void {
    this.visible = v;
    if (v && this.dirty) this.evaluate();
  }

  /** A file the host loaded, mapped or read again (init, dataChanged, loadCsv and setMapping answers). */
  setDataset(info: DatasetInfo | null): void {
    const prev = this.dataset;
    this.dataset = info;
    if (!info || !prev || prev.path !== info.path || (prev.folder ?? null) !== (info.folder ?? null)) this.version += 1;
    // Whatever was broken, the host has read the file now.
    this.broken = false;
    // Another file, or one that does not fit the loss: the figures on screen are not of it.
    if (!info || info.mapping === null || !prev || prev.path !== info.path || (prev.folder ?? null) !== (info.folder ?? null)) this.clearResults();
    if (!info || !prev || prev.path !== info.path || (prev.folder ?? null) !== (info.folder ?? null)) this.adarank.clear();
    this.adarank.setContext(this.ctx.currentLoss().id, info !== null);
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

  /** The settings an evaluation now would be asked for. */
  private current(): AskedFor {
    const loss = this.ctx.currentLoss();
    return {
      loss: loss.id,
      reduction: this.ctx.store.get().reduction,
      params: this.ctx.store.paramsFor(loss),
      mapping: JSON.stringify(this.dataset?.mapping ?? null),
      version: this.version,
    };
  }

  /** Results of earlier settings stay on screen: say so (and why the current ones are missing). */
  private markStale(why: string): void {
    if (this.results.hidden || !this.shownFor) return;
    this.stale.show(this.shownFor, this.current(), why);
  }

  /** Hides the results and what acts on them (export, copy) until a new answer arrives. */
  private clearResults(): void {
    this.channel.reset();
    this.last = null;
    this.shownFor = null;
    this.stale.hide();
    this.results.hidden = true;
    this.exportCsv.disabled = true;
    this.copySummary.disabled = true;
  }

  /** The loss changed: its roles differ, so the host maps the columns again (unless it already did). */
  onLossChanged(remap = true): void {
    this.channel.reset();
    this.sensitivity.setLoss(this.ctx.currentLoss());
    this.adarank.setContext(this.ctx.currentLoss().id, this.dataset !== null);
    if (this.dataset && remap) void this.remap(null);
  }

  /** Hyperparameters or reduction changed. */
  onParamsChanged(): void {
    this.evaluate();
    if (!this.broken) this.sensitivity.refresh();
  }

  handleDataChanged(m: DataChangedMessage): void {
    if (m.reason === 'error' || m.reason === 'deleted') {
      // An evaluation still out was of the data as it was: its reply must not replace this news,
      // and showing the Data tab for it must not start another one.
      this.channel.reset();
      this.dirty = false;
    }
    if (m.reason === 'error' && m.error) {
      // The host holds the last good version, but it is not what is on disk: no figures of it,
      // whatever changes, until the file is read again (dataChanged changed/loaded).
      this.broken = true;
      this.fail(m.error);
      this.results.hidden = true;
      return;
    }
    if (m.reason === 'deleted') {
      this.setDataset(null);
      this.notice.info('The loaded CSV was deleted.', 'warn');
      return;
    }
    const ds = m.dataset ? parseResult('loadCsv', m.dataset) : null;
    if (ds?.ok) {
      if (m.reason === 'changed') this.ctx.status(`${ds.result.fileName} changed on disk: refreshed.`);
      // A new version of the file: figures of the old one are not of it.
      if (m.reason === 'changed' || m.reason === 'loaded') this.version += 1;
      this.setDataset(ds.result);
    }
  }

  handleProgress(m: ProgressMessage): void {
    if (this.adarank.handleProgress(m)) return;
    if (m.requestId !== null && m.requestId !== this.runningLoad) return;
    const done = m.total > 0 ? ` ${Math.round((100 * m.done) / m.total)}%` : '';
    this.progress.textContent = `${m.message}${done}`;
    this.progress.hidden = false;
  }

  /**
   * Asks for an evaluation of the current settings, once for all the changes of this task (a loss
   * switch changes the loss, the reduction and the params at once), and not while a remap is on
   * its way (its answer evaluates).
   */
  private evaluate(): void {
    if (!this.dataset || this.dataset.mapping === null || this.broken) return;
    if (!this.visible) {
      this.dirty = true;
      return;
    }
    if (this.remapping > 0 || this.queued) return;
    this.queued = true;
    queueMicrotask(() => {
      this.queued = false;
      if (!this.dataset || this.dataset.mapping === null || this.broken || !this.visible || this.remapping > 0) return;
      this.dirty = false;
      const want = this.current();
      this.channel.ask((seq) => {
        this.asked.set(seq, want);
        return { type: 'evaluateData', seq, loss: want.loss, params: want.params, reduction: want.reduction as DataResult['reduction'] };
      });
    });
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
    await this.load(picked.result, null);
  }

  /**
   * Re-reads the file a restored state names (after "Reload Window" the host has no file), with
   * the column mapping that was in force: the one place a saved dataset is restored. The view the
   * user was on stays (no switch to the Data tab).
   */
  restore(ref: DatasetRef, mapping: MappingData | null): void {
    void this.load(ref, mapping);
  }

  /** Asks the host to load a workspace file, mapped for the current loss (`mapping` as given, else inferred). */
  private async load(ref: { readonly path: string; readonly folder?: string | null }, mapping: MappingData | null): Promise<void> {
    const { requestId, reply } = this.ctx.api.request({
      type: 'loadCsv',
      path: ref.path,
      ...(ref.folder ? { folder: ref.folder } : {}),
      loss: this.ctx.currentLoss().id,
      mapping,
    });
    this.runningLoad = requestId;
    this.cancelBtn.hidden = false;
    this.progress.textContent = `Loading ${ref.path}…`;
    this.progress.hidden = false;
    const r = await reply;
    if (this.runningLoad === requestId) {
      this.runningLoad = null;
      this.cancelBtn.hidden = true;
      this.progress.hidden = true;
    }
    if (!r.ok) return r.error.code === 'cancelled' ? this.ctx.status('Loading cancelled.') : this.fail(r.error);
    const info = parseResult('loadCsv', r.result);
    if (!info.ok) return this.fail({ code: 'internal', message: `the host described the file in an unexpected shape (${info.message})` });
    // The loss changed while the file loaded: it was mapped for the old one; map it for this one.
    if (info.result.loss !== this.ctx.currentLoss().id) return this.remap(null);
    this.setDataset(info.result);
  }

  private async remap(mapping: MappingData | null): Promise<void> {
    const loss = this.ctx.currentLoss().id;
    this.remapping += 1;
    const r = await this.ctx.api.request({ type: 'setMapping', loss, mapping }).reply.finally(() => (this.remapping -= 1));
    // Asked for another loss than the one now chosen: the newer remap answers for that one.
    if (loss !== this.ctx.currentLoss().id) return;
    if (!r.ok) {
      // A refused edit must not stay in the editor: show the mapping in force again.
      if (this.dataset) this.mapping.show(this.ctx.currentLoss(), this.dataset);
      return this.fail(r.error);
    }
    const info = parseResult('setMapping', r.result);
    if (!info.ok) return this.fail({ code: 'internal', message: `the host described the mapping in an unexpected shape (${info.message})` });
    this.channel.reset();
    this.setDataset(info.result);
  }

  private show(raw: unknown, seq: number): void {
    const parsed = parseResult('evaluateData', raw);
    if (!parsed.ok) {
      this.fail({ code: 'internal', message: `the host sent data results in an unexpected shape (${parsed.message}); nothing was drawn` });
      return;
    }
    const r = parsed.result;
    this.last = r;
    this.shownFor = this.asked.get(seq) ?? null;
    for (const k of this.asked.keys()) if (k <= seq) this.asked.delete(k);
    this.stale.hide();
    this.notice.clear();
    this.results.hidden = false;
    this.exportCsv.disabled = false;
    this.copySummary.disabled = false;
    renderSummary(this.summary, r);
    this.charts.show(r);
    this.family.show(r.analysis, r.suggestions);
    this.worst.show(r.worst, r.scatter?.xLabel ?? 'variable');
    this.element.dataset['shownSeq'] = String(r.seq);
  }

  private fail(e: ErrorData): void {
    this.notice.error(e);
    this.ctx.hostRefused(e);
    // Bad data must not leave stale charts that look current: hide results until a good answer.
    if (e.code === 'data_error' || e.code === 'input_error' || e.code === 'mapping_error' || e.code === 'no_data' || e.code === 'param_error') {
      this.results.hidden = true;
    } else {
      // Anything else (no answer, a host failure) leaves the last figures: they are of earlier settings.
      this.markStale(e.code === 'timeout' ? 'the evaluation for the current ones got no answer' : 'the evaluation for the current ones failed (see above)');
    }
  }

  private async reveal(line: number): Promise<void> {
    const r = await this.ctx.api.request({ type: 'revealRow', line }).reply;
    if (!r.ok) this.ctx.status(r.error);
  }

  private async saveCsv(): Promise<void> {
    if (!this.last) return;
    // The evaluation on screen (the host refuses if its last one is another), named after its loss.
    const r = await this.ctx.api.request({ type: 'exportCsv', suggestedName: `${this.last.loss}-per-sample.csv`, seq: this.last.seq }).reply;
    if (!r.ok) this.ctx.status(r.error);
    else if (r.result.saved) this.ctx.status(`Saved ${r.result.saved}`);
  }

  private async copy(): Promise<void> {
    if (!this.last) return;
    const r = await this.ctx.api.request({ type: 'copyText', text: this.last.summary }).reply;
    this.ctx.status(r.ok ? 'Summary copied to the clipboard.' : r.error);
  }
}
