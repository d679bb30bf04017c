/**
 * Extension entry: registers the commands and the panel serializer, and opens the lab in a marked
 * workspace. It stays small: the lab itself (engine, data, codegen, panel: dist/lab.js, with
 * TensorFlow.js inside) is loaded the first time a command or a restored panel needs it, so
 * activation costs a few milliseconds instead of loading a 1 MB bundle.
 */
import { join } from 'node:path';
import * as vscode from 'vscode';
import { LAB_COMMANDS, VIEW_TYPE } from './commands/ids';
import { openLabIfMarked } from './commands/openOnStart';
import type { Lab } from './lab';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Loss Lab', { log: true });
  let lab: Lab | undefined;
  const load = (): Lab => {
    if (!lab) {
      const t0 = performance.now();
      // A path esbuild does not follow: dist/lab.js is a bundle of its own (see esbuild.mjs).
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, synchronously
      const mod = require(join(__dirname, 'lab.js')) as typeof import('./lab');
      lab = mod.createLab(context, log);
      log.info(`loaded the lab in ${(performance.now() - t0).toFixed(0)} ms`);
    }
    return lab;
  };
  context.subscriptions.push(
    log,
    ...LAB_COMMANDS.map((id) => vscode.commands.registerCommand(id, (...args: never[]) => load().commands[id](...args))),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => load().revive(panel, state),
    }),
    { dispose: () => lab?.dispose() },
  );
  openLabIfMarked(log, () => lab !== undefined && lab.isOpen()).catch((e: unknown) => log.error(`opening Loss Lab on start failed: ${String(e)}`));
}

export function deactivate(): void {
  // Disposables are owned by the extension context.
}
