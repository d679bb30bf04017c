/**
 * What each request does on the host (vscode side). Every handler either returns its result or
 * throws; the router turns throws into error replies. Inputs were validated by the protocol; loss
 * ids and params are checked here against the registry.
 */
import * as vscode from 'vscode';
import { typescriptFor } from '../codegen/editor-choice';
import type { CurvesResult, SettingsData } from '../shared/protocol';
import { trainOnSession, useCombinedScore } from '../lab/adarank-session';
import { lambdaMartQueryOf } from '../lab/lambdamart-query';
import { codeFor, codeLabel } from '../lab/code-request';
import { curvesFor } from '../lab/curves-request';
import { frameworksFor } from '../lab/frameworks-request';
import { resolveParams } from '../engine/params';
import { lossOrThrow } from '../lab/loss-or-throw';
import { perSampleCsv } from '../lab/export-csv';
import type { PanelData } from './panel-data';
import { PanelError } from '../lab/panel-error';
import { withCancellableProgress } from './progress';
import type { Handlers } from '../lab/router';
import { pickWorkspaceCsv, resolveWorkspaceFile } from './workspace-files';
import { CheckRunError } from '../lab/check/check-error';
import { checkCurvesData } from '../lab/check/check-curves-data';
import { checkCurvesFile, type CheckedSymbol } from '../lab/check/check-file';
import { checkTimeoutMs } from './python-path';
import { abortError } from './progress';

export interface HostContext {
  readonly data: PanelData;
  settings(): SettingsData;
  recordCurves(r: CurvesResult): void;
  /** The text editor that was active last (the panel itself has focus while its buttons are used). */
  lastTextEditor(): vscode.TextEditor | undefined;
  /** `vscode.window.showSaveDialog`, or what the integration tests answer instead (see LabPanel). */
  showSaveDialog(options: vscode.SaveDialogOptions): Thenable<vscode.Uri | undefined>;
  /** The last check shown in the Check view (what "Show on curves" runs again), or null. */
  lastCheck(): CheckedSymbol | null;
}

/** Rows above which an evaluation also shows a notification with Cancel. */
const NOTIFY_ROWS = 200_000;

/** The loaded file's session; refuses (with why) when there is none, or its file is gone or broken. */
function sessionOrThrow(h: HostContext) {
  return h.data.usable();
}

function safeFileName(name: string, fallback: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[^\w.\- ]+/g, '_').replace(/^\.+/, '').slice(0, 120);
  return clean || fallback;
}

