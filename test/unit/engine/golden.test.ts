/**
 * Every loss against PyTorch: values, per-sample losses and gradients from the golden fixtures
 * (test/fixtures/golden/*.json, written by test/fixtures/torch/gen_*.py), on every backend.
 */
import assert from 'node:assert/strict';
import { describe, it, before } from 'node:test';
import { initBackend } from '../../../src/engine/backend';
import { backendsUnderTest } from '../../helpers/backends';
import { goldenFamilies, loadGolden } from '../../helpers/golden';
import { assertMatchesGolden } from '../../helpers/golden-check';

for (const backend of backendsUnderTest()) {
  describe(`golden values from PyTorch on the ${backend} backend`, () => {
    before(async () => {
      const info = await initBackend({ backend });
      assert.equal(info.name, backend, `backend ${backend} did not start: ${info.fallbackReason ?? ''}`);
    });
    for (const family of goldenFamilies()) {
      for (const c of loadGolden(family)) {
        // lambdamart's reference is the numpy transcription of LightGBM (gen_lambdamart.py), not PyTorch.
        it(`${c.name} matches ${family === 'lambdamart' ? 'the LightGBM transcription' : 'PyTorch'}`, () => assertMatchesGolden(c));
      }
    }
  });
}
