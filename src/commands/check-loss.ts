/**
 * `lossLab.checkLoss` — Loss Lab: Check Loss Implementation (issue #11). For the symbol the
 * CodeLens names (or the loss-like definition at or above the cursor): a quick pick of the catalog
 * loss it should equal (proposed from its name and signature), then the check in a cancellable
 * progress notification (Cancel kills the child process), the result in the panel's Check view
 * and, on a mismatch, a Problems warning on the definition's line with the top diagnosis (cleared
 * when the file changes). Never in an untrusted workspace.
 */
import * as vscode from 'vscode';
import { getLoss, LOSSES } from '../engine/registry';
import { CheckRunError } from '../lab/check/check-error';
import { checkFile, languageOf } from '../lab/check/check-file';
import type { CheckReport } from '../lab/check/check-loss';
import { checkViewData } from '../lab/check/check-view-data';
import { lossSymbols, type LossSymbol } from '../lab/check/loss-symbols';
import { proposeLosses } from '../lab/check/propose-loss';
import { LabPanel } from '../panel/lab-panel';
import { withCancellableProgress } from '../panel/progress';
import { checkTimeoutMs, pythonFor } from '../panel/python-path';

export interface CheckArgs {
  readonly uri?: string;
  readonly symbol?: string;
  /** Skips the quick pick (the integration tests, a remembered choice). */
  readonly loss?: string;
}

let problems: vscode.DiagnosticCollection | undefined;
let watcher: vscode.Disposable | undefined;

/** The Problems collection, with its clearing on edit; disposed with the extension. */
function collection(context: vscode.ExtensionContext): vscode.DiagnosticCollection {
  if (!problems) {
    problems = vscode.languages.createDiagnosticCollection('Loss Lab check');
    watcher = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length && problems?.has(e.document.uri)) problems.delete(e.document.uri);
    });
    context.subscriptions.push(problems, watcher);
  }
  return problems;
}

function symbolAtCursor(line: number, symbols: readonly LossSymbol[]): LossSymbol | undefined {
  return [...symbols].reverse().find((s) => s.line <= line) ?? symbols[0];
}

/** The Problems warning for a report: the top diagnosis on the definition's line; none on a match. */
export function reportProblems(uri: vscode.Uri, r: CheckReport, context: vscode.ExtensionContext): void {
  const c = collection(context);
  if (r.verdict === 'match' || !r.diagnoses.length) {
    c.delete(uri);
    return;
  }
  const d = r.diagnoses[0];
  const line = Math.max(0, r.line - 1);
  const diag = new vscode.Diagnostic(new vscode.Range(line, 0, line, 1000), `${r.symbol} differs from ${r.loss}: ${d.id}: ${d.message} (${d.evidence})`, vscode.DiagnosticSeverity.Warning);
  diag.source = 'Loss Lab';
  diag.code = d.id;
  c.set(uri, [diag]);
}

export async function checkLoss(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, args?: CheckArgs): Promise<CheckReport | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Loss Lab: checking a loss runs its code; trust this workspace first.');
    return undefined;
  }
  const uri = args?.uri ? vscode.Uri.parse(args.uri) : vscode.window.activeTextEditor?.document.uri;
  if (!uri) {
    void vscode.window.showInformationMessage('Loss Lab: open a Python or TypeScript/JavaScript file with a loss function first.');
    return undefined;
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  const language = languageOf(uri.fsPath);
  if (!language || uri.scheme !== 'file') {
    void vscode.window.showErrorMessage('Loss Lab: only Python (.py) and TypeScript/JavaScript files on disk can be checked.');
    return undefined;
  }
  const symbols = lossSymbols(doc.getText(), language);
  const cursor = vscode.window.activeTextEditor?.document.uri.toString() === uri.toString() ? vscode.window.activeTextEditor.selection.active.line : 0;
  const sym = args?.symbol ? symbols.find((s) => s.name === args.symbol) ?? { name: args.symbol, line: 0, kind: 'function' as const, params: [] } : symbolAtCursor(cursor, symbols);
  if (!sym) {
    void vscode.window.showInformationMessage('Loss Lab: no loss-like function or class (named *loss*, *Loss or criterion) in this file.');
    return undefined;
  }
  let lossId = args?.loss;
  if (!lossId) {
    const ranked = proposeLosses(sym.name, sym.params);
    const pick = await vscode.window.showQuickPick(ranked.map((id, i) => {
      const l = getLoss(id)!;
      return { label: id, description: l.title, detail: i === 0 ? `proposed from the name ${sym.name}` : undefined };
    }), { title: `Check ${sym.name} against which Loss Lab loss?`, placeHolder: ranked[0], ignoreFocusOut: true });
    if (!pick) {
      log.info(`check ${sym.name}: no loss chosen (the quick pick was dismissed)`);
      return undefined;
    }
    lossId = pick.label;
  }
  const spec = getLoss(lossId);
  if (!spec) {
    void vscode.window.showErrorMessage(`Loss Lab: unknown loss ${lossId} (losses: ${LOSSES.map((l) => l.id).join(', ')})`);
    return undefined;
  }
  if (doc.isDirty) await doc.save();
  const python = language === 'python' ? await pythonFor(uri) : 'python3';
  log.info(`check ${sym.name} (${uri.fsPath}) against ${spec.id}: running${language === 'python' ? ` with ${python}` : ' in Node'}`);
  try {
    const report = await withCancellableProgress(`Loss Lab: checking ${sym.name} against ${spec.id}`, undefined, (p) =>
      checkFile({ spec, file: uri.fsPath, symbol: sym.name, params: {}, panelParams: LabPanel.current?.panelParams(spec.id) ?? {}, python, timeoutMs: checkTimeoutMs(), signal: p.signal, onProgress: (m) => p.report(0, m) }));
    log.info(`check ${sym.name} (${uri.fsPath}) against ${spec.id}: ${report.verdict}${report.diagnoses[0] ? ` (${report.diagnoses[0].id})` : ''}`);
    reportProblems(uri, report, context);
    LabPanel.show(context, log).showCheck(checkViewData(report), { file: uri.fsPath, symbol: sym.name, loss: spec.id, python, params: report.params });
    return report;
  } catch (e) {
    if (e instanceof CheckRunError && e.kind === 'cancelled') {
      log.info(`check ${sym.name}: cancelled`);
      return undefined;
    }
    const msg = e instanceof Error ? e.message : String(e);
    log.error(`check ${sym.name}: ${msg}`);
    void vscode.window.showErrorMessage(`Loss Lab: ${msg}`);
    return undefined;
  }
}