/** Save dialog next to the loaded file; refuses the loaded file itself (never overwrite the input). */
async function saveTarget(h: HostContext, name: string, filters: Record<string, string[]>): Promise<vscode.Uri | null> {
  const near = h.data.uri ? vscode.Uri.joinPath(h.data.uri, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await h.showSaveDialog({ ...(near ? { defaultUri: vscode.Uri.joinPath(near, name) } : {}), filters });
  if (!target) return null;
  if (h.data.uri && sameFile(target, h.data.uri)) {
    throw new PanelError('forbidden_path', 'refusing to overwrite the loaded CSV: choose another file name');
  }
  return target;
}

/** Whether two Uris name one file (a dialog may spell the path differently: `a/./b`, case on Windows). */
function sameFile(a: vscode.Uri, b: vscode.Uri): boolean {
  if (a.scheme !== b.scheme || a.authority.toLowerCase() !== b.authority.toLowerCase()) return false;
  const norm = (u: vscode.Uri): string => {
    const p = vscode.Uri.joinPath(u, '.').path;
    return process.platform === 'win32' || process.platform === 'darwin' ? p.toLowerCase() : p;
  };
  return norm(a) === norm(b);
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function createHandlers(h: HostContext): Handlers {
  return {
    curves: async (req, ctx) => {
      lossOrThrow(req.loss);
      const r = await curvesFor(req, ctx.signal);
      h.recordCurves(r);
      return r;
    },

    pickCsv: async () => {
      const ref = await pickWorkspaceCsv();
      return ref ? { path: ref.path, folder: ref.folder } : null;
    },

    loadCsv: async (req, ctx) => {
      const spec = lossOrThrow(req.loss);
      const uri = await resolveWorkspaceFile(req.path, req.folder);
      const multi = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
      const folder = req.folder ?? (multi ? vscode.workspace.workspaceFolders![0].name : null);
      const session = await h.data.load(uri, { path: req.path, folder }, ctx.signal, (done, total) => ctx.progress('reading', done, total));
      let explicitError: string | null = null;
      if (req.mapping) {
        try {
          session.setMapping(spec, req.mapping);
        } catch (e) {
          explicitError = `the saved column mapping no longer fits (${e instanceof Error ? e.message : String(e)}); columns were inferred instead`;
        }
      }
      const info = session.info(spec);
      return explicitError ? { ...info, mappingNotes: [explicitError, ...info.mappingNotes] } : info;
    },

    setMapping: async (req) => {
      const s = sessionOrThrow(h);
      const spec = lossOrThrow(req.loss);
      s.setMapping(spec, req.mapping);
      return s.info(spec);
    },

    evaluateData: async (req, ctx) => {
      const s = sessionOrThrow(h);
      const spec = lossOrThrow(req.loss);
      const run = (signal: AbortSignal, report?: (f: number) => void) =>
        s.evaluate(spec, req.params, req.reduction, {
          seq: req.seq,
          sampleSize: h.settings().chartSampleSize,
          signal,
          onProgress: (done, total) => {
            ctx.progress('evaluating', done, total);
            report?.(done / total);
          },
        });
      const ev =
        s.table.rows > NOTIFY_ROWS
          ? await withCancellableProgress(`Loss Lab: ${spec.id} on ${s.ref.path}`, ctx.signal, (p) => run(p.signal, (f) => p.report(f)))
          : await run(ctx.signal);
      // Export writes what the webview was shown: recorded once the reply is delivered, not when a
      // superseded or cancelled evaluation finishes. A file loaded meanwhile replaced this session:
      // its results must not be exported for the new file. The one host copy of the last result
      // (export and the test hook read it).
      ctx.onDelivered(() => {
        if (h.data.session === s) h.data.lastEvaluation = ev;
      });
      return ev.result;
    },

    sweep: async (req, ctx) => {
      const s = sessionOrThrow(h);
      const spec = lossOrThrow(req.loss);
      return withCancellableProgress(`Loss Lab: sweeping ${req.param} of ${spec.id}`, ctx.signal, (p) =>
        s.sweep(spec, req.params, req.reduction, req.param, {
          seq: req.seq,
          ...(req.points ? { points: req.points } : {}),
          signal: p.signal,
          onProgress: (done, total) => {
            ctx.progress(`sweeping ${req.param}`, done, total);
            p.report(done / total);
          },
        }),
      );
    },

    revealRow: async (req) => {
      const uri = h.data.uri;
      if (!uri) throw new PanelError('no_data', 'no CSV is loaded');
      const doc = await vscode.workspace.openTextDocument(uri);
      if (req.line > doc.lineCount) throw new PanelError('bad_request', `line ${req.line} is beyond the end of ${h.data.session?.ref.path} (${doc.lineCount} lines)`);
      const line = doc.lineAt(req.line - 1);
      const open = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
      await vscode.window.showTextDocument(doc, {
        viewColumn: open?.viewColumn ?? vscode.ViewColumn.Beside,
        selection: new vscode.Range(line.range.start, line.range.end),
        preserveFocus: false,
      });
      return {};
    },

    exportChart: async (req) => {
      const bytes = Buffer.from(req.dataUrl.slice(req.dataUrl.indexOf(',') + 1), 'base64');
      if (bytes.length < 8 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) throw new PanelError('bad_request', 'the chart image is not a PNG');
      const name = safeFileName(req.suggestedName, 'loss-lab-chart.png');
      const target = await saveTarget(h, name.endsWith('.png') ? name : `${name}.png`, { 'PNG image': ['png'] });
      if (!target) return { saved: null };
      await vscode.workspace.fs.writeFile(target, bytes);
      return { saved: vscode.workspace.asRelativePath(target) };
    },

    exportCsv: async (req) => {
      const ev = h.data.lastEvaluation;
      if (!ev || !h.data.session) throw new PanelError('no_data', 'nothing evaluated yet: evaluate the loss on a CSV first');
      // The webview names the evaluation it shows; another one (newer, or of the test hook) is not what the user sees.
      if (req.seq !== undefined && req.seq !== ev.result.seq) {
        throw new PanelError('bad_request', `the figures on screen (evaluation ${req.seq}) are not the last evaluation (${ev.result.seq}): wait for the panel to update, then save again`);
      }
      const stem = (h.data.session.ref.path.split('/').pop() ?? 'data').replace(/\.csv$/i, '');
      const name = safeFileName(req.suggestedName ?? `${stem}.${ev.result.loss}-per-sample.csv`, 'loss-lab-per-sample.csv');
      const target = await saveTarget(h, name, { CSV: ['csv'] });
      if (!target) return { saved: null };
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(perSampleCsv(ev)));
      return { saved: vscode.workspace.asRelativePath(target) };
    },

    lambdamartQuery: async (req) => {
      const ev = h.data.lastEvaluation;
      if (!ev || !h.data.session) throw new PanelError('no_data', 'nothing evaluated yet: evaluate lambdamart on a CSV first');
      if (req.seq !== ev.result.seq) {
        throw new PanelError('bad_request', `the figures on screen (evaluation ${req.seq}) are not the last evaluation (${ev.result.seq}): wait for the panel to update, then pick the query again`);
      }
      return lambdaMartQueryOf(ev, req.query);
    },

    adarankTrain: async (req, ctx) => {
      const s = sessionOrThrow(h);
      return withCancellableProgress(`Loss Lab: training AdaRank on ${s.ref.path}`, ctx.signal, (p) =>
        trainOnSession(s, req.params, req.mapping, {
          signal: p.signal,
          onProgress: (message, done, total) => {
            ctx.progress(message, done, total);
            p.report(done / total);
          },
        }),
      );
    },

    adarankUseScore: async (req) => {
      const s = sessionOrThrow(h);
      const spec = lossOrThrow(req.loss);
      const used = useCombinedScore(s, req.runId);
      return { ...used, dataset: s.info(spec) };
    },

    copyText: async (req) => {
      await vscode.env.clipboard.writeText(req.text);
      return {};
    },

    code: async (req) => codeFor(lossOrThrow(req.loss), req),

    frameworks: async (req, ctx) => {
      const spec = lossOrThrow(req.loss);
      const data = h.data.session
        ? async (signal?: AbortSignal) => {
            const ds = await sessionOrThrow(h).dataset(spec, resolveParams(spec, req.params), undefined, signal);
            return { inputs: ds.inputs, fileName: ds.fileName, rows: ds.n };
          }
        : null;
      return frameworksFor(req, data, ctx.signal);
    },

    insertCode: async (req) => {
      const spec = lossOrThrow(req.loss);
      const editor = h.lastTextEditor();
      if (!editor) throw new PanelError('bad_request', 'no text editor to insert into: open a file and place the cursor first');
      const { code } = codeFor(spec, req, { snippet: true, typescript: typescriptFor(editor.document.languageId) });
      const shown = await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
      const ok = await shown.insertSnippet(new vscode.SnippetString(code), shown.selection.active);
      if (!ok) throw new PanelError('internal', 'the editor refused the insertion');
      return { inserted: `${codeLabel(req.framework)} code for ${req.loss} into ${vscode.workspace.asRelativePath(editor.document.uri)}` };
    },

    checkCurves: async (req, ctx) => {
      const last = h.lastCheck();
      if (!last || last.loss !== req.loss || last.symbol !== req.symbol) {
        throw new PanelError('bad_request', `${req.symbol} against ${req.loss} is not the last check: run "Check against Loss Lab" on it again`);
      }
      const spec = lossOrThrow(last.loss);
      try {
        const r = await withCancellableProgress(`Loss Lab: drawing ${last.symbol} on the curves of ${spec.id}`, ctx.signal, (p) =>
          checkCurvesFile({
            spec,
            file: last.file,
            symbol: last.symbol,
            params: last.params,
            python: last.python,
            timeoutMs: checkTimeoutMs(),
            signal: p.signal,
            onProgress: (m) => {
              ctx.progress(m, 0, 0);
              p.report(0, m);
            },
          }));
        return checkCurvesData(r);
      } catch (e) {
        if (e instanceof CheckRunError) {
          if (e.kind === 'cancelled') throw abortError();
          throw new PanelError('bad_request', e.message, e.details.file ? { file: e.details.file, ...(e.details.line ? { line: e.details.line } : {}) } : undefined);
        }
        throw e;
      }
    },
  };
}
