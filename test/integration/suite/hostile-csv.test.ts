/**
 * Issue #13 in a real extension host: a hostile CSV opened with "Preview Loss on CSV" shows its
 * placed message in the data view (or is read, when it is only odd), and the extension host stays
 * responsive meanwhile: the longest gap between 20 ms ticks of a timer running in the host (the
 * same event loop as the extension) stays far below the seconds the old backtracking parse or an
 * unbounded header held it (25 s for one 10^5-digit cell).
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { closeAllEditors, extension, sample, waitFor } from './util';

interface HookState {
  dataset?: { fileName: string; rows: number } | null;
  lastError?: { code: string; message: string; location?: { file: string; line?: number; column?: number } } | null;
  reply?: { ok: boolean; result?: { value: number | null; n: number }; error?: { code: string; message: string } };
}

const hook = (opts?: object) => vscode.commands.executeCommand<HookState>('lossLab._testState', opts);

/** Longest gap between ticks of a 20 ms interval while `work` runs (the host's worst stall). */
async function longestStall<T>(work: () => Promise<T>): Promise<{ result: T; stallMs: number }> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 20);
  try {
    const result = await work();
    worst = Math.max(worst, performance.now() - last);
    return { result, stallMs: Math.round(worst) };
  } finally {
    clearInterval(timer);
  }
}

/** A stall the user would notice and other extensions would suffer; the old code stalled for seconds to minutes. */
const MAX_STALL_MS = 2000;

describe('hostile CSVs in the data view', function () {
  this.timeout(180_000);
  const written: vscode.Uri[] = [];
  const write = async (name: string, bytes: Uint8Array): Promise<vscode.Uri> => {
    const uri = sample(name);
    await vscode.workspace.fs.writeFile(uri, bytes);
    written.push(uri);
    return uri;
  };

  before(async () => {
    await extension().activate();
    await closeAllEditors();
  });

  after(async () => {
    for (const uri of written) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
  });

  it('32 MB of NUL bytes: the placed message reaches the data view and the host never stalls', async () => {
    const uri = await write('hostile-nul.csv', new Uint8Array(32 << 20));
    const { result: err, stallMs } = await longestStall(async () => {
      await vscode.commands.executeCommand('lossLab.previewCsv', uri);
      return waitFor('the error for hostile-nul.csv', async () => {
        const s = await hook();
        return s.lastError && s.lastError.location?.file.endsWith('hostile-nul.csv') ? s.lastError : undefined;
      });
    });
    assert.equal(err.code, 'data_error', JSON.stringify(err));
    assert.match(err.message, /^column name too long: more than 1 MiB \(1048576 bytes\) in one column name/);
    assert.deepEqual([err.location?.line, err.location?.column], [1, 1]);
    assert.ok(stallMs < MAX_STALL_MS, `the extension host stalled for ${stallMs} ms`);
  });

  it('a 10^5-digit cell followed by a letter in an unused column: read, evaluated as the CLI does, no stall', async () => {
    const text = `y_pred,y_true,note\n1,2,${'1'.repeat(100_000)}x\n1,3,a\n0.5,0.25,b\n`;
    const uri = await write('hostile-digits.csv', new TextEncoder().encode(text));
    const { result: s, stallMs } = await longestStall(async () => {
      await vscode.commands.executeCommand('lossLab.previewCsv', uri);
      await waitFor('hostile-digits.csv loaded', async () => ((await hook()).dataset?.fileName === 'hostile-digits.csv' ? true : undefined));
      return hook({ evaluate: { loss: 'mse' } });
    });
    assert.ok(s.reply?.ok, JSON.stringify(s.reply?.error));
    const cliJs = path.join(extension().extensionPath, 'dist', 'cli.js');
    const ref = JSON.parse(execFileSync(process.execPath, [cliJs, 'eval', '--loss', 'mse', '--data', uri.fsPath], { encoding: 'utf8' })) as { value: number; n: number };
    assert.equal(s.reply!.result!.n, ref.n);
    assert.ok(Math.abs((s.reply!.result!.value ?? NaN) - ref.value) <= 1e-6 * Math.max(1, Math.abs(ref.value)));
    assert.ok(stallMs < MAX_STALL_MS, `the extension host stalled for ${stallMs} ms`);
  });

  it('a quoted cell that never closes: placed at the line where it opens', async () => {
    const uri = await write('hostile-quote.csv', new TextEncoder().encode(`y_pred,y_true\n1,2\n3,"${'x\n'.repeat(3 << 19)}`));
    const { result: err, stallMs } = await longestStall(async () => {
      await vscode.commands.executeCommand('lossLab.previewCsv', uri);
      return waitFor('the error for hostile-quote.csv', async () => {
        const s = await hook();
        return s.lastError && s.lastError.location?.file.endsWith('hostile-quote.csv') ? s.lastError : undefined;
      });
    });
    assert.match(err.message, /^field too long:/);
    assert.deepEqual([err.location?.line, err.location?.column], [3, 2]);
    assert.ok(stallMs < MAX_STALL_MS, `the extension host stalled for ${stallMs} ms`);
  });
});
