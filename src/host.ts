/**
 * The composition root behind Loss Lab's commands and panel: wires the commands, the panel (the
 * vscode side) and, through them, the lab, the engine (TensorFlow.js and its wasm), the data layer
 * and code generation together. Built as its own bundle (dist/host.js) and loaded
 * by src/extension.ts on first use, so that activating the extension costs only a small entry:
 * loading this bundle takes about 120-135 ms of CPU here, more than the activation budget allows
 * to be spent before anything is asked of Loss Lab.
 */
import type * as vscode from 'vscode';
import { type LabCommand, CHECK_LOSS_COMMAND, INSERT_SNIPPET_COMMAND, OPEN_LAB_COMMAND, PREVIEW_CSV_COMMAND, TEST_STATE_COMMAND } from './ids';
import { checkLoss } from './commands/check-loss';
import { insertSnippet } from './commands/insert-snippet';
import { openLab } from './commands/open-lab';
import { previewCsv } from './commands/preview-csv';
import { testState } from './commands/test-state';
import { LabPanel } from './panel/lab-panel';

export interface Host {
  /** The command handlers, by command id. */
  readonly commands: Readonly<Record<LabCommand, (...args: never[]) => unknown>>;
  /** Restores a panel after "Reload Window" (the webview panel serializer). */
  revive(panel: vscode.WebviewPanel, state: unknown): void;
  /** Whether the panel is open. */
  isOpen(): boolean;
  dispose(): void;
}

export function createHost(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Host {
  return {
    commands: {
      [OPEN_LAB_COMMAND]: () => openLab(context, log),
      [PREVIEW_CSV_COMMAND]: (arg?: unknown) => previewCsv(context, log, arg),
      [INSERT_SNIPPET_COMMAND]: (args?: Parameters<typeof insertSnippet>[0]) => insertSnippet(args),
      [CHECK_LOSS_COMMAND]: (args?: Parameters<typeof checkLoss>[2]) => checkLoss(context, log, args),
      [TEST_STATE_COMMAND]: (opts?: Parameters<typeof testState>[0]) => testState(opts),
    },
    // VS Code hands back the webview panel and the state the webview last persisted
    // (vscode.setState); the panel validates it (versioned) in `ready`.
    revive: (panel, state) => LabPanel.revive(context, panel, state, log),
    isOpen: () => LabPanel.current !== undefined,
    dispose: () => LabPanel.current?.dispose(),
  };
}
