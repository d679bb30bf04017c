/** Extension entry: registers commands and the panel serializer; nothing else. */
import type * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {
  // Commands are registered by src/commands/*; see package.json contributes.commands.
}

export function deactivate(): void {
  // Disposables are owned by the extension context.
}
