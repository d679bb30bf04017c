/**
 * Live reload in a real VS Code: the loaded CSV is read again when a script rewrites it, replaces
 * it by a rename, deletes it and writes it again however much later; and while the file on disk
 * is broken, the panel computes nothing on the last good version it still holds.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, extension, sample, waitFor } from './util';

interface HookState {
  dataset?: { fileName: string; rows: number } | null;
  lastError?: { code: string; message: string; location?: { file: string; line?: number } } | null;
  reply?: { ok: boolean; result?: { n: number; value: number | null }; error?: { code: string; message: string; location?: { line?: number } } };
}
const hook = (opts?: object) => vscode.commands.executeCommand<HookState>('lossLab._testState', opts);
const rows = (n: number) => 'y_pred,y_true\n' + Array.from({ length: n }, (_, i) => `${i},${i + 0.5}`).join('\n') + '\n';
const write = (uri: vscode.Uri, text: string) => vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('live reload', function () {
  this.timeout(90_000);
  const live = () => sample('live-reload.csv');

  /** Waits until the panel holds live-reload.csv with `n` rows. */
  const rowsShown = (what: string, n: number) =>
    waitFor(what, async () => {
      const s = await hook();
      return s.dataset?.fileName === 'live-reload.csv' && s.dataset.rows === n ? s : undefined;
    });

  before(async () => {
    await extension().activate();
    await closeAllEditors();
    await write(live(), rows(3));
    await vscode.commands.executeCommand('lossLab.previewCsv', live());
    await rowsShown('live-reload.csv loaded with 3 rows', 3);
  });

  after(async () => {
    await vscode.workspace.fs.delete(live()).then(undefined, () => undefined);
  });

  it('re-reads the loaded CSV when rewritten in place and when replaced by a rename', async () => {
    const tmp = sample('live-reload.csv.tmp');
    // a script rewriting its output file
    await write(live(), rows(5));
    await rowsShown('the panel re-read the file (5 rows)', 5);
    // an atomic writer: a temporary file renamed over the original (a delete, then a create)
    await write(tmp, rows(7));
    await vscode.workspace.fs.rename(tmp, live(), { overwrite: true });
    await rowsShown('the panel re-read the replaced file (7 rows)', 7);
    // the re-read data is what gets evaluated: mse of (i - (i + 0.5))^2 = 0.25 on every row
    const s = await hook({ evaluate: { loss: 'mse' } });
    assert.ok(s.reply?.ok, JSON.stringify(s.reply?.error));
    assert.equal(s.reply!.result!.n, 7);
    assert.equal(s.reply!.result!.value, 0.25);
  });

  it('a file deleted, then written again seconds later, is watched and read again', async () => {
    await vscode.workspace.fs.delete(live());
    await waitFor('the deletion noticed', async () => ((await hook()).dataset === null ? true : undefined));
    const gone = await hook({ evaluate: { loss: 'mse' } });
    assert.equal(gone.reply?.ok, false, 'evaluated a deleted file');
    // Far beyond the 300 ms debounce: the watcher must still be there.
    await sleep(2_000);
    await write(live(), rows(4));
    await rowsShown('the panel read the file written again (4 rows)', 4);
    const s = await hook({ evaluate: { loss: 'mse' } });
    assert.ok(s.reply?.ok, JSON.stringify(s.reply?.error));
    assert.equal(s.reply!.result!.n, 4);
    // While it was gone, the refusal said so (not "no CSV is loaded").
    assert.match(gone.reply!.error!.message, /live-reload\.csv was deleted: it is read again when it comes back/);
  });

  it('while the file on disk is broken, nothing is computed on its last good version', async () => {
    await write(live(), rows(6));
    await rowsShown('6 rows', 6);
    await write(live(), 'y_pred,y_true\n1,2\n3\n');
    const err = await waitFor('the broken file reported', async () => {
      const e = (await hook()).lastError;
      return e?.code === 'data_error' && /live-reload\.csv/.test(e.location?.file ?? '') ? e : undefined;
    });
    assert.equal(err.location?.line, 3);
    // A parameter change in the panel sends this: it must not answer with the 6-row version's figures.
    const s = await hook({ evaluate: { loss: 'huber', params: { delta: 2 } } });
    assert.equal(s.reply?.ok, false, `evaluated the last good version: ${JSON.stringify(s.reply?.result)}`);
    assert.equal(s.reply!.error!.code, 'data_error');
    assert.equal(s.reply!.error!.location?.line, 3);
    // Fixed: read again, computed again.
    await write(live(), rows(2));
    await rowsShown('the fixed file read (2 rows)', 2);
    const ok = await hook({ evaluate: { loss: 'mse' } });
    assert.ok(ok.reply?.ok, JSON.stringify(ok.reply?.error));
    assert.equal(ok.reply!.result!.n, 2);
  });
});
