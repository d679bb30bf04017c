/**
 * The Loss Lab panel, assembled from an `init` message: the loss picker and hyperparameters on
 * the left, the curve and data views in tabs in the middle, the code beside them. Owns the flow
 * of a change: a control edits the state, then every view that depends on it asks the host again.
 */
import type { CatalogLoss, CheckViewData, ErrorData, FrameworkId, InitMessage, ParamSuggestion, ReductionId } from '../src/shared/protocol';
import type { ParamValueData } from '../src/shared/state';
import type { HostApi, HostEvent } from './api';
import type { XYChart } from './charts/xy-chart';
import type { LabContext } from './context';
import { lossPicker, type LossPicker } from './controls/loss-picker';
import { paramPanel, type ParamPanel } from './controls/param-panel';
import { el } from './dom';
import { parseResult, type DatasetInfo } from '../src/shared/results';
import { restoreState, StateStore, type ViewName } from './state';
import { Tabs } from './tabs';
import { readPalette, watchTheme, type Palette } from './theme';
import { CheckView } from './views/check-view';
import { CodeView } from './views/code-view';
import { CurveView } from './views/curve-view';
import { DataView } from './views/data-view';
import { FrameworksView } from './views/frameworks-view';
import { locationText } from './views/notice';
import type { VsCodeApi } from './vscode-api';

/** How long an informational status note stays. */
const STATUS_MS = 12_000;

/** A file description from the host, validated by its schema (null when absent or malformed). */
function datasetOf(raw: unknown): DatasetInfo | null {
  if (raw === null || raw === undefined) return null;
  const r = parseResult('loadCsv', raw);
  return r.ok ? r.result : null;
}

export class LabApp implements LabContext {
  readonly element: HTMLElement;
  readonly store: StateStore;
  readonly catalog: InitMessage['catalog'];
  private readonly byId: Map<string, CatalogLoss>;
  private pal: Palette;
  private readonly picker: LossPicker;
  private readonly params: ParamPanel;
  private readonly curves: CurveView;
  private readonly data: DataView;
  private readonly code: CodeView;
  private readonly frameworks: FrameworksView;
  /** The framework row drawn over the curves (Frameworks view), or null; not persisted. */
  private overlayApi: string | null = null;
  private hasDataset = false;
  private readonly check: CheckView;
  /** The running "Show on curves" request, to cancel it. */
  private checkCurvesId: number | null = null;
  /** The Check tab is not persisted: a check result lives as long as the panel. */
  private readonly tabs: Tabs<ViewName | 'check'>;
  private readonly statusLine = el('div', { class: 'status-line', role: 'status', 'aria-live': 'polite', 'data-testid': 'status' });
  private readonly disposers: Array<() => void> = [];
  private statusTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(readonly api: HostApi, vscode: VsCodeApi, init: InitMessage) {
    this.catalog = init.catalog;
    this.byId = new Map(init.catalog.losses.map((l) => [l.id, l]));
    const restored = restoreState(init.catalog, init.state);
    const note = restored.note;
    let state = restored.state;
    // A file the host already loaded comes mapped for the loss that fits it (Preview Loss on CSV
    // picks one): show that loss, and on a fresh panel open on the data view.
    const ds = datasetOf(init.dataset);
    if (ds && ds.mapping && ds.loss !== state.loss && this.byId.has(ds.loss)) {
      const l = this.byId.get(ds.loss)!;
      state = { ...state, loss: ds.loss, reduction: l.reductions.includes(state.reduction) ? state.reduction : l.defaultReduction };
    }
    if (ds && init.state === null) state = { ...state, view: 'data' };
    this.store = new StateStore(state, vscode, api);
    this.pal = readPalette();

    this.picker = lossPicker(this.catalog, state.loss, (id) => this.pickLoss(id));
    this.params = paramPanel((n, v) => this.setParam(n, v), (r) => this.setReduction(r));
    this.curves = new CurveView(this);
    this.code = new CodeView(this, state.framework ?? init.settings.defaultFramework);
    this.data = new DataView(this, {
      applySuggestion: (s) => this.applySuggestion(s),
      switchLoss: (id) => this.pickLoss(id, { updatePicker: true }),
    });
    this.frameworks = new FrameworksView(this, {
      overlay: () => this.overlayApi,
      setOverlay: (api) => {
        this.overlayApi = api;
        this.curves.refresh();
      },
      hasData: () => this.hasDataset,
    });
    this.check = new CheckView({
      showOnCurves: (r) => this.showCheckOnCurves(r),
      cancelCurves: () => {
        if (this.checkCurvesId !== null) void this.api.request({ type: 'cancel', target: this.checkCurvesId });
      },
    });
    this.tabs = new Tabs<ViewName | 'check'>(
      [
        { key: 'curves', label: 'Curves', panel: this.curves.element },
        { key: 'data', label: 'Data', panel: this.data.element },
        { key: 'frameworks', label: 'Frameworks', panel: this.frameworks.element },
        { key: 'check', label: 'Check', panel: this.check.element },
      ],
      (['curves', 'data', 'frameworks'] as const).find((k) => k === state.view) ?? 'curves',
      (k) => {
        if (k !== 'check') this.store.update({ view: k });
        this.curves.setVisible(k === 'curves');
        this.data.setVisible(k === 'data');
        this.frameworks.setVisible(k === 'frameworks');
      },
    );

    const backendNote = init.backend.fallbackReason ? `engine: ${init.backend.name} (${init.backend.fallbackReason})` : `engine: ${init.backend.name}`;
    this.element = el(
      'div',
      { class: 'lab', 'data-testid': 'loss-lab' },
      el('header', { class: 'topbar' },
        el('h1', {}, 'Loss Lab'),
        this.tabs.list,
        this.statusLine,
        el('span', { class: 'muted small backend', title: backendNote }, backendNote)),
      el('div', { class: 'layout' },
        el('aside', { class: 'sidebar', 'aria-label': 'Loss and hyperparameters' }, this.picker.element, this.params.element, this.picker.about),
        el('main', { class: 'main' }, this.curves.element, this.data.element, this.frameworks.element, this.check.element),
        el('aside', { class: 'code-pane', 'aria-label': 'Code' }, this.code.element)),
    );

    this.code.setAvailable(init.codeAvailable);
    this.curves.setVisible(this.tabs.selected === 'curves');
    this.showLoss(this.currentLoss());
    this.data.setVisible(this.tabs.selected === 'data');
    this.frameworks.setVisible(this.tabs.selected === 'frameworks');
    this.hasDataset = ds !== null;
    if (ds) this.data.setDataset(ds);
    // The one place a saved file is restored: after "Reload Window" the host has none, and the
    // state names the file and the mapping that was in force for its loss.
    else if (state.dataset) this.data.restore(state.dataset, state.mapping);
    const notes = [init.stateNote, note].filter((n): n is string => !!n);
    if (notes.length) this.status(notes.join('; '));

    this.disposers.push(watchTheme((p) => this.setPalette(p)));
    this.disposers.push(api.onEvent((e) => this.onHostEvent(e)));
    this.disposers.push(api.onRefused((why) => {
      this.element.dataset['refused'] = String(api.refused);
      this.status(`Ignored a message from the host: ${why}`);
    }));
    this.store.flush();
  }

