/**
 * Keras 3: a `keras.losses.*` class where one computes the same thing, else a `keras.losses.Loss`
 * subclass written with `keras.ops` (so it runs on every Keras backend), else (losses with more than
 * a target and a prediction, or whose mean is not over samples) a function returning the reduced loss.
 * Binds `loss_fn`. Loss objects follow Keras' call order `loss_fn(y_true, y_pred, sample_weight=None)`
 * and Keras applies the reduction: "sum_over_batch_size" divides Σ w_i l_i by N, Loss Lab's `mean`.
 */
import type { LossSpec, Reduction, RoleSpec } from '../engine/spec';
import type { Placeholders } from './placeholders';
import { resolveRefs } from './placeholders';
import { callRoles, indent, namesFor, pyDocstring } from './shell';
import type { BuiltinCode, LossCode, PerUnitCode, TemplateContext } from '../engine/templates/template-types';

export const KERAS_IMPORTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bmath\./, 'import math'],
  [/\bkeras\./, 'import keras'],
  [/\bops\./, 'from keras import ops'],
];

const KERAS_REDUCTION: Record<Reduction, string> = { mean: 'sum_over_batch_size', sum: 'sum', none: 'none' };

function reductionArg(ctx: TemplateContext, ph: Placeholders): string {
  return ph.choice('reduction', `"${KERAS_REDUCTION[ctx.reduction]}"`, Object.values(KERAS_REDUCTION), (s) => `"${s}"`);
}

/** [y_true role, y_pred role] when the loss has exactly a target and a prediction (besides weights). */
export function kerasPair(spec: LossSpec): [RoleSpec, RoleSpec] | null {
  const roles = callRoles(spec, false);
  if (roles.length !== 2) return null;
  const pred = roles.find((r) => r.differentiable);
  const truth = roles.find((r) => !r.differentiable);
  return pred && truth ? [truth, pred] : null;
}

/** Whether the code is a Keras loss object (builtin or subclass) rather than a function. */
export function kerasIsLossObject(spec: LossSpec, code: LossCode): boolean {
  if (code.kind === 'builtin') return true;
  return code.kind === 'perUnit' && !code.normalizer && !code.mask && kerasPair(spec) !== null;
}

function emitBuiltin(code: BuiltinCode, ctx: TemplateContext, ph: Placeholders): string {
  const args = [...code.args.map(([k, v]) => `${k}=${v}`), `reduction=${reductionArg(ctx, ph)}`];
  return `loss_fn = ${code.callee}(${args.join(', ')})`;
}

function emitSubclass(spec: LossSpec, code: PerUnitCode, ctx: TemplateContext, ph: Placeholders): string {
  const { className } = namesFor(spec);
  const [truth, pred] = kerasPair(spec)!;
  const ctorArgs = spec.params.map((p) => `${p.name}=${p.kind === 'numberList' ? 'None' : ctx.lit(p.default)}`);
  const config = spec.params.map((p) => `"${p.name}": self.${p.name}`);
  return [
    ...(code.helpers ? [resolveRefs(code.helpers, ''), '', ''] : []),
    `class ${className}(keras.losses.Loss):`,
    pyDocstring(spec),
    '',
    `    def __init__(self, ${[...ctorArgs, 'reduction="sum_over_batch_size"', `name="${spec.id}"`].join(', ')}):`,
    '        super().__init__(reduction=reduction, name=name)',
    ...spec.params.map((p) => `        self.${p.name} = ${p.name}`),
    '',
    `    def call(self, ${truth.name}, ${pred.name}):`,
    indent(resolveRefs(code.body, 'self.'), 8),
    '        return loss',
    '',
    '    def get_config(self):',
    `        return {${['**super().get_config()', ...config].join(', ')}}`,
    '',
    '',
    `loss_fn = ${className}(${[...spec.params.map((p) => `${p.name}=${ctx.p(p.name)}`), `reduction=${reductionArg(ctx, ph)}`].join(', ')})`,
  ].join('\n');
}

