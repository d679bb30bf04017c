/**
 * Restores the Loss Lab panel after "Reload Window": VS Code hands back the webview panel and the
 * state the webview last persisted (vscode.setState); the panel validates it (versioned) in `ready`.
 */
import * as vscode from 'vscode';
import { LabPanel, VIEW_TYPE } from './lab-panel';

export function registerLabSerializer(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
    deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => {
      LabPanel.revive(context, panel, state, log);
    },
  });
}
