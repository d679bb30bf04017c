/**
 * `lossLab.previewCsv` — Preview Loss on CSV: from the explorer's context menu or an editor title
 * (a Uri argument), or from the palette (a quick pick over the workspace's CSV files). Opens the
 * panel with the file loaded and its columns mapped for the current loss, or for the first loss
 * whose roles the columns fit.
 */
import * as vscode from 'vscode';
import { errorData } from '../lab/error-data';
import { LabPanel } from '../panel/lab-panel';
import { pickWorkspaceCsv, resolveWorkspaceFile } from '../panel/workspace-files';

async function targetUri(arg: unknown): Promise<vscode.Uri | null> {
  if (arg instanceof vscode.Uri) return arg;
  // An editor-title click passes the Uri; a palette run passes nothing: use the active CSV editor, else pick.
  const active = vscode.window.activeTextEditor?.document.uri;
  if (arg === undefined && active && active.path.toLowerCase().endsWith('.csv')) return active;
  const ref = await pickWorkspaceCsv();
  return ref ? resolveWorkspaceFile(ref.path, ref.folder) : null;
}

export async function previewCsv(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, arg?: unknown): Promise<unknown> {
  try {
    const uri = await targetUri(arg);
    if (!uri) return undefined;
    const panel = LabPanel.show(context, log);
    // Errors in the file (file:line:column) are shown in the panel itself.
    return await panel.loadFile(uri);
  } catch (e) {
    const err = errorData(e);
    if (err.code === 'cancelled') return undefined;
    log.error(`Preview Loss on CSV: ${err.message}`);
    void vscode.window.showErrorMessage(`Loss Lab: ${err.message}`);
    return undefined;
  }
}
