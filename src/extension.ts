/** Extension entry: registers commands and the panel serializer (and opens the lab in a marked workspace). */
import * as vscode from 'vscode';
import { registerInsertSnippet } from './commands/insertSnippet';
import { openLabIfMarked } from './commands/openOnStart';
import { registerOpenLab } from './commands/openLab';
import { registerPreviewCsv } from './commands/previewCsv';
import { registerTestState } from './commands/testState';
import { LabPanel } from './panel/lab-panel';
import { registerLabSerializer } from './panel/serializer';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Loss Lab', { log: true });
  context.subscriptions.push(
    log,
    registerOpenLab(context, log),
    registerPreviewCsv(context, log),
    registerInsertSnippet(),
    registerTestState(),
    registerLabSerializer(context, log),
    { dispose: () => LabPanel.current?.dispose() },
  );
  openLabIfMarked(log).catch((e: unknown) => log.error(`opening Loss Lab on start failed: ${String(e)}`));
}

export function deactivate(): void {
  // Disposables are owned by the extension context.
}
