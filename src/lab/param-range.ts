/**
 * The one range of a numeric hyperparameter: the slider's span (sent in the catalog as `ui`) and the
 * sweep's span (the Sensitivity chart) are both this, so the chart never explores values the slider
 * cannot reach, nor the other way round. Always finite (JSON has no Infinity).
 */
import type { IntegerParam, NumberParam } from '../engine/spec';

export interface ParamRange {
  readonly min: number;
  readonly max: number;
  readonly step: number;
}

/** A span from finite bounds, else around the default. */
function spanOf(min: number, max: number, def: number | null, integer: boolean): ParamRange {
  const lo = Number.isFinite(min) ? min : Math.min(-10, (def ?? 0) * 4);
  const hi = Number.isFinite(max) ? max : Math.max(lo + (integer ? 20 : 10), Math.abs(def ?? 1) * 4);
  const step = integer ? 1 : Number(((hi - lo) / 100).toPrecision(1));
  return { min: lo, max: hi, step };
}

/**
 * The spec's `ui` hint, else its bounds, else a span around the default. Integer counts with a huge
 * upper bound (lambdarank `k` ≤ 1e6) get a useful span from their minimum (50 steps, or 4× the
 * default); ids such as ignore_index keep their full bounds, where the webview shows a text box
 * instead of a slider with millions of steps.
 */
export function paramRange(p: NumberParam | IntegerParam): ParamRange {
  if (p.kind === 'number') return p.ui ?? spanOf(p.min, p.max, p.default, false);
  if (Number.isFinite(p.min) && p.min >= 0 && p.max - p.min > 1000) {
    return { min: p.min, max: Math.min(p.max, Math.max(p.min + 49, 4 * (p.default ?? 0))), step: 1 };
  }
  return spanOf(p.min, p.max, p.default, true);
}
