/**
 * Insert Loss Snippet in a real VS Code: the generated code lands at the cursor, once, with the
 * hyperparameters as tab stops, and one undo removes it. The pickers are skipped by passing the
 * choice as the command's argument (as the panel's "Insert into editor" does); the quick picks
 * themselves are VS Code's and are not driven from the extension host.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { generateCode } from '../../../src/codegen';
import { workspaceRoot } from './util';

const BEFORE = 'import torch\n';
const AFTER = '\n# training loop below\n';

let opened: vscode.Uri | undefined;

/** A scratch file in the workspace (a copy of samples/), opened in an editor that has focus. */
async function openScratch(name: string, text: string): Promise<vscode.TextEditor> {
  opened = vscode.Uri.joinPath(workspaceRoot(), name);
  await vscode.workspace.fs.writeFile(opened, new TextEncoder().encode(text));
  const editor = await vscode.window.showTextDocument(opened, { preview: false });
  assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), opened.toString(), `${name} is not the active editor`);
  return editor;
}

/** Closes the scratch file without a save prompt and deletes it. */
async function discard(): Promise<void> {
  if (!opened) return;
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  await vscode.workspace.fs.delete(opened);
  opened = undefined;
}

describe('Insert Loss Snippet', () => {
  afterEach(discard);

  it('inserts the PyTorch code at the cursor once, hyperparameters as tab stops, and one undo removes it', async () => {
    const editor = await openScratch('insert-snippet-1.py', BEFORE + AFTER);
    const at = new vscode.Position(1, 0);
    editor.selection = new vscode.Selection(at, at);

    const ok = await vscode.commands.executeCommand('lossLab.insertSnippet', { loss: 'focal', framework: 'pytorch', params: { gamma: 3 } });
    assert.equal(ok, true, 'the command reported that nothing was inserted');

    const code = generateCode('focal', { gamma: 3 }, 'pytorch');
    const text = editor.document.getText();
    assert.equal(text, BEFORE + code + AFTER, 'the document is not the original text with the code at the cursor');
    assert.equal(text.split('criterion = FocalLoss(').length - 1, 1, 'the code was inserted more than once');
    // Snippet mode: the first tab stop (gamma's value) is selected, ready to be overtyped.
    assert.equal(editor.document.getText(editor.selection), '3.0', 'the first tab stop is not the gamma value');

    await vscode.commands.executeCommand('leaveSnippet');
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), BEFORE + AFTER, 'one undo did not remove the whole insertion');
  });

  it('inserts TypeScript TensorFlow.js code in a TypeScript file', async () => {
    const editor = await openScratch('insert-snippet-2.ts', '');
    const ok = await vscode.commands.executeCommand('lossLab.insertSnippet', { loss: 'mse', framework: 'tfjs' });
    assert.equal(ok, true);
    assert.equal(editor.document.getText(), generateCode('mse', {}, 'tfjs', { typescript: true }));
  });

  it('contributes static snippets: typing loss-foc in a Python file offers loss-focal', async () => {
    const editor = await openScratch('insert-snippet-4.py', 'loss-foc');
    const end = editor.document.lineAt(0).range.end;
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, end);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const prefix of ['loss-focal', 'loss-focal-keras', 'loss-focal-jax']) {
      assert.ok(labels.includes(prefix), `no ${prefix} completion among ${labels.filter((l) => l.startsWith('loss')).join(', ') || 'none'}`);
    }
  });

  it('reports an unknown loss instead of inserting anything', async () => {
    const editor = await openScratch('insert-snippet-3.py', BEFORE);
    const ok = await vscode.commands.executeCommand('lossLab.insertSnippet', { loss: 'no_such_loss', framework: 'pytorch' });
    assert.equal(ok, false);
    assert.equal(editor.document.getText(), BEFORE);
  });
});
