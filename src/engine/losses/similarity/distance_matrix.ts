/**
 * All-pairs Euclidean distances d(i, j) = ‖e_i − e_j + 1e-6‖₂ of n embeddings, as a host Float32Array
 * (row-major n × n), without gradient: triplet mining reads it to choose indices. Computed with
 * the same tfjs ops and float32 rounding as `pairwiseDistance`, in row blocks of bounded size (the
 * [rows, n, D] difference of all pairs at once would not fit), and off the gradient tape.
 */
import { tf } from '../../backend';
import { offTape } from '../../custom-op';
import { PAIRWISE_EPS } from './distance';

/** Elements of one block's [rows, n, D] difference tensor. */
const BLOCK_ELEMENTS = 1 << 22;

export function distanceMatrix(e: Float32Array, n: number, dim: number): Float32Array {
  return offTape(() => {
    const out = new Float32Array(n * n);
    const all = tf.tensor2d(e, [n, dim]);
    const rows = Math.max(1, Math.floor(BLOCK_ELEMENTS / Math.max(1, n * dim)));
    for (let r0 = 0; r0 < n; r0 += rows) {
      const r = Math.min(rows, n - r0);
      const block = tf.tidy(() => {
        const diff = tf.sub(tf.expandDims(tf.slice(all, [r0, 0], [r, dim]), 1), tf.expandDims(all, 0));
        // (diff − (−eps))² is bitwise (diff + eps)², as in pairwiseDistance, in one kernel instead of two.
        return tf.sqrt(tf.sum(tf.squaredDifference(diff, -PAIRWISE_EPS), -1));
      });
      out.set(block.dataSync() as Float32Array, r0 * n);
      block.dispose();
    }
    return out;
  });
}
