/** The engine against one PyTorch golden case (test/helpers/golden.ts loads them). */
import assert from 'node:assert/strict';
import { evaluate } from '../../src/engine/evaluate';
import { getLoss } from '../../src/engine/registry';
import type { RoleName } from '../../src/engine/spec';
import { assertClose } from './close';
import { toInputs, type GoldenCase } from './golden';

/**
 * Evaluates the case with the engine on the current backend and asserts PyTorch's value,
 * per-sample losses, gradients and counts (within the case's tolerance, if it has one).
 */
export async function assertMatchesGolden(c: GoldenCase): Promise<void> {
  const spec = getLoss(c.loss);
  assert.ok(spec, `loss ${c.loss} is not in the registry`);
  // a loss without a gradient (adarank) is checked on its values; its cases hold no gradient
  const r = await evaluate(spec, toInputs(c), c.params, { reduction: c.reduction, perSample: true, grad: spec.gradientKind !== 'none' });
  const tol = c.tol ?? {};
  if (c.value !== null) assertClose(r.value, c.value, `${c.name} value`, tol);
  if (c.perSample) assertClose(r.perSample!, c.perSample, `${c.name} perSample`, tol);
  for (const [role, g] of Object.entries(c.grad)) {
    const mine = r.grad?.[role as RoleName];
    assert.ok(mine, `${c.name}: no gradient for ${role}`);
    assertClose(mine.data, g, `${c.name} grad ${role}`, tol);
  }
  for (const [role, h] of Object.entries(c.hess ?? {})) {
    const mine = r.hess?.[role as RoleName];
    assert.ok(mine, `${c.name}: no hessian for ${role}`);
    assertClose(mine.data, h, `${c.name} hess ${role}`, tol);
  }
  if (c.counts) for (const [k, v] of Object.entries(c.counts)) assert.equal(r.counts?.[k], v, `${c.name} count ${k}`);
}
