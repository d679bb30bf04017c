/**
 * Framework-row builders shared by the regression losses (each loss lists its own rows in its
 * spec). Calls use the role names: `prediction`, `target`, `weight`. Keras calls pass (N, 1)
 * columns (`[:, None]`): on 1-D inputs Keras averages over the last axis first, and a per-sample
 * weight would then scale the scalar mean (docs/research/conventions.md §1.0).
 */
import type { FrameworkContext, FrameworkRow, SourceRef } from '../../frameworks';
import { hasZeroWeight, SAME, UNSUPPORTED, type Difference } from '../../frameworks';
export { FACTOR, SAME, UNSUPPORTED, torchNone, type Difference } from '../../frameworks';
import { keras as kerasSrc, optax as optaxSrc, tfjs as tfjsSrc, torch as torchSrc } from '../../framework-sources';

/** `torch.nn.<cls>`: no per-sample weight (executed). */
export function torchRow(cls: string, args: (ctx: FrameworkContext) => string, diff: (ctx: FrameworkContext) => Difference = () => SAME()): FrameworkRow {
  return {
    framework: 'pytorch',
    api: `torch.nn.${cls}`,
    verified: 'executed',
    source: torchSrc(cls),
    build: (ctx) => {
      const call = `nn.${cls}(${args(ctx)})(prediction, target)`;
      if (ctx.weighted) {
        return {
          call,
          reduction: 'mean',
          ...UNSUPPORTED(`PyTorch's ${cls} has no per-sample weight: Loss Lab's weighted mean is (weight * nn.${cls}(reduction='none')(prediction, target)).mean(), over N.`),
        };
      }
      return { call, reduction: 'mean', ...diff(ctx) };
    },
  };
}

/** `keras.losses.<cls>` (transcribed): sample_weight then sum_over_batch_size (÷ N). */
export function kerasRow(cls: string, fn: string, args: (ctx: FrameworkContext) => string, diff: (ctx: FrameworkContext) => Difference = () => SAME()): FrameworkRow {
  return {
    framework: 'keras',
    api: `keras.losses.${cls}`,
    verified: 'transcribed',
    source: kerasSrc(fn),
    build: (ctx) => {
      const call = `keras.losses.${cls}(${args(ctx)})(target[:, None], prediction[:, None]${ctx.weighted ? ', sample_weight=weight' : ''})`;
      const d = diff(ctx);
      const reason = ctx.weighted && d.relation === 'same'
        ? 'sample_weight multiplies each row and sum_over_batch_size divides by N, as Loss Lab (not by Σ w).'
        : d.reason;
      return { call, reduction: 'sum_over_batch_size', ...d, reason };
    },
  };
}

/** Keras with reduction='mean_with_sample_weight' (÷ Σ w); only a row when weights are given. */
export function kerasWeightSumRow(cls: string, fn: string, args: (ctx: FrameworkContext) => string): FrameworkRow {
  return {
    framework: 'keras',
    api: `keras.losses.${cls}(reduction="mean_with_sample_weight")`,
    verified: 'transcribed',
    source: kerasSrc(`Loss.__call__ / reduce_weighted_values (${fn})`),
    build: (ctx) => {
      const a = args(ctx);
      const call = `keras.losses.${cls}(${a}${a ? ', ' : ''}reduction="mean_with_sample_weight")(target[:, None], prediction[:, None]${ctx.weighted ? ', sample_weight=weight' : ''})`;
      if (!ctx.weighted) return { call, reduction: 'mean_with_sample_weight', ...SAME('Without sample weights this reduction is the mean over N, as Loss Lab.') };
      return {
        call,
        reduction: 'mean_with_sample_weight',
        relation: 'different',
        reason: 'Divides the weighted sum by Σ w instead of N (a reduction Keras added in October 2024, commit 093b055a).',
        switches: [{ kind: 'denominator', by: 'weightSum' }],
      };
    },
  };
}

/** `tf.losses.<fn>` (executed in Node): default reduction SUM_BY_NONZERO_WEIGHTS. */
export function tfjsRow(fn: string, file: string, extra: (ctx: FrameworkContext) => string, diff: (ctx: FrameworkContext) => Difference = () => SAME()): FrameworkRow {
  return {
    framework: 'tfjs',
    api: `tf.losses.${fn}`,
    verified: 'executed',
    source: tfjsSrc(file, fn),
    build: (ctx) => {
      const x = extra(ctx);
      const w = ctx.weighted ? 'weight' : x ? 'undefined' : '';
      const call = `tf.losses.${fn}(target, prediction${w ? `, ${w}` : ''}${x ? `, ${x}` : ''})`;
      const d = diff(ctx);
      if (ctx.weighted && d.relation !== 'unsupported') {
        const zeros = hasZeroWeight(ctx.inputs);
        const by = { kind: 'denominator' as const, by: 'nonzeroWeights' as const };
        if (zeros) {
          return {
            call,
            reduction: 'SUM_BY_NONZERO_WEIGHTS',
            relation: 'different',
            reason: 'Divides the weighted sum by the count of non-zero weights, not by N: rows of weight 0 leave the denominator.',
            switches: [...d.switches, by],
          };
        }
        return { call, reduction: 'SUM_BY_NONZERO_WEIGHTS', ...d, reason: `${d.relation === 'same' ? 'Divides by the count of non-zero weights, which here is N (no weight is 0).' : d.reason}`, switches: [...d.switches, by] };
      }
      return { call, reduction: 'SUM_BY_NONZERO_WEIGHTS', ...d };
    },
  };
}

/** `optax.<fn>` (transcribed): per-element losses, no reduction; the call takes the mean. */
export function optaxRow(fn: string, args: (ctx: FrameworkContext) => string, diff: (ctx: FrameworkContext) => Difference = () => SAME(), source?: SourceRef): FrameworkRow {
  return {
    framework: 'optax',
    api: `optax.${fn}`,
    verified: 'transcribed',
    source: source ?? optaxSrc('regression', fn),
    build: (ctx) => {
      const a = args(ctx);
      const per = `optax.${fn}(prediction, target${a ? `, ${a}` : ''})`;
      const call = `jnp.mean(${ctx.weighted ? `weight * ${per}` : per})`;
      const d = diff(ctx);
      const reason = d.relation === 'same' ? 'optax returns per-element losses; their mean (weighted by w, over N) is Loss Lab\'s.' : d.reason;
      return { call, reduction: 'none (per element)', ...d, reason };
    },
  };
}

