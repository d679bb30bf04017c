/**
 * `lossLab._testState` — a hook for the integration tests (test/integration), deliberately not
 * contributed in package.json. Returns what the panel last showed; optionally evaluates the loaded
 * file itself (the same code path as the webview's evaluateData) or routes a message as if the
 * webview had sent it. See src/shared/PROTOCOL-NOTES.md, "Test hook".
 */
import * as vscode from 'vscode';
import { LabPanel } from '../panel/lab-panel';

interface TestOptions {
  /**
   * What the panel's save dialog answers from now on, instead of asking: a workspace-relative path
   * (in the first folder), null (dismissed), or false (the real dialog again). Applied first.
   */
  readonly saveAs?: string | null | false;
  readonly evaluate?: { loss: string; params?: Record<string, unknown>; reduction?: string };
  readonly post?: unknown;
  /** Wait until the webview said ready (ms; default 0 = do not wait). */
  readonly waitReady?: number;
}

let nextId = 1_000_000_000;

export async function testState(opts: TestOptions = {}): Promise<unknown> {
  const deadline = Date.now() + (opts.waitReady ?? 0);
  while (LabPanel.current && !LabPanel.current.isReady && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const panel = LabPanel.current;
  if (!panel) return { panelOpen: false };
  if (opts.saveAs !== undefined) {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    if (opts.saveAs === false) panel.answerSaveDialogForTests(null);
    else if (opts.saveAs === null || !root) panel.answerSaveDialogForTests({ uri: undefined });
    else panel.answerSaveDialogForTests({ uri: vscode.Uri.joinPath(root, ...opts.saveAs.split('/')) });
  }
  let reply: unknown;
  if (opts.post !== undefined) reply = await panel.router.receive(opts.post);
  if (opts.evaluate) {
    const e = opts.evaluate;
    const loaded = panel.data.session;
    // The webview's own evaluateData may supersede this one (and the reverse): retry a few times.
    for (let attempt = 0; attempt < 5; attempt++) {
      reply = await panel.router.receive({
        type: 'evaluateData',
        requestId: nextId++,
        seq: 0,
        loss: e.loss,
        params: e.params ?? {},
        reduction: e.reduction ?? 'mean',
      });
      const r = reply as { ok?: boolean; error?: { code?: string } } | null;
      if (!(r && r.ok === false && r.error?.code === 'superseded')) break;
    }
    if (!loaded) reply = { ...(reply as object), note: 'no file loaded' };
  }
  return { panelOpen: true, ready: panel.isReady, ...panel.snapshot(), lastCheck: panel.lastCheck, ...(reply !== undefined ? { reply } : {}) };
}
