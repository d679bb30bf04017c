/**
 * Which framework a snippet inserted into an editor defaults to: TensorFlow.js in TypeScript and
 * JavaScript files, else the `lossLab.defaultFramework` setting (a Python framework in Python
 * files: a tfjs setting there falls back to PyTorch).
 */
import { FRAMEWORKS, type Framework } from '../engine/templates/template-types';

const TS_LANGUAGES = new Set(['typescript', 'typescriptreact']);
const JS_LANGUAGES = new Set(['javascript', 'javascriptreact']);

export function isFramework(x: unknown): x is Framework {
  return typeof x === 'string' && (FRAMEWORKS as readonly string[]).includes(x);
}

export function defaultFrameworkFor(languageId: string, setting: unknown): Framework {
  if (TS_LANGUAGES.has(languageId) || JS_LANGUAGES.has(languageId)) return 'tfjs';
  const chosen = isFramework(setting) ? setting : 'pytorch';
  if (languageId === 'python' && chosen === 'tfjs') return 'pytorch';
  return chosen;
}

/** tfjs snippets are TypeScript except in JavaScript files. */
export function typescriptFor(languageId: string): boolean {
  return !JS_LANGUAGES.has(languageId);
}

/** The frameworks in pick order: the default first, the others in their usual order. */
export function frameworkOrder(first: Framework): Framework[] {
  return [first, ...FRAMEWORKS.filter((f) => f !== first)];
}
