/** The user's curves as the panel receives them (src/shared/results.ts CheckCurvesResultSchema). */
import type { CheckCurvesResult, Num, ParamsData } from '../../shared/protocol';
import { curveKindOf } from '../curves/curves';
import { getLoss } from '../../engine/registry';
import type { CheckCurves } from './check-curves';

const toNums = (a: ArrayLike<number>): Num[] => Array.from(a, (v) => (Number.isFinite(v) ? v : null));

export function checkCurvesData(r: CheckCurves): CheckCurvesResult {
  return {
    loss: r.loss,
    symbol: r.symbol,
    params: { ...r.params } as ParamsData,
    kind: curveKindOf(getLoss(r.loss)!)!,
    curves: r.yours.map((c) => ({
      variant: c.variant,
      x: Array.from(c.x),
      values: toNums(c.values),
      grad: r.hasGradient ? toNums(c.grad) : c.x.length ? new Array<Num>(c.x.length).fill(null) : [],
    })),
    hasGradient: r.hasGradient,
    failed: { count: r.failed.count, first: r.failed.first },
  };
}
