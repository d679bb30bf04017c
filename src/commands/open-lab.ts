/** `lossLab.open` — Open Loss Lab: opens the panel, or reveals it when it is already open. */
import type * as vscode from 'vscode';
import { LabPanel } from '../panel/lab-panel';

export function openLab(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  LabPanel.show(context, log);
}