  // --- LabContext -----------------------------------------------------------------------------

  lossById(id: string): CatalogLoss | undefined {
    return this.byId.get(id);
  }

  currentLoss(): CatalogLoss {
    return this.byId.get(this.store.get().loss) ?? this.catalog.losses[0]!;
  }

  palette(): Palette {
    return this.pal;
  }

  exportChart(chart: XYChart, suggestedName: string): void {
    const dataUrl = chart.toPng(this.pal.background);
    void this.api.request({ type: 'exportChart', dataUrl, suggestedName }).reply.then((r) => {
      if (!r.ok) this.status(r.error);
      else if (r.result.saved) this.status(`Saved ${r.result.saved}`);
    });
  }

  status(text: string | ErrorData): void {
    if (this.statusTimer !== null) clearTimeout(this.statusTimer);
    this.statusTimer = null;
    if (typeof text === 'string') {
      this.statusLine.textContent = text;
      this.statusLine.classList.remove('error');
      // Notes ("Copied", "switched to …") fade like VS Code's status messages; errors stay.
      this.statusTimer = setTimeout(() => {
        this.statusLine.textContent = '';
        this.statusTimer = null;
      }, STATUS_MS);
    } else {
      const where = locationText(text);
      this.statusLine.textContent = where ? `${where}: ${text.message}` : text.message;
      this.statusLine.classList.add('error');
    }
  }

  hostRefused(e: ErrorData): void {
    if (e.param && (e.code === 'param_error' || e.code === 'input_error')) this.params.showHostError(e.param, e.message);
  }

  dispose(): void {
    for (const d of this.disposers) d();
    this.store.flush();
  }

  // --- changes ---------------------------------------------------------------------------------

  /** Shows `loss`'s controls and asks every view again; `remap` asks the host to map the file's columns for it. */
  private showLoss(loss: CatalogLoss, remap = true): void {
    const s = this.store.get();
    this.params.show(loss, this.store.paramsFor(loss), s.reduction);
    this.data.onLossChanged(remap);
    this.refreshAll();
  }

  private pickLoss(id: string, opts: { updatePicker?: boolean; remap?: boolean } = {}): void {
    const loss = this.byId.get(id);
    if (!loss) return;
    // An overlaid framework row belongs to the loss it was chosen for.
    if (id !== this.store.get().loss) this.overlayApi = null;
    const s = this.store.get();
    const reduction = loss.reductions.includes(s.reduction) ? s.reduction : loss.defaultReduction;
    // A saved column mapping was the previous loss's: after a reload it would be sent back for this one.
    this.store.update({ loss: id, reduction, ...(id !== s.loss ? { mapping: null } : {}) });
    if (opts.updatePicker) this.picker.select(id);
    this.showLoss(loss, opts.remap ?? true);
  }

