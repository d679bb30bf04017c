/**
 * Helpers for the classification losses' framework rows (each loss lists its rows in its spec).
 * Calls use the role names: `logits` / `logit`, `target`, `weight`.
 */
import type { FrameworkContext, FrameworkRow } from '../../frameworks';
import { lit, SAME } from '../../frameworks';
import { keras as kerasSrc, optax as optaxSrc } from '../../framework-sources';
import { list, num, optNum } from '../../spec';
import { KERAS_EPSILON } from '../../conventions';
import { DENOMINATOR_EPSILON } from './overlap';

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

/**
 * `keras.losses.Dice` / `keras.losses.Tversky` (transcribed, docs/research/conventions.md §1.6):
 * probabilities in (no from_logits, so the call passes ops.sigmoid(logit)), axis=None sums over
 * the whole input, and the only smoothing is backend.epsilon() = 1e-7 in the denominator (none in
 * the numerator). So they are Loss Lab's value at smooth = 0, up to that 1e-7: it matters only for
 * an empty mask predicted empty, where Keras gives 1 and smooth = 0 gives 0/0.
 */
export function kerasOverlapRow(cls: 'Dice' | 'Tversky', fn: string, args: (ctx: FrameworkContext) => string): FrameworkRow {
  return {
    framework: 'keras',
    api: `keras.losses.${cls}`,
    verified: 'transcribed',
    source: kerasSrc(`${cls} / ${fn}`),
    build: (ctx) => {
      const a = args(ctx);
      const call = `keras.losses.${cls}(${a})(target, ops.sigmoid(logit))`;
      const eps = 'backend.epsilon() = 1e-7 added to the denominator only';
      const kerasEps = { kind: 'knob' as const, name: DENOMINATOR_EPSILON.name, value: KERAS_EPSILON };
      if (num(ctx.params, 'smooth') === 0) {
        return {
          call,
          reduction: 'sum_over_batch_size',
          ...SAME(`One value over the whole input (axis=None) from σ(z), as Loss Lab at smooth = 0; Keras' only smoothing is ${eps} (so an empty mask predicted empty gives 1, not NaN).`),
          switches: [kerasEps],
        };
      }
      return {
        call,
        reduction: 'sum_over_batch_size',
        relation: 'different',
        reason: `Keras has no smooth parameter: its only smoothing is ${eps}, so its value is Loss Lab's at smooth = 0 (up to that 1e-7).`,
        switches: [{ kind: 'param', name: 'smooth', value: 0 }, kerasEps],
      };
    },
  };
}

/**
 * `optax.losses.dice_loss` (transcribed, docs/research/conventions.md §2.1), for dice and tversky:
 * on one image of N pixels and one class (shape [1, N, 1]; a last axis of 1 gets the sigmoid),
 * 1 − (I + smooth) / (I + α (P − I) + β (T − I) + smooth) summed over the pixels: Tversky's index
 * with optax's smooth in numerator and denominator. So tversky(α, β, s) is dice_loss(α, β, s) and
 * dice(s), whose 2I + s over P + T + s is the same ratio halved, is dice_loss(0.5, 0.5, s / 2).
 */
export function optaxDiceRow(kind: 'dice' | 'tversky'): FrameworkRow {
  return {
    framework: 'optax',
    api: 'optax.losses.dice_loss',
    verified: 'transcribed',
    source: optaxSrc('segmentation', 'dice_loss'),
    build: (ctx) => {
      const s = num(ctx.params, 'smooth');
      const args = kind === 'dice' ? `smooth=${lit(s / 2)}` : `alpha=${lit(num(ctx.params, 'alpha'))}, beta=${lit(num(ctx.params, 'beta'))}, smooth=${lit(s)}`;
      return {
        call: `optax.losses.dice_loss(logit[None, :, None], target[None, :, None], ${args})`,
        reduction: 'mean (over classes: one here)',
        ...SAME(
          kind === 'dice'
            ? "optax's dice_loss is the Tversky form with smooth in numerator and denominator: at α = β = 0.5 its smooth is half of Loss Lab's, so smooth / 2 gives Loss Lab's value (sigmoid applied to the one-class logits)."
            : "optax's dice_loss with alpha and beta is this Tversky loss, smooth in numerator and denominator, FP = Σp − TP, FN = Σy − TP (sigmoid applied to the one-class logits).",
        ),
      };
    },
  };
}
