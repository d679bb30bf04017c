/**
 * Export in a real VS Code: "Save PNG" and "Save per-sample CSV…" write through the save dialog,
 * answered here by the panel's test seam (`lossLab._testState {saveAs}`: the dialog returns that
 * file instead of asking). The bytes on disk are checked, and choosing the loaded CSV itself as
 * the target is refused with the file left as it was.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { closeAllEditors, extension, sample, waitFor } from './util';

interface Reply {
  ok: boolean;
  result?: { saved: string | null };
  error?: { code: string; message: string };
}
interface HookState {
  dataset?: { fileName: string } | null;
  lastData?: { loss: string; n: number; seq: number; params: Record<string, unknown> } | null;
  reply?: Reply;
}
const hook = (opts?: object) => vscode.commands.executeCommand<HookState>('lossLab._testState', opts);
const read = async (uri: vscode.Uri) => Buffer.from(await vscode.workspace.fs.readFile(uri));
const exists = (uri: vscode.Uri) => Promise.resolve(vscode.workspace.fs.stat(uri)).then(() => true, () => false);

// A 2 × 1 RGBA PNG, as Chart.js's toDataURL would send (smaller).
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAYAAAD0In+KAAAADklEQVR4nGP4z8AAQv8BD/kD/YURmXYAAAAASUVORK5CYII=';
let nextId = 2_000_000_000;
const exportChart = (saveAs: string | null) =>
  hook({ saveAs, post: { type: 'exportChart', requestId: nextId++, dataUrl: `data:image/png;base64,${PNG_BASE64}`, suggestedName: 'mse-histogram.png' } });
const exportCsv = (saveAs: string | null, extra: object = {}) => hook({ saveAs, post: { type: 'exportCsv', requestId: nextId++, ...extra } });

describe('export', function () {
  this.timeout(90_000);
  const written = ['export-chart.png', 'export-per-sample.csv'];

  before(async () => {
    await extension().activate();
    await closeAllEditors();
    await vscode.commands.executeCommand('lossLab.previewCsv', sample('regression.csv'));
    await waitFor('regression.csv loaded', async () => ((await hook()).dataset?.fileName === 'regression.csv' ? true : undefined));
    const s = await hook({ evaluate: { loss: 'mse' } });
    assert.ok((s.reply as unknown as Reply)?.ok, JSON.stringify(s.reply));
  });

  after(async () => {
    await hook({ saveAs: false });
    for (const f of written) await vscode.workspace.fs.delete(sample(f)).then(undefined, () => undefined);
  });

  it('Save PNG writes exactly the chart image to the chosen file', async () => {
    const s = await exportChart('export-chart.png');
    assert.ok(s.reply?.ok, JSON.stringify(s.reply));
    assert.equal(s.reply!.result!.saved, 'export-chart.png');
    assert.deepEqual(await read(sample('export-chart.png')), Buffer.from(PNG_BASE64, 'base64'));
  });

  it('Save per-sample CSV writes one line per row: its file line, loss and own gradient, as the CLI computes them', async () => {
    const s = await exportCsv('export-per-sample.csv');
    assert.ok(s.reply?.ok, JSON.stringify(s.reply));
    const shown = s.lastData!;
    const text = (await read(sample('export-per-sample.csv'))).toString('utf8');
    const [header, ...lines] = text.trimEnd().split('\n');
    assert.equal(header, 'row,line,loss,residual ŷ − y,per_sample_grad_norm');
    assert.equal(lines.length, shown.n);
    const cliJs = path.join(extension().extensionPath, 'dist', 'cli.js');
    const params = Object.entries(shown.params).filter(([, v]) => v !== null).flatMap(([k, v]) => ['--param', `${k}=${v}`]);
    const ref = JSON.parse(execFileSync(process.execPath, [cliJs, 'eval', '--loss', shown.loss, '--data', sample('regression.csv').fsPath, '--per-sample', '--grad', ...params], { encoding: 'utf8' }));
    lines.forEach((l, i) => {
      const [row, line, loss, , g] = l.split(',').map(Number);
      assert.equal(row, i);
      assert.equal(line, ref.lines[i], `row ${i}: line`);
      assert.ok(Math.abs(loss - ref.perSample[i]) <= 1e-5 * Math.max(1, Math.abs(loss)), `row ${i}: loss ${loss} vs CLI ${ref.perSample[i]}`);
      // The CLI's gradient is of the mean (Σ w_i l_i / N): the row's own gradient is N times it.
      const own = Math.abs(ref.grad.prediction[i] * ref.n);
      assert.ok(Math.abs(g - own) <= 1e-4 * Math.max(1, own), `row ${i}: gradient ${g} vs N × CLI ${own}`);
    });
  });

  it('choosing the loaded CSV itself as the target is refused, and the file stays as it was', async () => {
    const input = sample('regression.csv');
    const before = await read(input);
    for (const s of [await exportCsv('regression.csv'), await exportChart('regression.csv')]) {
      assert.equal(s.reply?.ok, false, `wrote over the input: ${JSON.stringify(s.reply)}`);
      assert.equal(s.reply!.error!.code, 'forbidden_path');
      assert.match(s.reply!.error!.message, /refusing to overwrite the loaded CSV/);
    }
    // spelled differently, still the same file
    const odd = await exportCsv('./regression.csv');
    assert.equal(odd.reply?.ok, false, `wrote over the input through ./: ${JSON.stringify(odd.reply)}`);
    assert.deepEqual(await read(input), before);
  });

  it('a dismissed dialog writes nothing; an export naming an evaluation that is not the last is refused', async () => {
    await vscode.workspace.fs.delete(sample('export-chart.png'));
    const s = await exportChart(null);
    assert.ok(s.reply?.ok);
    assert.equal(s.reply!.result!.saved, null);
    assert.equal(await exists(sample('export-chart.png')), false);
    const stale = await exportCsv('export-per-sample.csv', { seq: (s.lastData?.seq ?? 0) + 1000 });
    assert.equal(stale.reply?.ok, false);
    assert.match(stale.reply!.error!.message, /not the last evaluation/);
  });
});