/** `return ...` for a reduction baked into a function (`ns` is `ops` or `jnp`). */
export function pyReturn(reduction: Reduction, ns: 'ops' | 'jnp', code: Pick<PerUnitCode, 'normalizer' | 'mask' | 'sortBy'>): string {
  const normalizer = code.normalizer && resolveRefs(code.normalizer, '');
  if (code.mask) return maskedReturn(reduction, ns, resolveRefs(code.mask, ''), code.sortBy && resolveRefs(code.sortBy, ''));
  if (reduction === 'none') return 'return loss';
  if (reduction === 'sum') return `return ${ns}.sum(loss)`;
  return normalizer ? `return ${ns}.sum(loss) / ${normalizer}` : `return ${ns}.mean(loss)`;
}

/** Reductions over the units a boolean `mask` selects in a dense `loss` (masked sums stay jit-friendly). */
function maskedReturn(reduction: Reduction, ns: 'ops' | 'jnp', mask: string, sortBy?: string): string {
  const selected = `${ns}.sum(${ns}.where(${mask}, loss, 0.0))`;
  if (reduction === 'sum') return `return ${selected}`;
  if (reduction === 'mean') return `return ${selected} / ${ns}.sum(${ns === 'ops' ? `ops.cast(${mask}, loss.dtype)` : mask})`;
  if (ns === 'jnp') {
    // Boolean indexing has a data-dependent shape: fine eagerly, not under jax.jit.
    return sortBy ? `return loss[${mask}][jnp.argsort(${sortBy}[${mask}])]  # not under jax.jit` : `return loss[${mask}]  # not under jax.jit`;
  }
  return [
    `idx = ops.nonzero(ops.reshape(${mask}, (-1,)))[0]`,
    ...(sortBy ? [`idx = ops.take(idx, ops.argsort(ops.take(ops.reshape(${sortBy}, (-1,)), idx)))`] : []),
    'return ops.take(ops.reshape(loss, (-1,)), idx)',
  ].join('\n');
}

/** A Python function taking the roles then the hyperparameters (defaults = the user's values). */
export function pyFunction(spec: LossSpec, code: PerUnitCode, ctx: TemplateContext, ns: 'ops' | 'jnp', roles: readonly string[]): string {
  const { pyFunction: name } = namesFor(spec);
  if (code.mask && ctx.weighted) throw new Error(`internal: ${spec.id}: masked units cannot take per-sample weights`);
  const args = [...roles, ...spec.params.map((p) => `${p.name}=${ctx.p(p.name)}`)];
  const body = [
    resolveRefs(code.body, ''),
    ...(ctx.weighted ? ['loss = loss * weight'] : []),
    pyReturn(ctx.reduction, ns, code),
  ];
  return [
    ...(code.helpers ? [resolveRefs(code.helpers, ''), '', ''] : []),
    `def ${name}(${args.join(', ')}):`,
    pyDocstring(spec),
    indent(body.join('\n'), 4),
    '',
    '',
    `loss_fn = ${name}`,
  ].join('\n');
}

export function emitKeras(spec: LossSpec, code: LossCode, ctx: TemplateContext, ph: Placeholders): string {
  if (code.kind === 'builtin') return emitBuiltin(code, ctx, ph);
  if (code.kind !== 'perUnit') throw new Error(`internal: ${spec.id}: a ${code.kind} template cannot be emitted for Keras`);
  if (kerasIsLossObject(spec, code)) return emitSubclass(spec, code, ctx, ph);
  // Two-role losses keep Keras' (y_true, y_pred) order so the function also works in model.compile.
  const pair = kerasPair(spec);
  const roles = pair ? pair.map((r) => r.name) : callRoles(spec, false).map((r) => r.name);
  if (ctx.weighted) roles.push('weight');
  return pyFunction(spec, code, ctx, 'ops', roles);
}
