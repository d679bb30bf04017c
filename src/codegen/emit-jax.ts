/**
 * JAX: a pure function of the roles (registry order) built from `optax` where it has the loss
 * (optax losses are element-wise: the reduction is written out) and `jax.numpy` otherwise. The
 * hyperparameters are keyword arguments whose defaults are the user's values; binds `loss_fn`, ready
 * for `jax.grad(loss_fn)`.
 */
import type { LossSpec } from '../engine/spec';
import { pyFunction } from './emit-keras';
import { callRoles } from './shell';
import type { LossCode, TemplateContext } from '../engine/templates/template-types';

export const JAX_IMPORTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bmath\./, 'import math'],
  [/\bjax\.(?!numpy)/, 'import jax'],
  [/\bjnp\./, 'import jax.numpy as jnp'],
  [/\boptax\./, 'import optax'],
];

export function emitJax(spec: LossSpec, code: LossCode, ctx: TemplateContext): string {
  if (code.kind !== 'perUnit') throw new Error(`internal: ${spec.id}: a ${code.kind} template cannot be emitted for JAX`);
  return pyFunction(spec, code, ctx, 'jnp', callRoles(spec, ctx.weighted).map((r) => r.name));
}
