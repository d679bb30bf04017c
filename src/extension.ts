/**
 * Extension entry: registers the commands and the panel serializer, and opens the lab in a marked
 * workspace. It stays small: the host bundle behind it (src/host.ts, built as dist/host.js: engine,
 * data, lab, codegen, panel and commands, with TensorFlow.js inside) is loaded the first time a command or a restored panel needs it, so
 * activation costs a few milliseconds instead of loading a 1 MB bundle.
 */
import { join } from 'node:path';
import * as vscode from 'vscode';
import { LAB_COMMANDS, VIEW_TYPE } from './ids';
import { openLabIfMarked } from './commands/open-on-start';
import { CHECK_LANGUAGES, CheckCodeLensProvider } from './commands/check-codelens';
import type { Host } from './host';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Loss Lab', { log: true });
  let host: Host | undefined;
  const load = (): Host => {
    if (!host) {
      const t0 = performance.now();
      // A path esbuild does not follow: dist/host.js is a bundle of its own (see esbuild.mjs).
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, synchronously
      const mod = require(join(__dirname, 'host.js')) as typeof import('./host');
      host = mod.createHost(context, log);
      log.info(`loaded the host bundle in ${(performance.now() - t0).toFixed(0)} ms`);
    }
    return host;
  };
  context.subscriptions.push(
    log,
    ...LAB_COMMANDS.map((id) => vscode.commands.registerCommand(id, (...args: never[]) => load().commands[id](...args))),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => load().revive(panel, state),
    }),
    { dispose: () => host?.dispose() },
    // "Check against Loss Lab" (issue #11): cheap, line-based; the check itself loads the host.
    vscode.languages.registerCodeLensProvider(CHECK_LANGUAGES.map((language) => ({ language, scheme: 'file' })), new CheckCodeLensProvider()),
  );
  openLabIfMarked(log, () => host !== undefined && host.isOpen()).catch((e: unknown) => log.error(`opening Loss Lab on start failed: ${String(e)}`));
}

export function deactivate(): void {
  // Disposables are owned by the extension context.
}
