/**
 * The "Check against Loss Lab" CodeLens above loss-like Python functions and classes and TS/JS
 * functions (`*loss*`, `*Loss`, `criterion`). Registered by the light entry (src/extension.ts),
 * only in a trusted workspace: checking runs the file's code.
 */
import * as vscode from 'vscode';
import { CHECK_LOSS_COMMAND } from '../ids';
import { lossSymbols } from '../lab/check/loss-symbols';

export const CHECK_LANGUAGES = ['python', 'typescript', 'javascript', 'typescriptreact', 'javascriptreact'];

function languageOf(doc: vscode.TextDocument): 'python' | 'typescript' | 'javascript' | null {
  if (doc.languageId === 'python') return 'python';
  if (doc.languageId.startsWith('typescript')) return 'typescript';
  if (doc.languageId.startsWith('javascript')) return 'javascript';
  return null;
}

export class CheckCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const language = languageOf(doc);
    if (!language || !vscode.workspace.isTrusted) return [];
    return lossSymbols(doc.getText(), language).map((s) => new vscode.CodeLens(new vscode.Range(s.line, 0, s.line, 0), {
      title: 'Check against Loss Lab',
      tooltip: `Run ${s.name} on Loss Lab's probes and compare value and gradient with the reference`,
      command: CHECK_LOSS_COMMAND,
      arguments: [{ uri: doc.uri.toString(), symbol: s.name }],
    }));
  }
}
