/**
 * Finite-difference gradient checks: the engine's autodiff gradient against central differences
 * of the engine's own reduced value, computed in float64 from float32 evaluations.
 */
import { evaluate } from '../../src/engine/evaluate';
import type { EvalInputs, LossSpec, Reduction, RoleName } from '../../src/engine/spec';
import { assertClose } from './close';

export async function checkGradientFD(
  spec: LossSpec,
  inputs: EvalInputs,
  params: Record<string, unknown> = {},
  reduction: Reduction = 'mean',
  opts: { eps?: number; step?: number; rtol?: number; atol?: number } = {},
): Promise<void> {
  const res = await evaluate(spec, inputs, params, { reduction, grad: true });
  const scalar = async (inp: EvalInputs): Promise<number> => {
    const r = await evaluate(spec, inp, params, { reduction, perSample: true });
    if (reduction !== 'none') return r.value;
    let s = 0;
    for (const v of r.perSample!) s += v;
    return s;
  };
  for (const [role, g] of Object.entries(res.grad ?? {}) as Array<[RoleName, { data: Float32Array }]>) {
    const base = inputs[role]!;
    const fd = new Float64Array(base.data.length);
    for (let i = 0; i < base.data.length; i++) {
      const x = base.data[i];
      const h = opts.step ?? (opts.eps ?? 1e-2) * Math.max(1, Math.abs(x));
      const plus = Float32Array.from(base.data);
      const minus = Float32Array.from(base.data);
      plus[i] = x + h;
      minus[i] = x - h;
      // use the float32-rounded step actually taken
      const step = plus[i] - minus[i];
      const fp = await scalar({ ...inputs, [role]: { ...base, data: plus } });
      const fm = await scalar({ ...inputs, [role]: { ...base, data: minus } });
      fd[i] = (fp - fm) / step;
    }
    assertClose(g.data, fd, `${spec.id} d/d${role} (finite differences)`, { rtol: opts.rtol ?? 2e-2, atol: opts.atol ?? 2e-3 });
  }
}
