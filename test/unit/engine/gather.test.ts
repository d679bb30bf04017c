/**
 * The wasm-safe gather ops and custom-op helpers the pairwise, listwise and mined losses are built
 * on, checked against hand-computed scatter-adds, and the losses built on them for tensor leaks.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initBackend, tf } from '../../../src/engine/backend';
import { maskOf, offTape } from '../../../src/engine/custom-op';
import { evaluate } from '../../../src/engine/evaluate';
import { gatherDifference, gatherRows } from '../../../src/engine/gather';
import { getLoss } from '../../../src/engine/registry';
import type { EvalInputs } from '../../../src/engine/spec';
import { backendsUnderTest } from '../../helpers/backends';
import { assertClose } from '../../helpers/close';

const col = (xs: number[]) => ({ data: Float32Array.from(xs), cols: 1 });

for (const backend of backendsUnderTest()) {
  describe(`gather ops on the ${backend} backend`, () => {
    before(async () => {
      const info = await initBackend({ backend });
      assert.equal(info.name, backend);
    });

    it('gatherRows scatter-adds the gradient into repeated rows (tf.gather cannot on wasm)', () => {
      // x is 3 x 2; rows [2, 0, 2] weighted by w = [1, 10, 100]:
      // d/dx row0 = 10 · (1, 1), row1 = 0, row2 = (1 + 100) · (1, 1).
      const x = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
      const w = tf.tensor2d([[1], [10], [100]]);
      const { value, grads } = tf.valueAndGrads((t: tf.Tensor) => tf.sum(tf.mul(gatherRows(t, Int32Array.from([2, 0, 2])), w)))([x]);
      assert.equal(value.dataSync()[0], 1 * 11 + 10 * 3 + 100 * 11);
      assertClose(grads[0].dataSync(), [10, 10, 0, 0, 101, 101], 'grad');
    });

    it('gatherDifference gives x[i] − x[j] and scatters +dy to i, −dy to j', () => {
      // x = [1, 2, 4]; pairs (2, 0), (1, 0), (2, 1) weighted [1, 10, 100]:
      // values [3, 1, 2]; d/dx0 = −1 − 10 = −11, d/dx1 = 10 − 100 = −90, d/dx2 = 1 + 100 = 101.
      const x = tf.tensor1d([1, 2, 4]);
      const w = tf.tensor1d([1, 10, 100]);
      const f = (t: tf.Tensor) => gatherDifference(t, Int32Array.from([2, 1, 2]), Int32Array.from([0, 0, 1]));
      assert.deepEqual(Array.from(f(x).dataSync()), [3, 1, 2]);
      const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(f(t), w)))(x);
      assert.deepEqual(Array.from(g.dataSync()), [-11, -90, 101]);
    });

    it('maskOf lets the gradient flow past a comparison; offTape returns host data and keeps no tensors', () => {
      // where(x > 0, x², 0): the comparison inside maskOf does not stop tf.grad.
      const g = tf.grad((t: tf.Tensor) => tf.sum(tf.where(maskOf(t, (v) => tf.greater(v, 0)), tf.square(t), tf.zerosLike(t))))(tf.tensor1d([-1, 3]));
      assert.deepEqual(Array.from(g.dataSync()), [0, 6]);
      const before = tf.memory().numTensors;
      const host = offTape(() => tf.add(tf.tensor1d([1, 2]), 1).dataSync());
      assert.deepEqual(Array.from(host), [2, 3]);
      assert.ok(tf.memory().numTensors - before <= 2, 'only the dummy input and output of the op remain');
    });

    it('the ranking and similarity losses leave no tensors behind', async () => {
      const ranking: EvalInputs = { query: col([2, 1, 2, 1, 2]), score: col([0.3, 1, -2, 0.5, 4]), relevance: col([1, 0, 2, 3, 0]) };
      const emb: EvalInputs = { embedding: { data: Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7]), cols: 2 }, label: col([0, 1, 0, 1]) };
      const cases: Array<[string, EvalInputs, Record<string, unknown>]> = [
        ['ranknet', ranking, {}],
        ['lambdarank', ranking, { k: 2 }],
        ['listnet', ranking, {}],
        ['listmle', ranking, {}],
        ['triplet_mined', emb, { mining: 'all' }],
        ['triplet', { anchor: emb.embedding!, positive: emb.embedding!, negative: emb.embedding! }, { swap: true }],
      ];
      for (const [id, inputs, params] of cases) {
        await evaluate(getLoss(id)!, inputs, params, { grad: true, perSample: true });
        const before = tf.memory().numTensors;
        await evaluate(getLoss(id)!, inputs, params, { grad: true, perSample: true });
        assert.equal(tf.memory().numTensors, before, `${id} leaked tensors`);
      }
    });
  });
}
