/** `lossLab.open` — Open Loss Lab: opens the panel, or reveals it when it is already open. */
import * as vscode from 'vscode';
import { LabPanel } from '../panel/lab-panel';

export const OPEN_LAB_COMMAND = 'lossLab.open';

export function registerOpenLab(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand(OPEN_LAB_COMMAND, () => {
    LabPanel.show(context, log);
  });
}
