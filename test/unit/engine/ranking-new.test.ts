/**
 * margin_ranking and approx_ndcg (issue #12): hand-worked examples, the examples of the
 * transcription of TF-Ranking's ApproxNDCGLoss (docs/research/ranking.md §4, whose numbers come from
 * docs/research/transcriptions/approx_ndcg.py and approx_ndcg_grad.py; two of them reproduce
 * TF-Ranking's own docstrings), finite-difference gradients, extreme scores and bad input. PyTorch
 * golden values are in test/fixtures/golden/ranking.json (checked by golden.test.ts).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../../src/engine/backend';
import { evaluate } from '../../../src/engine/evaluate';
import { InputError } from '../../../src/engine/inputs';
import { MAX_PAIRS_PER_BATCH } from '../../../src/engine/losses/ranking/pairs';
import { ParamError } from '../../../src/engine/params';
import type { EvalInputs } from '../../../src/engine/spec';
import { backendsUnderTest } from '../../helpers/backends';
import { assertClose } from '../../helpers/close';
import { checkGradientFD } from '../../helpers/finite-diff';
import { loss } from '../../helpers/losses';

const col = (xs: number[]) => ({ data: Float32Array.from(xs), cols: 1 });
const ranking = (query: number[], score: number[], relevance: number[]): EvalInputs => ({
  query: col(query),
  score: col(score),
  relevance: col(relevance),
});

for (const backend of backendsUnderTest()) {
  describe(`margin_ranking and approx_ndcg on the ${backend} backend`, () => {
    before(async () => {
      const info = await initBackend({ backend });
      assert.equal(info.name, backend);
    });

    it('margin_ranking is max(0, margin − (s_i − s_j)) over the pairs rel_i > rel_j (hand-worked)', async () => {
      // rel (2, 1, 0), scores (0.5, 1.0, −1.0), margin 1. Pairs in row order: (0,1): 1 − (0.5 − 1) = 1.5;
      // (0,2): 1 − 1.5 = −0.5 -> 0; (1,2): 1 − 2 = −1 -> 0. mean 0.5. Gradient of the sum: only (0,1)
      // is active: s_0 −1, s_1 +1.
      const r = await evaluate(loss('margin_ranking'), ranking([3, 3, 3], [0.5, 1.0, -1.0], [2, 1, 0]), { margin: 1 }, { perSample: true, grad: true });
      assertClose(r.perSample!, [1.5, 0, 0], 'per-pair');
      assertClose(r.value, 0.5, 'mean');
      assertClose(r.grad!.score!.data, [-1 / 3, 1 / 3, 0], 'grad of the mean');
    });

    it('margin_ranking at equal scores with margin 0 sits on the kink: value 0, gradient −1/+1 as torch.clamp_min passes it', async () => {
      const r = await evaluate(loss('margin_ranking'), ranking([1, 1], [0.3, 0.3], [1, 0]), {}, { reduction: 'sum', grad: true });
      assert.equal(r.value, 0);
      assertClose(r.grad!.score!.data, [-1, 1], 'grad');
    });

    it('approx_ndcg reproduces the transcription of TF-Ranking at T = 0.1 (labels [0, 2, 1], scores [0.5, 0.2, 0.2])', async () => {
      // docs/research/ranking.md §4: r = [1.094852, 2.452574, 2.452574]; loss −0.616246; ∂L/∂s = [0.065075, −0.228862, 0.163787].
      const r = await evaluate(loss('approx_ndcg'), ranking([0, 0, 0], [0.5, 0.2, 0.2], [0, 2, 1]), { temperature: 0.1 }, { grad: true });
      assertClose(r.value, -0.616246, 'loss', { rtol: 2e-6 });
      assertClose(r.grad!.score!.data, [0.065075, -0.228862, 0.163787], 'grad', { atol: 2e-6 });
    });

    it('approx_ndcg at equal scores: every smooth rank is 1 + (n − 1)/2 (hand-worked), whatever the temperature', async () => {
      // Three equal scores: r = 1 + 2 · σ(0) = 2 for each. Labels [0, 2, 1]: gains [0, 3, 1].
      // DCG = (0 + 3 + 1) / log2(3) = 4 / 1.5849625 = 2.5237190; IDCG = 3 / log2(2) + 1 / log2(3) = 3.6309298;
      // loss = −2.5237190 / 3.6309298 = −0.6950612 (the research's −0.695061; grad [0.527227, −0.659033, 0.131807] at T = 0.1).
      const r = await evaluate(loss('approx_ndcg'), ranking([0, 0, 0], [0, 0, 0], [0, 2, 1]), { temperature: 0.1 }, { grad: true });
      assertClose(r.value, -0.6950612, 'loss');
      assertClose(r.grad!.score!.data, [0.527227, -0.659033, 0.131807], 'grad', { atol: 2e-6 });
      const t1 = await evaluate(loss('approx_ndcg'), ranking([0, 0, 0], [2, 2, 2], [0, 2, 1]));
      assertClose(t1.value, -0.6950612, 'loss at T = 1');
    });

    it('approx_ndcg matches TF-Ranking\'s docstring example (y = [1, 0], s = [0.6, 0.8], T = 0.1: −0.655107)', async () => {
      const r = await evaluate(loss('approx_ndcg'), ranking([5, 5], [0.6, 0.8], [1, 0]), { temperature: 0.1 });
      assertClose(r.value, -0.655107, 'loss', { rtol: 2e-6 });
    });

    it('approx_ndcg gives a query without a relevant document loss 0 and no gradient, but counts it in the mean (Keras\' default)', async () => {
      const r = await evaluate(loss('approx_ndcg'), ranking([0, 0, 0, 1, 1], [0, 0, 0, 0.4, -1], [0, 2, 1, 0, 0]), { temperature: 0.1 }, { perSample: true, grad: true });
      assertClose(r.perSample!, [-0.6950612, 0], 'per-query');
      assertClose(r.value, -0.6950612 / 2, 'mean over both queries');
      assertClose(r.grad!.score!.data.slice(3), [0, 0], 'no gradient from the query without relevance');
    });

    for (const [id, params] of [
      ['margin_ranking', {}],
      ['margin_ranking', { margin: 0.5 }],
      ['approx_ndcg', {}],
      ['approx_ndcg', { temperature: 0.3 }],
    ] as const) {
      it(`${id} ${JSON.stringify(params)}: autodiff gradient matches finite differences`, async () => {
        // Pair differences never within 0.1 of 0 or 0.5, so the ±1e-2 steps stay off the hinge's kink.
        const inputs = ranking([2, 1, 2, 1, 2, 1, 2], [0.3, -1.2, 2.0, 0.9, -0.6, 0.0, 1.1], [2, 0, 1, 1, 0, 3, 2]);
        for (const reduction of ['mean', 'sum'] as const) await checkGradientFD(loss(id), inputs, params, reduction);
      });
    }

    it('stays finite for scores of magnitude 1e4', async () => {
      // margin_ranking: one pair with s_i − s_j = −2e4: 0 − (−2e4) = 2e4; gradient −1, +1.
      const m = await evaluate(loss('margin_ranking'), ranking([0, 0], [-1e4, 1e4], [1, 0]), {}, { grad: true });
      assert.equal(m.value, 2e4);
      assertClose(m.grad!.score!.data, [-1, 1], 'margin_ranking grad');
      // approx_ndcg: the sigmoids saturate: ranks are exact (1, 2, 3) and the gradient 0. Scores put rel 2
      // first, rel 0 second, rel 1 third: DCG = 3 + 0 + 1/2 = 3.5; IDCG = 3 + 1/log2(3) = 3.6309298; −0.9639354.
      const a = await evaluate(loss('approx_ndcg'), ranking([0, 0, 0], [1e4, 0, -1e4], [2, 0, 1]), { temperature: 0.1 }, { grad: true });
      assertClose(a.value, -3.5 / 3.6309298, 'approx_ndcg value');
      assertClose(a.grad!.score!.data, [0, 0, 0], 'approx_ndcg grad');
    });

    it('bad input is refused with a message naming the parameter or role', async () => {
      await assert.rejects(evaluate(loss('approx_ndcg'), ranking([1, 1], [0, 1], [1, 0]), { temperature: 0 }), (e: unknown) => e instanceof ParamError && /parameter temperature must be a number > 0/.test(e.message));
      await assert.rejects(
        evaluate(loss('approx_ndcg'), ranking([1, 1], [0, 1], [32, 0])),
        (e: unknown) => e instanceof InputError && /role relevance: expected a value <= 31/.test(e.message) && e.row === 0,
      );
      await assert.rejects(evaluate(loss('margin_ranking'), ranking([1, 1.5], [0, 1], [1, 0])), /role query: expected an integer, got 1\.5/);
      // 4200 documents in one query form 4200 · 4199 = 17,635,800 ordered pairs > 2^24.
      const n = 4200;
      assert.ok(n * (n - 1) > MAX_PAIRS_PER_BATCH);
      const big = ranking(new Array(n).fill(9), Array.from({ length: n }, (_, i) => i / n), Array.from({ length: n }, (_, i) => i % 3));
      await assert.rejects(evaluate(loss('approx_ndcg'), big), /approx_ndcg: the queries form 17635800 ordered document pairs in one batch.*largest: query 9, 4200 documents/);
    });
  });
}
