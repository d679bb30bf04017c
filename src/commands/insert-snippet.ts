/**
 * `lossLab.insertSnippet` — Insert Loss Snippet: pick a loss (with its description), then a framework
 * (defaulting to the editor's language and the `lossLab.defaultFramework` setting), and insert the
 * generated code at the cursor as one undoable edit, hyperparameters as tab stops.
 *
 * Callers that already know what they want (the panel's "Insert into editor", tests) pass
 * `{loss, framework, params, reduction, weighted}` and skip the pickers.
 */
import * as vscode from 'vscode';
import { defaultFrameworkFor, frameworkOrder, isFramework, typescriptFor } from '../codegen/editor-choice';
import { CodegenError, FRAMEWORK_LABELS, generateFor, type Framework } from '../codegen';
import { getLoss, lossesByFamily } from '../engine/registry';
import type { LossSpec, Reduction } from '../engine/spec';

export interface InsertSnippetArgs {
  readonly loss?: string;
  readonly framework?: Framework;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly reduction?: Reduction;
  readonly weighted?: boolean;
}

const FRAMEWORK_DETAIL: Readonly<Record<Framework, string>> = {
  pytorch: 'torch.nn loss or nn.Module, bound to criterion',
  keras: 'keras.losses class, Loss subclass or keras.ops function, bound to loss_fn',
  jax: 'jax.numpy / optax function, bound to loss_fn',
  tfjs: '@tensorflow/tfjs function, bound to lossFn',
};

function firstSentence(text: string): string {
  const m = /^(.+?[.!?])(\s|$)/.exec(text);
  return m ? m[1] : text;
}

async function pickLoss(): Promise<LossSpec | undefined> {
  type Item = vscode.QuickPickItem & { spec?: LossSpec };
  const items: Item[] = [];
  for (const { family, losses } of lossesByFamily()) {
    if (!losses.length) continue;
    items.push({ label: family, kind: vscode.QuickPickItemKind.Separator });
    for (const spec of losses) items.push({ label: spec.title, description: spec.id, detail: firstSentence(spec.doc), spec });
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Insert Loss Snippet (1/2): loss',
    placeHolder: 'Loss to insert (type to filter by name or id)',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.spec;
}

async function pickFramework(spec: LossSpec, first: Framework): Promise<Framework | undefined> {
  const items = frameworkOrder(first).map((f) => ({
    label: FRAMEWORK_LABELS[f],
    description: f === first ? 'default for this editor' : undefined,
    detail: FRAMEWORK_DETAIL[f],
    framework: f,
  }));
  const picked = await vscode.window.showQuickPick(items, { title: `Insert Loss Snippet (2/2): ${spec.title} for` });
  return picked?.framework;
}

export async function insertSnippet(args: InsertSnippetArgs = {}): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showErrorMessage('Loss Lab: open an editor to insert a loss snippet into.');
    return false;
  }
  let spec: LossSpec | undefined;
  if (args.loss !== undefined) {
    spec = getLoss(args.loss);
    if (!spec) {
      void vscode.window.showErrorMessage(`Loss Lab: unknown loss ${args.loss}.`);
      return false;
    }
  } else spec = await pickLoss();
  if (!spec) return false;

  const languageId = editor.document.languageId;
  const setting = vscode.workspace.getConfiguration('lossLab').get<string>('defaultFramework');
  const framework = isFramework(args.framework) ? args.framework : await pickFramework(spec, defaultFrameworkFor(languageId, setting));
  if (!framework) return false;

  let code: string;
  try {
    code = generateFor(spec, args.params ?? {}, framework, {
      snippet: true,
      reduction: args.reduction,
      weighted: args.weighted,
      typescript: typescriptFor(languageId),
    });
  } catch (e) {
    void vscode.window.showErrorMessage(`Loss Lab: ${e instanceof CodegenError ? e.message : String(e)}`);
    return false;
  }
  // The editor may have changed while the pickers were open; insert where the user now is.
  const target = vscode.window.activeTextEditor ?? editor;
  return target.insertSnippet(new vscode.SnippetString(code));
}

