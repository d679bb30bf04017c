/** Regression figures: residuals r = ŷ − y (the curve view's variable). */
import type { RegressionAnalysis } from '../../shared/results';
import type { EvalInputs } from '../../engine/spec';
import { rowUnits, type UnitView } from './unit-view';

export function analyzeRegression(inputs: EvalInputs): { analysis: RegressionAnalysis; view: UnitView } {
  const pred = inputs.prediction!.data;
  const target = inputs.target!.data;
  const n = pred.length;
  const residual = new Float64Array(n);
  let s = 0;
  let maxAbs = 0;
  for (let i = 0; i < n; i++) {
    const r = pred[i] - target[i];
    residual[i] = r;
    s += r;
    maxAbs = Math.max(maxAbs, Math.abs(r));
  }
  const m = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (residual[i] - m) ** 2;
  return {
    analysis: { kind: 'regression', residualMean: m, residualStd: Math.sqrt(ss / n), maxAbsResidual: maxAbs },
    view: rowUnits('residual ŷ − y', 'the residual ŷ − y', residual),
  };
}