  private setParam(name: string, value: ParamValueData): void {
    this.store.setParam(this.currentLoss(), name, value);
    this.params.clearHostErrors();
    this.refreshAll();
  }

  private setReduction(r: ReductionId): void {
    this.store.update({ reduction: r });
    this.params.clearHostErrors();
    this.refreshAll();
  }

  private applySuggestion(s: ParamSuggestion): void {
    const loss = this.currentLoss();
    if (!loss.params.some((p) => p.name === s.param)) return;
    const value = Array.isArray(s.value) ? [...s.value] : (s.value as number);
    this.params.setValue(s.param, value);
    this.setParam(s.param, value);
    this.status(`Applied ${s.label}.`);
  }

  private refreshAll(): void {
    this.curves.refresh();
    this.code.refresh();
    this.data.onParamsChanged();
    this.frameworks.refresh();
  }

  /**
   * "Show on curves": the host runs the checked function along the loss's curves; the panel then
   * shows the checked loss with the check's parameters, so the reference drawn is the one the
   * user's curve was computed against, and the curve view adds the user's series.
   */
  private showCheckOnCurves(r: CheckViewData): void {
    const { requestId, reply } = this.api.request({ type: 'checkCurves', loss: r.loss, symbol: r.symbol });
    this.checkCurvesId = requestId;
    this.check.setCurvesRunning(true, `running ${r.symbol} along the curves of ${r.loss}…`);
    void reply.then((res) => {
      if (this.checkCurvesId !== requestId) return;
      this.checkCurvesId = null;
      if (!res.ok) {
        this.check.setCurvesRunning(false, res.error.code === 'cancelled' ? 'Cancelled.' : res.error.message);
        if (res.error.code !== 'cancelled') this.status(res.error);
        return;
      }
      const parsed = parseResult('checkCurves', res.result);
      const loss = parsed.ok ? this.byId.get(parsed.result.loss) : undefined;
      if (!parsed.ok || !loss) {
        this.check.setCurvesRunning(false, parsed.ok ? `unknown loss ${parsed.result.loss}` : `the host sent the curves in an unexpected shape (${parsed.message})`);
        return;
      }
      const c = parsed.result;
      const failed = c.failed.count ? ` ${c.failed.count} points gave no value${c.failed.first ? ` (${c.failed.first})` : ''}.` : '';
      this.check.setCurvesRunning(false, `Drawn on the Curves view${c.hasGradient ? '' : ' (no gradient: your code gave none)'}.${failed}`);
      const own = Object.fromEntries(Object.entries(c.params).filter(([k]) => loss.params.some((p) => p.name === k)));
      const s = this.store.get();
      this.store.update({ params: { ...s.params, [loss.id]: { ...(s.params[loss.id] ?? {}), ...own } } });
      this.curves.setCheck(c);
      this.pickLoss(loss.id, { updatePicker: true, remap: loss.id !== s.loss });
      this.tabs.select('curves');
    });
  }

  /** The framework row overlaid on the curves (LabContext), if it belongs to the current loss's rows. */
  overlay(): string | null {
    return this.overlayApi;
  }

  private setPalette(p: Palette): void {
    this.pal = p;
    this.curves.setPalette(p);
    this.data.setPalette(p);
    this.element.dataset['theme'] = p.kind;
  }

  private onHostEvent(e: HostEvent): void {
    switch (e.type) {
      case 'dataChanged': {
        const ds = datasetOf(e.dataset);
        // The host loaded a file (Preview Loss on CSV) mapped for the loss that fits it: follow
        // (no remap: it is mapped).
        if (ds && ds.mapping && ds.loss !== this.store.get().loss && this.byId.has(ds.loss)) {
          this.pickLoss(ds.loss, { updatePicker: true, remap: false });
          this.status(`${ds.fileName} fits ${ds.loss}: switched to it.`);
        }
        this.data.handleDataChanged(e);
        this.hasDataset = e.dataset !== null && e.dataset !== undefined;
        this.frameworks.refresh();
        if (e.reason === 'loaded' || e.reason === 'error') this.tabs.select('data');
        break;
      }
      case 'progress':
        this.data.handleProgress(e);
        break;
      case 'check':
        // A new check replaces the last one: its curves (drawn or still running) are dropped.
        if (this.checkCurvesId !== null) void this.api.request({ type: 'cancel', target: this.checkCurvesId });
        this.checkCurvesId = null;
        this.curves.setCheck(null);
        this.check.show(e.result);
        this.tabs.select('check');
        break;
      case 'settingsChanged':
        if (this.store.get().framework === null) this.code.setFramework(e.settings.defaultFramework as FrameworkId);
        break;
      case 'init':
        // Handled by main.ts (a new init rebuilds the app).
        break;
    }
  }
}
