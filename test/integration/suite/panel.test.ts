/**
 * The panel in a real VS Code: "Open Loss Lab" opens one panel whose webview completes the ready
 * handshake; "Preview Loss on CSV" on each bundled sample gives exactly the figures of the
 * `loss-lab eval` CLI on the same file; bad data and hostile messages are refused with reasons.
 * The host is read through the `lossLab._testState` hook (src/commands/test-state.ts).
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { closeAllEditors, extension, lossLabTabs, sample, waitFor } from './util';

interface HookState {
  panelOpen: boolean;
  ready?: boolean;
  dataset?: { fileName: string; rows: number; loss: string } | null;
  lastError?: { code: string; message: string; location?: { file: string; line: number; column: number } } | null;
  messages?: { received: Record<string, number>; refused: number };
  reply?: { ok: boolean; result?: DataResultLike; error?: { code: string; message: string } };
}
interface DataResultLike {
  value: number | null;
  n: number;
  count: number;
  metrics: Record<string, number>;
}
interface CliResult {
  value: number;
  n: number;
  count: number;
  metrics?: Record<string, number>;
}

const hook = (opts?: object) => vscode.commands.executeCommand<HookState>('lossLab._testState', opts);

/** `loss-lab eval` on a file, run with the extension host's own Node. */
function cli(loss: string, file: vscode.Uri): CliResult {
  const cliJs = path.join(extension().extensionPath, 'dist', 'cli.js');
  return JSON.parse(execFileSync(process.execPath, [cliJs, 'eval', '--loss', loss, '--data', file.fsPath], { encoding: 'utf8' }));
}

const close = (a: number, b: number, rel = 1e-6) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(b));

describe('panel', function () {
  this.timeout(90_000);

  before(async () => {
    await extension().activate();
    await closeAllEditors();
  });

  it('"Open Loss Lab" opens one panel, and running it again reveals the same one', async () => {
    await vscode.commands.executeCommand('lossLab.open');
    await waitFor('a Loss Lab tab', () => (lossLabTabs().length === 1 ? true : undefined));
    await vscode.commands.executeCommand('lossLab.open');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(lossLabTabs().length, 1, 'a second "Open Loss Lab" opened another panel');
  });

  it('the webview completes the ready handshake', async () => {
    const s = await hook({ waitReady: 30_000 });
    assert.equal(s.panelOpen, true);
    assert.equal(s.ready, true, 'the webview never said ready');
    assert.ok((s.messages?.received.ready ?? 0) >= 1, `no ready message received: ${JSON.stringify(s.messages)}`);
  });

  const cases: [file: string, loss: string][] = [
    ['regression.csv', 'mse'],
    ['regression.csv', 'huber'],
    ['classification.csv', 'cross_entropy'],
    ['classification.csv', 'focal'],
    ['binary.csv', 'sigmoid_focal'],
    ['ranking.csv', 'lambdarank'],
    ['contrastive.csv', 'contrastive'],
    ['triplets.csv', 'triplet'],
    ['embeddings.csv', 'triplet_mined'],
  ];
  for (const [file, loss] of cases) {
    it(`"Preview Loss on CSV" on ${file} with ${loss} gives the CLI's value, n and metrics`, async () => {
      const uri = sample(file);
      await vscode.commands.executeCommand('lossLab.previewCsv', uri);
      const loaded = await waitFor(`${file} loaded in the panel`, async () => {
        const s = await hook();
        return s.dataset?.fileName === file ? s : undefined;
      });
      assert.ok(loaded.dataset!.rows > 0);
      const s = await hook({ evaluate: { loss } });
      assert.ok(s.reply?.ok, `evaluate ${loss} on ${file} failed: ${JSON.stringify(s.reply?.error)}`);
      const host = s.reply!.result!;
      const ref = cli(loss, uri);
      assert.equal(host.n, ref.n, 'rows used');
      assert.equal(host.count, ref.count, 'per-sample units');
      assert.ok(host.value !== null && close(host.value, ref.value), `panel ${host.value} vs CLI ${ref.value}`);
      for (const [k, v] of Object.entries(ref.metrics ?? {})) {
        assert.ok(k in host.metrics && close(host.metrics[k], v), `metric ${k}: panel ${host.metrics[k]} vs CLI ${v}`);
      }
    });
  }

  it('a broken CSV is reported with its file, line and column', async () => {
    await vscode.commands.executeCommand('lossLab.previewCsv', sample('broken.csv'));
    let last: HookState | undefined;
    const err = await waitFor('the error for broken.csv', async () => {
      last = await hook();
      return last.lastError && /broken\.csv/.test(JSON.stringify(last.lastError)) ? last.lastError : undefined;
    }).catch((e: Error) => {
      throw new Error(`${e.message}; the panel's last error: ${JSON.stringify(last?.lastError ?? null)}, dataset: ${last?.dataset?.fileName ?? null}`);
    });
    // Line 8 is the row with one field under a two-column header (samples/make-samples.mjs).
    assert.equal(err.location?.line, 8, JSON.stringify(err));
    assert.ok(err.location?.column !== undefined && err.location.column >= 1, JSON.stringify(err));
  });

  it('a message asking for a file outside the workspace is refused, not read', async () => {
    const before = (await hook()).messages?.refused ?? 0;
    const s = await hook({ post: { type: 'loadCsv', requestId: 424242, path: '../../../../etc/passwd', loss: 'mse' } });
    const reply = (s as unknown as { reply: { ok: boolean; error?: { code: string } } }).reply;
    assert.equal(reply?.ok, false, `loadCsv of ../../etc/passwd was answered ${JSON.stringify(reply)}`);
    const junk = await hook({ post: { type: 'no-such-message', requestId: 424243 } });
    const junkReply = (junk as unknown as { reply: { ok: boolean; error?: { code: string } } }).reply;
    assert.equal(junkReply?.ok, false, 'an unknown message type was accepted');
    assert.ok(((await hook()).messages?.refused ?? 0) > before, 'refused messages are not counted');
  });
});
