/** Helpers for the tests that run inside VS Code's extension host. */
import * as vscode from 'vscode';

/**
 * Facts the tests measure and the harness prints (activation time...). Kept on globalThis because
 * each test file is bundled on its own and would otherwise get its own copy of this module.
 */
export const notes: Record<string, unknown> = ((globalThis as Record<string, unknown>).__lossLabNotes ??= {}) as Record<string, unknown>;

export const EXTENSION_ID = 'loss-lab.loss-lab';

export function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded in this window`);
  return ext;
}

/** The workspace folder the harness opened (a copy of samples/). */
export function workspaceRoot(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  if (!f) throw new Error('no workspace folder open: the harness opens a copy of samples/');
  return f.uri;
}

export const sample = (name: string): vscode.Uri => vscode.Uri.joinPath(workspaceRoot(), name);

/** Polls `probe` until it returns a value other than undefined, or fails naming `what`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const t0 = Date.now();
  let lastError: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() - t0 > timeoutMs) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}` + (lastError ? `; last error: ${String(lastError)}` : ''));
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Tabs showing a Loss Lab webview panel (its viewType contains `lossLab`). */
export function lossLabTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && /lossLab/i.test(t.input.viewType));
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * Waits until the extension host's event loop is idle: five 50 ms timers in a row that fire less than
 * 15 ms late (capped at `maxMs`). Returns how long it waited.
 */
export async function waitForQuietHost(maxMs = 15_000): Promise<number> {
  const t0 = performance.now();
  let quiet = 0;
  while (quiet < 5 && performance.now() - t0 < maxMs) {
    const t = performance.now();
    await new Promise((r) => setTimeout(r, 50));
    quiet = performance.now() - t < 65 ? quiet + 1 : 0;
  }
  return Math.round(performance.now() - t0);
}
