/**
 * The static snippets VS Code contributes (snippets/python.json, typescript.json, javascript.json),
 * built from the registry: for every loss with code templates, its code with default
 * hyperparameters as tab stops. Prefixes: `loss-<id>` (PyTorch in Python files, TensorFlow.js in
 * TypeScript and JavaScript files), `loss-<id>-keras`, `loss-<id>-jax`; ids are written with hyphens
 * (`loss-cross-entropy`).
 */
import { LOSSES } from '../engine/registry';
import type { LossSpec } from '../engine/spec';
import { FRAMEWORK_LABELS, generateFor, hasLossCode } from './generate';
import type { Framework } from '../engine/templates/template-types';

export interface VsCodeSnippet {
  readonly prefix: string;
  readonly description: string;
  readonly body: readonly string[];
}
export type SnippetFile = Readonly<Record<string, VsCodeSnippet>>;

export const SNIPPET_LANGUAGES = ['python', 'typescript', 'javascript'] as const;
export type SnippetLanguage = (typeof SNIPPET_LANGUAGES)[number];

function firstSentence(text: string): string {
  const m = /^(.+?[.!?])(\s|$)/.exec(text);
  return m ? m[1] : text;
}

function entry(spec: LossSpec, framework: Framework, prefix: string, typescript: boolean): [string, VsCodeSnippet] {
  const body = generateFor(spec, {}, framework, { snippet: true, typescript }).replace(/\n$/, '').split('\n');
  const label = framework === 'tfjs' ? `${FRAMEWORK_LABELS.tfjs} (${typescript ? 'TypeScript' : 'JavaScript'})` : FRAMEWORK_LABELS[framework];
  return [`Loss Lab: ${spec.title} (${label})`, { prefix, description: `${spec.title}, ${label}: ${firstSentence(spec.doc)}`, body }];
}

/** The snippet file for one language, in registry order. */
export function staticSnippets(language: SnippetLanguage, losses: readonly LossSpec[] = LOSSES): SnippetFile {
  const out: Record<string, VsCodeSnippet> = {};
  for (const spec of losses) {
    // Losses with no code in these frameworks (lambdamart, an objective) get no snippet.
    if (!hasLossCode(spec)) continue;
    const base = `loss-${spec.id.replace(/_/g, '-')}`;
    const entries =
      language === 'python'
        ? [entry(spec, 'pytorch', base, false), entry(spec, 'keras', `${base}-keras`, false), entry(spec, 'jax', `${base}-jax`, false)]
        : [entry(spec, 'tfjs', base, language === 'typescript')];
    for (const [name, s] of entries) out[name] = s;
  }
  return out;
}

/** File text as committed: 2-space JSON and a final newline. */
export function snippetFileText(language: SnippetLanguage, losses?: readonly LossSpec[]): string {
  return JSON.stringify(staticSnippets(language, losses), null, 2) + '\n';
}
