/**
 * `--convention builtin`: the framework's own built-in for a loss, called with the user's
 * hyperparameters and the built-in's own defaults (its default reduction included), instead of code
 * that reproduces Loss Lab's convention. The call is the framework row's (the loss spec's
 * `frameworks`, issue #15); a header comment names how its value differs from Loss Lab's and why, and
 * where the semantics come from. Other built-ins of the same framework follow as commented
 * alternatives.
 */
import type { FrameworkId } from '../engine/frameworks';
import { buildRow, type ParityRow } from '../engine/parity';
import type { LossSpec, ResolvedParams } from '../engine/spec';
import type { Framework } from '../engine/templates/template-types';
import { Placeholders } from './placeholders';
import { comment } from './shell';

/** The framework rows each code target can call. */
export const BUILTIN_FRAMEWORKS: Readonly<Record<Framework, readonly FrameworkId[]>> = {
  pytorch: ['pytorch', 'torchvision', 'pytorch-metric-learning', 'allrank'],
  keras: ['keras', 'tensorflow-addons', 'tf-ranking'],
  jax: ['optax'],
  tfjs: ['tfjs'],
};

const IMPORTS: Readonly<Record<string, readonly string[]>> = {
  'nn.': ['import torch', 'from torch import nn'],
  'torch.': ['import torch'],
  'torchvision.': ['import torchvision'],
  'losses.': ['from pytorch_metric_learning import losses'],
  'rankNet(': ['from allrank.models.losses.rankNet import rankNet'],
  'keras.': ['import keras'],
  'ops.': ['from keras import ops'],
  'np.': ['import numpy as np'],
  'tfa.': ['import tensorflow_addons as tfa'],
  'tf.norm': ['import tensorflow as tf'],
  'tfr.': ['import tensorflow_ranking as tfr'],
  'jax.': ['import jax'],
  'jnp.': ['import jax.numpy as jnp'],
  'optax.': ['import optax'],
};

/** `name` used as a top-level name in `code` (not as an attribute: `keras.losses.` is not PML's `losses.`). */
function usesName(code: string, name: string): boolean {
  const re = new RegExp(`(?<![\\w.])${name.replace(/[.(]/g, (c) => `\\${c}`)}`);
  return re.test(code);
}

export function relationText(r: Pick<ParityRow, 'relation' | 'factor'>): string {
  switch (r.relation) {
    case 'same':
      return "the same value as Loss Lab's";
    case 'factor':
      return `${r.factor} × Loss Lab's value`;
    case 'different':
      return "a different value from Loss Lab's";
    case 'unsupported':
      return 'no equivalent for these settings';
  }
}

/** Null when the framework has no row for the loss; rows whose relation is unsupported come last. */
export function builtinRows(spec: LossSpec, params: ResolvedParams, framework: Framework, weighted: boolean): ParityRow[] | null {
  const rows = (spec.frameworks ?? []).filter((r) => BUILTIN_FRAMEWORKS[framework].includes(r.framework));
  if (!rows.length) return null;
  const built = rows.map((r) => ({ ...buildRow(r, { params, inputs: {}, weighted }), value: null }));
  return [...built.filter((r) => r.relation !== 'unsupported'), ...built.filter((r) => r.relation === 'unsupported')];
}

/** The code; throws `fail(message)` when no built-in of the framework computes this loss for these settings. */
export function emitBuiltin(spec: LossSpec, rows: readonly ParityRow[], framework: Framework, label: string, snippet: boolean, fail: (m: string) => Error): string {
  const [main, ...others] = rows;
  if (main.relation === 'unsupported') throw fail(`${label} has no built-in for ${spec.id} with these settings: ${main.reason}`);
  const js = framework === 'tfjs';
  const prefix = js ? '// ' : '# ';
  const verified = main.verified === 'executed' ? 'executed against the real framework in Loss Lab\'s tests' : 'transcribed from the source';
  const src = `${main.source.repo}${main.source.commit !== '-' ? `@${main.source.commit.slice(0, 8)}` : ''} ${main.source.file} ${main.source.function}`;
  const head = [
    comment(`${spec.title}: the ${label} built-in with its own defaults, not Loss Lab's convention (loss-lab parity --loss ${spec.id} shows the values on your data).`, prefix),
    comment(`${main.api}, default reduction ${main.reduction}: ${relationText(main)}. ${main.reason}`, prefix),
    comment(`Semantics ${verified}: ${src}.`, prefix),
  ];
  const assign = (call: string): string => (js ? `const loss = ${call};` : `loss = ${call}`);
  const alternatives = others.flatMap((r) => [
    '',
    comment(`Alternative: ${r.api}, default reduction ${r.reduction}: ${relationText(r)}. ${r.reason}`, prefix),
    ...(r.relation === 'unsupported' || r.call === '-' ? [] : [`${prefix}${assign(r.call)}`]),
  ]);
  // The imports of the active call; an alternative's are the user's to add when they switch.
  const code = main.call;
  const imports = js
    ? ["import * as tf from '@tensorflow/tfjs';"]
    : [...new Set(Object.entries(IMPORTS).filter(([k]) => usesName(code, k)).flatMap(([, v]) => v))];
  const gap = js ? [''] : ['', ''];
  const text = [...head, ...imports, ...gap, assign(main.call), ...alternatives, ''].join('\n');
  // No tab stops: the call is the row's text; render escapes it for snippet syntax.
  return new Placeholders().render(text, snippet);
}
