/**
 * The Loss Lab webview panel: one per window (running "Open Loss Lab" again reveals it), restored
 * after "Reload Window" by the serializer with the state the webview persisted. Owns the webview
 * (strict-CSP HTML, resource roots limited to dist/ and media/), the message router, the loaded
 * file, and everything it registered (disposed with the panel).
 */
import * as vscode from 'vscode';
import { VIEW_TYPE } from '../ids';
import { getLoss } from '../engine/registry';
import { initBackend, type BackendInfo } from '../engine/backend';
import {
  parseState,
  PROTOCOL_VERSION,
  type CurvesResult,
  type DataResult,
  type DatasetInfo,
  type ErrorData,
  type NotificationOf,
  type PersistedState,
  type ToWebview,
  type CheckViewData,
} from '../shared/protocol';
import { catalogData } from '../lab/catalog-data';
import type { CheckedSymbol } from '../lab/check/check-file';
import { errorData } from '../lab/error-data';
import { panelHtml } from './html';
import { PanelError } from '../lab/panel-error';
import { makeNonce } from './nonce';
import { PanelData, type DataEvent } from './panel-data';
import { createHandlers } from './request-handlers';
import { MessageRouter } from '../lab/router';
import { readSettings, SETTINGS_SECTION } from './settings';
import { workspaceRefOf } from './workspace-files';

const TITLE = 'Loss Lab';

/** What the test hook (`lossLab._testState`) reads. */
export interface PanelSnapshot {
  readonly state: unknown;
  readonly dataset: DatasetInfo | null;
  readonly lastData: DataResult | null;
  readonly lastCurves: CurvesResult | null;
  readonly lastError: ErrorData | null;
  readonly messages: { readonly received: Record<string, number>; readonly refused: number };
}

export class LabPanel implements vscode.Disposable {
  static current: LabPanel | undefined;

  readonly data: PanelData;
  readonly router: MessageRouter;
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  /**
   * The webview's persisted state as it last announced it (the webview owns it: the chosen loss,
   * its parameters, the view; the host reads the chosen loss from it and hands it to the panel
   * serializer), validated once when it arrives.
   */
  private state: unknown;
  private chosen: PersistedState | null = null;
  private lastCurves: CurvesResult | null = null;
  private lastError: ErrorData | null = null;
  private lastEditor: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  private backend: Promise<BackendInfo>;
  private early: ToWebview[] = [];
  private settings = readSettings();
  private readonly log: vscode.LogOutputChannel;
  /**
   * What the save dialog answers instead of asking, for the integration tests only (set through
   * the unlisted `lossLab._testState` command; `uri` undefined = dismissed); null: the real dialog.
   */
  private saveAnswerForTests: { readonly uri: vscode.Uri | undefined } | null = null;

