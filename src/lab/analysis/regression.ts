/**
 * Regression figures: residuals (the curve view's variable), per row. The residual is the one the
 * loss is about: ŷ − y for most; for a loss of counts with `log_input` (poisson_nll) the prediction is
 * a log-rate, so the residual is the rate's, exp(ŷ) − y; for a loss with a `variance` role
 * (gaussian_nll) it is standardised, (ŷ − y) / σ with σ² clamped at the loss's eps as the loss does,
 * whose spread is about 1 where the predicted variances are right.
 */
import type { RegressionAnalysis } from '../../shared/results';
import type { EvalInputs, ResolvedParams } from '../../engine/spec';
import { rowUnits, type UnitView } from './unit-view';

interface ResidualRule {
  /** Said in the figures only when it is not the plain ŷ − y. */
  readonly named: boolean;
  readonly label: string;
  readonly about: string;
  readonly of: (i: number) => number;
}

function residualRule(inputs: EvalInputs, params: ResolvedParams): ResidualRule {
  const pred = inputs.prediction!.data;
  const target = inputs.target!.data;
  const variance = inputs.variance?.data;
  if (variance) {
    const eps = typeof params.eps === 'number' ? params.eps : 0;
    return {
      named: true,
      label: 'standardised residual (ŷ − y) / σ',
      about: 'the residual ŷ − y over the predicted standard deviation σ',
      of: (i) => (pred[i] - target[i]) / Math.sqrt(Math.max(variance[i], eps)),
    };
  }
  if (params.log_input === true) {
    return { named: true, label: 'rate residual exp(ŷ) − y', about: 'the predicted rate exp(ŷ) minus the count y', of: (i) => Math.exp(pred[i]) - target[i] };
  }
  return { named: false, label: 'residual ŷ − y', about: 'the residual ŷ − y', of: (i) => pred[i] - target[i] };
}

export function analyzeRegression(inputs: EvalInputs, params: ResolvedParams = {}): { analysis: RegressionAnalysis; view: UnitView } {
  const n = inputs.prediction!.data.length;
  const rule = residualRule(inputs, params);
  const residual = new Float64Array(n);
  let s = 0;
  let maxAbs = 0;
  for (let i = 0; i < n; i++) {
    const r = rule.of(i);
    residual[i] = r;
    s += r;
    maxAbs = Math.max(maxAbs, Math.abs(r));
  }
  const m = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (residual[i] - m) ** 2;
  return {
    analysis: { kind: 'regression', ...(rule.named ? { residual: rule.label } : {}), residualMean: m, residualStd: Math.sqrt(ss / n), maxAbsResidual: maxAbs },
    view: rowUnits(rule.label, rule.about, residual),
  };
}
