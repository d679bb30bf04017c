/**
 * Opens the Loss Lab panel when a workspace folder holds the marker file `.loss-lab-open-on-start`
 * (the bundled `samples/` does, so `npm start` lands in the lab). The manifest activates the
 * extension on `workspaceContains:.loss-lab-open-on-start`; no other workspace is affected.
 * A panel restored by the serializer replaces this one (LabPanel.revive), so none is doubled.
 */
import * as vscode from 'vscode';
import { LabPanel } from '../panel/lab-panel';
import { OPEN_LAB_COMMAND } from './openLab';

export const OPEN_ON_START_MARKER = '.loss-lab-open-on-start';

export async function openLabIfMarked(log: vscode.LogOutputChannel): Promise<void> {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    try {
      await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder.uri, OPEN_ON_START_MARKER));
    } catch {
      continue; // no marker in this folder
    }
    if (!LabPanel.current) {
      log.info(`${OPEN_ON_START_MARKER} found in ${folder.name}: opening Loss Lab`);
      await vscode.commands.executeCommand(OPEN_LAB_COMMAND);
    }
    return;
  }
}
