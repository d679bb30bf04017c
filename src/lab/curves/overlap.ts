/**
 * Curves of the one-value-per-file losses (dice, tversky) against p = σ(z): each point is a file of
 * FILE_ROWS rows all predicted at the same logit z = log(p / (1 − p)), one curve with every target
 * 1 and one with every target 0 (as the binary curves). The gradient is the loss's derivative with
 * respect to that shared logit, the sum of the rows' gradients. One engine run per point and curve,
 * since a file loss gives one value per run.
 */
import { evaluate } from '../../engine/evaluate';
import type { LossSpec, ResolvedParams } from '../../engine/spec';
import { P_RANGE } from './classification';
import { variableLabel } from './kind';
import { linspace, type Curve, type CurveOptions, type CurveSet } from './types';

/**
 * Points per curve unless asked: each costs a whole engine run (about 2 ms here, against one run for
 * all 201 points of a row loss), and the curves are smooth rational functions of p.
 */
export const OVERLAP_POINTS = 51;

/** Rows of each synthetic file: large enough that smooth = 1 is a small correction, as on real masks. */
export const FILE_ROWS = 100;

export async function overlapCurves(spec: LossSpec, params: ResolvedParams, opts: CurveOptions = {}): Promise<CurveSet> {
  const points = opts.points ?? OVERLAP_POINTS;
  const x = linspace(P_RANGE[0], P_RANGE[1], points);
  if (opts.onProbe) {
    // Every point is a file of its own: the probe is one file of FILE_ROWS rows with p spread over
    // the same range and the targets alternating 1, 0.
    const ps = linspace(P_RANGE[0], P_RANGE[1], FILE_ROWS);
    opts.onProbe(
      {
        logit: { data: Float32Array.from(ps, (p) => Math.log(p / (1 - p))), cols: 1 },
        target: { data: Float32Array.from(ps, (_, i) => (i % 2 === 0 ? 1 : 0)), cols: 1 },
      },
      `one file of ${FILE_ROWS} rows: p = σ(z) evenly from ${P_RANGE[0]} to ${P_RANGE[1]}, targets alternating 1, 0`,
    );
  }
  const curves: Curve[] = [];
  for (const y of [1, 0]) {
    const values = new Float64Array(points);
    const grad = new Float64Array(points);
    const target = { data: new Float32Array(FILE_ROWS).fill(y), cols: 1 };
    for (let k = 0; k < points; k++) {
      opts.signal?.throwIfAborted();
      const logit = { data: new Float32Array(FILE_ROWS).fill(Math.log(x[k] / (1 - x[k]))), cols: 1 };
      const r = await evaluate(spec, { logit, target }, params, { reduction: 'sum', grad: true, metrics: false });
      values[k] = r.value;
      let g = 0;
      for (const v of r.grad!.logit!.data) g += v;
      grad[k] = g;
    }
    curves.push({ variant: `target = ${y} (all ${FILE_ROWS} rows)`, x, values, grad });
  }
  return {
    kind: 'binary',
    variable: variableLabel(spec, params),
    gradientLabel: '∂loss/∂z (the logit shared by every row)',
    construction: `one file of ${FILE_ROWS} rows per point, every row at logit z = log(p / (1 − p)) with the same target`,
    curves,
    markers: [],
  };
}
