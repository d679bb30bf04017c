/**
 * Every loss against PyTorch: values, per-sample losses and gradients from the golden fixtures
 * (test/fixtures/golden/*.json, written by test/fixtures/torch/gen_*.py), on every backend.
 */
import assert from 'node:assert/strict';
import { describe, it, before } from 'node:test';
import { initBackend } from '../../../src/engine/backend';
import { evaluate } from '../../../src/engine/evaluate';
import { getLoss } from '../../../src/engine/registry';
import type { RoleName } from '../../../src/engine/spec';
import { backendsUnderTest } from '../../helpers/backends';
import { assertClose } from '../../helpers/close';
import { goldenFamilies, loadGolden, toInputs } from '../../helpers/golden';

for (const backend of backendsUnderTest()) {
  describe(`golden values from PyTorch on the ${backend} backend`, () => {
    before(async () => {
      const info = await initBackend({ backend });
      assert.equal(info.name, backend, `backend ${backend} did not start: ${info.fallbackReason ?? ''}`);
    });
    for (const family of goldenFamilies()) {
      for (const c of loadGolden(family)) {
        it(`${c.name} matches PyTorch`, async () => {
          const spec = getLoss(c.loss);
          assert.ok(spec, `loss ${c.loss} is not in the registry`);
          const r = await evaluate(spec, toInputs(c), c.params, { reduction: c.reduction, perSample: true, grad: true });
          const tol = c.tol ?? {};
          if (c.value !== null) assertClose(r.value, c.value, `${c.name} value`, tol);
          if (c.perSample) assertClose(r.perSample!, c.perSample, `${c.name} perSample`, tol);
          for (const [role, g] of Object.entries(c.grad)) {
            const mine = r.grad?.[role as RoleName];
            assert.ok(mine, `${c.name}: no gradient for ${role}`);
            assertClose(mine.data, g, `${c.name} grad ${role}`, tol);
          }
          if (c.counts) for (const [k, v] of Object.entries(c.counts)) assert.equal(r.counts?.[k], v, `${c.name} count ${k}`);
        });
      }
    }
  });
}