  /** Opens the panel, or reveals the open one. */
  static show(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): LabPanel {
    if (LabPanel.current) {
      LabPanel.current.panel.reveal(undefined, false);
      return LabPanel.current;
    }
    const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    const root = context.extensionUri;
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, TITLE, column, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(root, 'dist'), vscode.Uri.joinPath(root, 'media')],
    });
    return new LabPanel(context, panel, undefined, log);
  }

  /** The serializer's entry: a panel VS Code restored after a reload, with the webview's persisted state. */
  static revive(context: vscode.ExtensionContext, panel: vscode.WebviewPanel, state: unknown, log: vscode.LogOutputChannel): LabPanel {
    LabPanel.current?.dispose();
    return new LabPanel(context, panel, state, log);
  }

  private constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly panel: vscode.WebviewPanel,
    restoredState: unknown,
    log: vscode.LogOutputChannel,
  ) {
    LabPanel.current = this;
    this.log = log;
    this.setState(restoredState);
    this.backend = initBackend({ backend: this.settings.backend });
    this.data = new PanelData((e) => this.onDataEvent(e), () => this.settings.liveReload);
    this.router = new MessageRouter(
      createHandlers({
        data: this.data,
        settings: () => this.settings,
        recordCurves: (r) => (this.lastCurves = r),
        lastTextEditor: () => this.lastEditor,
        lastCheck: () => this.checked,
        showSaveDialog: (o) => (this.saveAnswerForTests ? Promise.resolve(this.saveAnswerForTests.uri) : vscode.window.showSaveDialog(o)),
      }),
      {
        post: (m) => this.post(m),
        errorOf: errorData,
        onReady: (m) => void this.onReady(m),
        onState: (s) => this.setState(s),
        onLog: (level, message) => this.log[level](message),
        onReply: (r) => {
          if (!r.ok && r.error.code !== 'superseded' && r.error.code !== 'cancelled') this.lastError = r.error;
        },
      },
    );
    const root = context.extensionUri;
    panel.webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(root, 'dist'), vscode.Uri.joinPath(root, 'media')],
    };
    this.disposables.push(
      this.data,
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: unknown) => void this.router.receive(m)),
      vscode.window.onDidChangeActiveTextEditor((e) => e && (this.lastEditor = e)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(SETTINGS_SECTION)) return;
        const before = this.settings;
        this.settings = readSettings();
        if (before.backend !== this.settings.backend) this.backend = initBackend({ backend: this.settings.backend });
        this.post({ type: 'settingsChanged', settings: this.settings });
      }),
    );
    void this.render();
  }

  private async render(): Promise<void> {
    const webview = this.panel.webview;
    const root = this.context.extensionUri;
    let css: string[] = [];
    try {
      const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(root, 'media'));
      css = entries.filter(([n, t]) => t === vscode.FileType.File && n.endsWith('.css')).map(([n]) => n).sort();
    } catch {
      // no media folder: the webview still works, unstyled
    }
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'dist', 'webview.js')).toString(),
      styleUris: css.map((n) => webview.asWebviewUri(vscode.Uri.joinPath(root, 'media', n)).toString()),
    });
  }

  /** Shows a finished check of the user's loss in the Check view; `checked` is what "Show on curves" runs again. */
  showCheck(result: CheckViewData, checked?: CheckedSymbol): void {
    this.lastCheck = result;
    this.checked = checked ?? null;
    this.post({ type: 'check', result });
  }

  private checked: CheckedSymbol | null = null;

  /** The last check shown (for the integration tests' state hook). */
  lastCheck: CheckViewData | null = null;

  private post(m: ToWebview): void {
    if (!this.ready && m.type !== 'init') {
      // Before the handshake only data news matter; they are delivered right after `init`.
      if (m.type === 'dataChanged' || m.type === 'check') this.early.push(m);
      return;
    }
    void Promise.resolve(this.panel.webview.postMessage(m)).catch(() => undefined);
  }

  private setState(raw: unknown): void {
    this.state = raw;
    const parsed = parseState(raw);
    this.chosen = parsed.ok ? parsed.state : null;
  }

  /** The values the panel has set for `loss` (the webview's announced state; {} when none or no panel state). */
  panelParams(loss: string): Readonly<Record<string, unknown>> {
    return this.chosen?.params[loss] ?? {};
  }

  /** The loss the webview shows (from its state), or null before it said. */
  private chosenLoss(): string | null {
    const id = this.chosen?.loss;
    return id !== undefined && getLoss(id) ? id : null;
  }

  /**
   * The webview (re)started: answer `init`. Nothing is restored here: the webview restores its
   * state, and asks for the file its state names (`loadCsv` with the saved mapping) when the host
   * has none loaded.
   */
  private async onReady(m: NotificationOf<'ready'>): Promise<void> {
    if (m.state !== undefined) this.setState(m.state);
    const parsed = parseState(this.state);
    const state: PersistedState | null = parsed.ok ? parsed.state : null;
    const stateNote = parsed.ok || parsed.reason === 'none' ? null : `previous panel state not restored: ${parsed.reason}`;
    if (stateNote) this.log.warn(stateNote);
    if (m.protocolVersion !== PROTOCOL_VERSION) this.log.warn(`webview protocol ${m.protocolVersion}, host ${PROTOCOL_VERSION}`);
    const backend = await this.backend;
    this.ready = true;
    this.post({
      type: 'init',
      protocolVersion: PROTOCOL_VERSION,
      catalog: catalogData(),
      settings: this.settings,
      state,
      stateNote,
      dataset: this.datasetInfo(),
      backend: { name: backend.name, fallbackReason: backend.fallbackReason ?? null },
      codeAvailable: true,
    });
    for (const m of this.early.splice(0)) this.post(m);
  }

  /**
   * The loaded file mapped for the current loss; for a newly loaded file (`forLoad`), for the
   * first loss it fits when the current one's columns or value domains do not.
   */
  private datasetInfo(forLoad = false): DatasetInfo | null {
    const s = this.data.session;
    const spec = getLoss(this.chosenLoss() ?? '') ?? null;
    if (!s) return null;
    if (spec) {
      const info = s.info(spec);
      if (info.mapping ? !forLoad || s.fits(spec) : !info.suggestedLoss) return info;
    }
    // The current loss does not fit this file: offer the file mapped for a loss that does.
    const suggested = getLoss(s.suggestLoss(spec ?? undefined) ?? '');
    return suggested ? s.info(suggested) : spec ? s.info(spec) : null;
  }

  /**
   * Loads a file into the panel (Preview Loss on CSV) and tells the webview: the dataset, mapped
   * for the loss the webview shows when it fits, else for the first loss that does; or the error
   * (bad data placed at file:line:column) shown in the panel. Resolves null on error.
   */
  async loadFile(uri: vscode.Uri): Promise<DatasetInfo | null> {
    try {
      const ref = workspaceRefOf(uri);
      if (!ref) throw new PanelError('forbidden_path', `${uri.toString(true)} is not inside a workspace folder`);
      await this.backend;
      await this.data.load(uri, ref);
      const info = this.datasetInfo(true)!;
      this.post({ type: 'dataChanged', reason: 'loaded', dataset: info, error: null });
      return info;
    } catch (e) {
      const error = errorData(e);
      if (error.code === 'cancelled') return null;
      this.lastError = error;
      this.log.error(`loading ${uri.toString(true)}: ${error.message}`);
      this.post({ type: 'dataChanged', reason: 'error', dataset: null, error });
      return null;
    }
  }

  private onDataEvent(e: DataEvent): void {
    if (e.reason === 'error') this.lastError = e.error;
    this.post({
      type: 'dataChanged',
      reason: e.reason,
      dataset: e.reason === 'changed' ? this.datasetInfo() : null,
      error: e.reason === 'error' ? e.error : null,
    });
  }

  /** For the test hook: what the save dialog answers from now on (null: the real dialog again). */
  answerSaveDialogForTests(answer: { readonly uri: vscode.Uri | undefined } | null): void {
    this.saveAnswerForTests = answer;
  }

  /** For the test hook. */
  snapshot(): PanelSnapshot {
    return {
      state: this.state ?? null,
      dataset: this.datasetInfo(),
      lastData: this.data.lastEvaluation?.result ?? null,
      lastCurves: this.lastCurves,
      lastError: this.lastError,
      messages: { received: { ...this.router.stats.received }, refused: this.router.stats.refused },
    };
  }

  get isReady(): boolean {
    return this.ready;
  }

  get webviewPanel(): vscode.WebviewPanel {
    return this.panel;
  }

  private disposed = false;

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (LabPanel.current === this) LabPanel.current = undefined;
    this.router.dispose();
    const ds = this.disposables.splice(0);
    for (const d of ds) d.dispose();
    this.panel.dispose();
  }
}
