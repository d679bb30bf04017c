/**
 * Helpers for the classification losses' framework rows (each loss lists its rows in its spec).
 * Calls use the role names: `logits` / `logit`, `target`, `weight`.
 */
import type { FrameworkContext, FrameworkRow } from '../../frameworks';
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

/** The number of classes (logits columns), or the expression giving it when there are no inputs (code). */
export const classCount = (ctx: FrameworkContext, js = false): string =>
  ctx.inputs.logits ? String(ctx.inputs.logits.cols) : js ? 'logits.shape[1]' : 'logits.shape[-1]';

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

/**
 * A row of an API without an ignore index: without data (generated code) nobody knows whether a
 * target will be ignore_index, so the reason says the row assumes none is.
 */
export function withoutIgnoreIndex(row: FrameworkRow): FrameworkRow {
  return {
    ...row,
    build: (c) => {
      const b = row.build(c);
      return c.inputs.target || b.relation === 'unsupported' ? b : { ...b, reason: `${b.reason} Assumes no target is ignore_index (this API has no ignore index).` };
    },
  };
}
