/**
 * Check my loss in a real VS Code (issue #11): a gallery file opened in the workspace gets the
 * "Check against Loss Lab" CodeLens above its loss functions; running it (the loss chosen as the
 * command's argument, as the quick pick would) shows the diagnosis in the panel's Check view and
 * puts a warning with it on the definition's line in the Problems panel, cleared on edit.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { closeAllEditors, waitFor, workspaceRoot } from './util';

// The suite is bundled into .vscode-test/...; the repository's gallery is found from the extension.
function galleryFile(rel: string): string {
  const ext = vscode.extensions.getExtension('loss-lab.loss-lab')!;
  return path.join(ext.extensionPath, 'test', 'fixtures', 'check', rel);
}

describe('Check against Loss Lab', () => {
  let uri: vscode.Uri;

  before(async () => {
    await vscode.workspace.getConfiguration('lossLab').update('pythonPath', '/usr/bin/python3', vscode.ConfigurationTarget.Global);
    uri = vscode.Uri.joinPath(workspaceRoot(), 'my_losses.py');
    await vscode.workspace.fs.writeFile(uri, fs.readFileSync(galleryFile('regression/wrong.py')));
  });

  after(async () => {
    await closeAllEditors();
    await vscode.workspace.fs.delete(uri);
  });

  it('shows the CodeLens above each loss-like definition', async () => {
    const editor = await vscode.window.showTextDocument(uri);
    const lenses = await waitFor('the CodeLenses', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
      const ours = (l ?? []).filter((x) => x.command?.title === 'Check against Loss Lab');
      if (!ours.length) {
        const ext = vscode.extensions.getExtension('loss-lab.loss-lab');
        throw new Error(`${(l ?? []).length} lenses (${(l ?? []).map((x) => x.command?.title).join(', ')}); language ${editor.document.languageId}, scheme ${uri.scheme}, active ${ext?.isActive}, trusted ${vscode.workspace.isTrusted}`);
      }
      return ours;
    });
    const half = lenses.find((l) => (l.command?.arguments?.[0] as { symbol?: string }).symbol === 'mse_half_loss');
    assert.ok(half, 'a lens for mse_half');
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.match(doc.lineAt(half.range.start.line).text, /^def mse_half_loss\(/);
  });

  it('runs the check: the Check view shows half_factor, Problems has it on the def line, an edit clears it', async () => {
    const report = await vscode.commands.executeCommand<{ verdict: string; diagnoses: Array<{ id: string }> }>('lossLab.checkLoss', { uri: uri.toString(), symbol: 'mse_half_loss', loss: 'mse' });
    assert.ok(report, 'the command returned a report');
    assert.equal(report.verdict, 'mismatch');
    assert.equal(report.diagnoses[0].id, 'half_factor');
    const state = await vscode.commands.executeCommand<{ lastCheck: { verdict: string; diagnoses: Array<{ id: string }> } | null }>('lossLab._testState', { waitReady: 30_000 });
    assert.equal(state.lastCheck?.diagnoses[0].id, 'half_factor', 'the Check view got the diagnosis');
    const diags = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Loss Lab');
    assert.equal(diags.length, 1);
    assert.equal(diags[0].code, 'half_factor');
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.match(doc.lineAt(diags[0].range.start.line).text, /^def mse_half_loss\(/);

    // "Show on curves": the host runs the checked function again along mse's curve (as the Check
    // view's button asks), and it lies at half the reference's values.
    const shown = await vscode.commands.executeCommand<{ reply: { ok: boolean; result?: { symbol: string; curves: Array<{ x: number[]; values: Array<number | null> }>; hasGradient: boolean }; error?: { message: string } } }>(
      'lossLab._testState', { post: { type: 'checkCurves', requestId: 77, loss: 'mse', symbol: 'mse_half_loss' } });
    assert.ok(shown.reply.ok, `checkCurves: ${shown.reply.error?.message}`);
    const mine = shown.reply.result!.curves[0];
    assert.equal(shown.reply.result!.symbol, 'mse_half_loss');
    assert.equal(shown.reply.result!.hasGradient, true);
    mine.x.forEach((x, i) => assert.ok(Math.abs((mine.values[i] ?? NaN) - 0.5 * x * x) <= 1e-5 * Math.max(1, x * x), `at residual ${x}: ${mine.values[i]} vs ${0.5 * x * x}`));
    const other = await vscode.commands.executeCommand<{ reply: { ok: boolean; error?: { code: string } } }>(
      'lossLab._testState', { post: { type: 'checkCurves', requestId: 78, loss: 'mse', symbol: 'mse_loss' } });
    assert.equal(other.reply.error?.code, 'bad_request', 'only the last check runs again');

    const editor = await vscode.window.showTextDocument(uri);
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), '# edited\n'));
    await waitFor('the warning to clear', () => (vscode.languages.getDiagnostics(uri).some((d) => d.source === 'Loss Lab') ? undefined : true));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
