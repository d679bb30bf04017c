/**
 * Helpers for the classification losses' framework rows (each loss lists its rows in its spec).
 * Calls use the role names: `logits` / `logit`, `target`, `weight`.
 */
import type { FrameworkContext } from '../../frameworks';
import { lit } from '../../frameworks';
import { list, optNum } from '../../spec';

/** Rows whose class target is the ignore_index. */
export function ignoredRows(ctx: FrameworkContext): number {
  const k = optNum(ctx.params, 'ignore_index');
  const t = ctx.inputs.target?.data;
  if (k === null || !t) return 0;
  let n = 0;
  for (let i = 0; i < t.length; i++) if (t[i] === k) n++;
  return n;
}

/** The number of classes (logits columns). */
export const classCount = (ctx: FrameworkContext): number => ctx.inputs.logits?.cols ?? 0;

/** The class weight list as a literal, or null. */
export function weightList(ctx: FrameworkContext): string | null {
  const w = list(ctx.params, 'weight');
  return w ? `[${w.map(lit).join(', ')}]` : null;
}

/** True when class weights are given and not all 1. */
export function classWeighted(ctx: FrameworkContext): boolean {
  const w = list(ctx.params, 'weight');
  return w !== null && w.some((x) => x !== 1);
}

/** Keras' probability clipping bound, as said in reasons. */
export const KERAS_CLIP = 'probabilities clipped to [1e-7, 1 − 1e-7]';
