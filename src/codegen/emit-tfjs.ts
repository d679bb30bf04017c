/**
 * TensorFlow.js: a function of the roles (registry order) returning the reduced loss, using
 * `tf.losses.*` where it computes the same thing and tf ops otherwise. tf.losses' default reduction
 * (SUM_BY_NONZERO_WEIGHTS) and its `Reduction.MEAN` with weights (Σ w l / Σ w) differ from Loss Lab's
 * weighted mean (Σ w l / N), so the reduction is always passed explicitly. Binds `lossFn`.
 */
import type { LossSpec, ParamSpec } from '../engine/spec';
import { resolveRefs } from './placeholders';
import { callRoles, indent, namesFor } from './shell';
import type { LossCode, TemplateContext } from '../engine/templates/template-types';

const TF_REDUCTION = { mean: 'tf.Reduction.MEAN', sum: 'tf.Reduction.SUM', none: 'tf.Reduction.NONE' } as const;

function tsType(p: ParamSpec): string {
  switch (p.kind) {
    case 'numberList':
      return ': number[] | null';
    case 'integer':
      return p.nullable ? ': number | null' : '';
    case 'enum':
      return `: ${p.options.map((o) => `'${o}'`).join(' | ')}`;
    default:
      return '';
  }
}

/**
 * `return ...` for the reduction of the per-unit losses held in `v`. A mean over nothing (no pair,
 * nothing mined, every row ignored) is NaN with a zero gradient in PyTorch; `tf.mean` of an empty
 * tensor gives 0, and dividing by a zero normalizer gives a NaN gradient, so neither is used as is.
 */
function jsReturn(ctx: TemplateContext, v: string, normalizer?: string): string {
  if (ctx.reduction === 'none') return `return ${v};`;
  if (ctx.reduction === 'sum') return `return tf.sum(${v});`;
  if (!normalizer) return `return tf.div(tf.sum(${v}), ${v}.size); // over no unit: NaN, as in PyTorch (tf.mean gives 0)`;
  return [
    `const n = ${normalizer};`,
    '// n = 0 (nothing counted): NaN as in PyTorch, with a zero gradient (the division is kept finite)',
    'const empty = tf.equal(n, 0);',
    `return tf.where(empty, tf.fill([], NaN), tf.div(tf.sum(${v}), tf.where(empty, tf.onesLike(n), n)));`,
  ].join('\n');
}

export function emitTfjs(spec: LossSpec, code: LossCode, ctx: TemplateContext): string {
  const { jsFunction: name } = namesFor(spec);
  const ts = ctx.typescript;
  const roleSpecs = callRoles(spec, ctx.weighted);
  const roles = roleSpecs.map((r) => r.name);
  const args = [
    // Rank-typed, so `logits.shape[1]` is a number under strict TypeScript.
    ...roleSpecs.map((r) => (ts ? `${r.name}: tf.Tensor${r.columns === 'many' ? '2D' : '1D'}` : r.name)),
    ...spec.params.map((p) => `${p.name}${ts ? tsType(p) : ''} = ${ctx.p(p.name)}`),
  ];
  let body: string;
  if (code.kind === 'tfjsLoss') {
    const first = roles[0];
    if (!ctx.weighted) body = `return ${code.call('undefined', TF_REDUCTION[ctx.reduction])};`;
    else if (ctx.reduction === 'mean') body = `return tf.div(${code.call('weight', TF_REDUCTION.sum)}, ${first}.shape[0]);`;
    else body = `return ${code.call('weight', TF_REDUCTION[ctx.reduction])};`;
  } else if (code.kind === 'perUnit') {
    if (code.mask) throw new Error(`internal: ${spec.id}: tfjs templates select their units themselves (no mask)`);
    body = [
      resolveRefs(code.body, ''),
      ...(ctx.weighted ? ['const weighted = tf.mul(loss, weight);'] : []),
      jsReturn(ctx, ctx.weighted ? 'weighted' : 'loss', code.normalizer && resolveRefs(code.normalizer, '')),
    ].join('\n');
  } else {
    throw new Error(`internal: ${spec.id}: a ${code.kind} template cannot be emitted for TensorFlow.js`);
  }
  return [
    ...(code.kind === 'perUnit' && code.helpers ? [resolveRefs(code.helpers, ''), ''] : []),
    `function ${name}(${args.join(', ')})${ts ? ': tf.Tensor' : ''} {`,
    indent(resolveRefs(body, ''), 2),
    '}',
    '',
    `const lossFn = ${name};`,
  ].join('\n');
}
