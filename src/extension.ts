/** Extension entry: registers commands and the panel serializer; nothing else. */
import * as vscode from 'vscode';
import { registerInsertSnippet } from './commands/insertSnippet';
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
}

export function deactivate(): void {
  // Disposables are owned by the extension context.
}
