/**
 * The wasm Identity kernel shares memory instead of copying (src/engine/wasm-identity.ts): a clone
 * keeps its values after the original is disposed, the memory is freed once both are gone, and a
 * gradient through ops that save tensors for the backward pass is unchanged.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initBackend, tf } from '../../../src/engine/backend';
import { assertClose } from '../../helpers/close';

describe('wasm Identity shares memory, reference-counted', () => {
  before(async () => {
    const info = await initBackend({ backend: 'wasm' });
    assert.equal(info.name, 'wasm', `wasm did not start: ${info.fallbackReason ?? ''}`);
  });

  it('a clone keeps its values after the original is disposed; memory is freed with the last reference', () => {
    const buffers = () => tf.memory().numDataBuffers;
    const before = buffers();
    const a = tf.tensor1d([1, 2, 3]);
    const b = tf.clone(a);
    assert.equal(b.dataId, a.dataId, 'the clone holds the same data');
    assert.equal(buffers() - before, 1, 'one buffer for both tensors');
    a.dispose();
    assert.deepEqual(Array.from(b.dataSync()), [1, 2, 3]);
    assert.equal(buffers() - before, 1, 'the buffer lives while the clone does');
    b.dispose();
    assert.equal(buffers(), before);
  });

  it('the gradient of sum(exp(x) * x) is exp(x) (1 + x), through ops that save their tensors', () => {
    // Exp saves its output and Multiply both inputs for the backward pass: both go through Identity.
    const x = [-2, -0.5, 0, 0.7, 3];
    const g = tf.tidy(() => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.exp(t), t)))(tf.tensor1d(x)).dataSync());
    assertClose(g, x.map((v) => Math.exp(v) * (1 + v)), 'gradient', { rtol: 1e-6 });
  });
});
