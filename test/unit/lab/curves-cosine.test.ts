/**
 * Curves of the cosine-similarity losses (issue #12) against their closed forms, worked out by hand
 * below (the engine computes the curves; these formulas are independent of it).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../../src/engine/backend';
import { getLoss } from '../../../src/engine/registry';
import type { LossSpec } from '../../../src/engine/spec';
import { computeCurves, curveKindOf } from '../../../src/lab/curves/curves';
import { IN_BATCH_SIZES } from '../../../src/lab/curves/in-batch';
import { assertClose } from '../../helpers/close';

const loss = (id: string): LossSpec => getLoss(id)!;
const map = (x: Float64Array, f: (v: number) => number): number[] => Array.from(x, f);
const TOL = { rtol: 1e-4, atol: 1e-5 };

describe('curves of the cosine-similarity losses', () => {
  before(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('each has its kind: cosine_embedding against cos(x1, x2), info_nce and supcon against the positive\'s cosine', () => {
    assert.equal(curveKindOf(loss('cosine_embedding')), 'cosine');
    assert.equal(curveKindOf(loss('info_nce')), 'in_batch');
    assert.equal(curveKindOf(loss('supcon')), 'in_batch');
    // the distance-based pair and mined losses keep theirs
    assert.equal(curveKindOf(loss('contrastive')), 'contrastive');
    assert.equal(curveKindOf(loss('triplet_mined')), 'triplet');
  });

  it('cosine_embedding with margin 0.3: 1 − c (gradient −1) for similar pairs, max(0, c − 0.3) (gradient 0 or 1) for dissimilar ones', async () => {
    const set = await computeCurves(loss('cosine_embedding'), { margin: 0.3 });
    assert.equal(set.kind, 'cosine');
    assert.deepEqual(set.markers.map((m) => m.x), [0.3]);
    const [sim, dis] = set.curves;
    assert.equal(sim.x[0], -0.995);
    assertClose(sim.values, map(sim.x, (c) => 1 - c), 'similar', TOL);
    assertClose(sim.grad, map(sim.x, () => -1), 'similar grad', { rtol: 1e-3, atol: 1e-3 });
    assertClose(dis.values, map(dis.x, (c) => Math.max(0, c - 0.3)), 'dissimilar', TOL);
    // (no grid point sits on the margin: 0.3 is not on the 201-point grid from −0.995)
    assertClose(dis.grad, map(dis.x, (c) => (c > 0.3 ? 1 : 0)), 'dissimilar grad', { rtol: 1e-3, atol: 1e-3 });
  });

  // An anchor with its positive at cosine c and k negatives at cosine 0: l = log(e^{c/τ} + k) − c/τ,
  // dl/dc = (p − 1)/τ with p = e^{c/τ} / (e^{c/τ} + k).
  const closed = (k: number, tau: number) => ({
    value: (c: number) => Math.log(Math.exp(c / tau) + k) - c / tau,
    grad: (c: number) => (Math.exp(c / tau) / (Math.exp(c / tau) + k) - 1) / tau,
  });

  for (const params of [{ temperature: 0.5 }, { temperature: 0.5, symmetric: true }, { temperature: 0.1 }]) {
    it(`info_nce ${JSON.stringify(params)}: anchor's loss log(e^{c/τ} + N − 1) − c/τ for N = ${IN_BATCH_SIZES.join(', ')}`, async () => {
      const set = await computeCurves(loss('info_nce'), params);
      assert.equal(set.curves.length, IN_BATCH_SIZES.length);
      IN_BATCH_SIZES.forEach((n, i) => {
        const c = set.curves[i];
        const f = closed(n - 1, params.temperature);
        assert.equal(c.variant, `N = ${n} (${n - 1} negatives)`);
        assertClose(c.values, map(c.x, f.value), `N = ${n}`, TOL);
        assertClose(c.grad, map(c.x, f.grad), `N = ${n} grad`, { rtol: 1e-3, atol: 1e-3 });
      });
    });
  }

  it('supcon at its default τ = 0.07: log(e^{c/τ} + N − 2) − c/τ with gradient (p − 1)/τ', async () => {
    const set = await computeCurves(loss('supcon'), {});
    IN_BATCH_SIZES.forEach((n, i) => {
      const c = set.curves[i];
      const f = closed(n - 2, 0.07);
      assert.equal(c.variant, `N = ${n} (${n - 2} negatives)`);
      assertClose(c.values, map(c.x, f.value), `N = ${n}`, TOL);
      assertClose(c.grad, map(c.x, f.grad), `N = ${n} grad`, { rtol: 1e-3, atol: 1e-3 });
    });
  });
});
