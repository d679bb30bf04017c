/**
 * Opening the Loss Lab panel when a workspace folder holds the marker file `.loss-lab-open-on-start`
 * (the bundled `samples/` does, so `npm start` lands in the lab). The manifest activates the
 * extension on `workspaceContains:.loss-lab-open-on-start`; no other workspace is affected.
 * Light on purpose: it runs at activation, before the lab is loaded, and opens it only when a
 * marker is found. A panel restored by the serializer replaces this one (LabPanel.revive), so none
 * is doubled.
 */
import * as vscode from 'vscode';
import { OPEN_LAB_COMMAND, OPEN_ON_START_MARKER } from '../ids';

export async function openLabIfMarked(log: vscode.LogOutputChannel, isOpen: () => boolean): Promise<void> {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    try {
      await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder.uri, OPEN_ON_START_MARKER));
    } catch {
      continue; // no marker in this folder
    }
    if (!isOpen()) {
      log.info(`${OPEN_ON_START_MARKER} found in ${folder.name}: opening Loss Lab`);
      await vscode.commands.executeCommand(OPEN_LAB_COMMAND);
    }
    return;
  }
}
