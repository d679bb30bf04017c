import { tf } from '../../backend';
import { unaryCustomOp } from '../../custom-op';
import type { ClassTargets } from './class_targets';
import { rowMax } from './class_targets';

/**
 * Per-row softmax cross-entropy l_i = s_i lse_i − a_i z̃_{i,y_i} − b_i Σ_c w_c z̃_ic (see
 * class_targets.ts), on shifted logits z̃_ic = z_ic − m_i with m_i the row max, so every exp is
 * ≤ 1 and lse_i = log Σ_c exp z̃_ic lies in [0, log C]: logits of ±1e4 stay exact.
 *
 * Shaped for speed (value + gradient at 1e6 rows × 10 classes, ratio to a hand-written loop, measured
 * on this 2-core VM under load, so roughly):
 * - the shift m_i comes from the host data, a constant to the tape (its true gradient is 0), spread
 *   to [n, C] by a rank-1 matMul, and the row sums are matMuls with a ones row: the cpu backend's
 *   broadcasting ops ([n,1] against [n,C], and the broadcast in `sum`'s gradient) take a per-element
 *   slow path. tfjs ops alone, cpu: 5x for this form, 20x with max/sub/sum, 18x with tf.logSoftmax;
 *   wasm: 1.2x, 4.2x, 1.2–1.7x.
 * - the target logit is picked on the host with a scatter gradient (shiftedTargetLogit below), not by
 *   a device one-hot product, a host [n, C] mask (fresh memory is slow to write here) nor tf.gather
 *   (its gradient, UnsortedSegmentSum, has no wasm kernel and is O(n² C) on cpu).
 * - every taped op clones the tensors its gradient needs (no longer a copy on wasm: see
 *   wasm-identity.ts), so [n, C] ops are few anyway.
 * Whole `evaluate` (`npm run bench`, CPU time, gradient into a reused array, no metrics): wasm 1.2x
 * at 1e6 and 1e7 rows; cpu 7.4x. With a fresh gradient array and accuracy: wasm 2.3x.
 */
export function softmaxCrossEntropy(z: tf.Tensor, zHost: Float32Array, t: ClassTargets): tf.Tensor1D {
  const [n, C] = z.shape as [number, number];
  // Row sums are x · onesRowᵀ (transposeB) rather than x · onesColumn: the gradient of the first is
  // dy · onesRow, of the second dy · onesColumnᵀ, and wasm's BatchMatMul is slow on a transposed
  // right operand (12 ms against 3.7 ms for 262144 × 10 here; the same on cpu).
  const onesRow = tf.ones([1, C]);
  const m = rowMax(zHost, n, C);
  const shift = tf.matMul(tf.tensor2d(m, [n, 1]), onesRow);
  const shifted = tf.sub(z, shift);
  const lse = tf.log(tf.reshape(tf.matMul(tf.exp(shifted), onesRow, false, true), [n]));
  const targetLogit = shiftedTargetLogit(z, zHost, m, t.index);
  const a = tf.tensor1d(t.targetCoef);
  if (!t.smoothCoef || !t.lseCoef) {
    // s_i = a_i without smoothing: l_i = a_i (lse_i − z̃_{i,y_i}).
    return tf.mul(a, tf.sub(lse, targetLogit)) as tf.Tensor1D;
  }
  const smooth = tf.reshape(tf.matMul(shifted, tf.tensor2d(t.classWeights, [1, C]), false, true), [n]);
  const lseTerm = tf.mul(tf.tensor1d(t.lseCoef), lse);
  return tf.sub(tf.sub(lseTerm, tf.mul(a, targetLogit)), tf.mul(tf.tensor1d(t.smoothCoef), smooth)) as tf.Tensor1D;
}

/**
 * z̃_{i,y_i} = z_{i,y_i} − m_i, computed on the host (where z and m already are) and recorded on the
 * tape as an op of z whose gradient is the scatter of dy_i to (i, y_i), the derivative of indexing.
 * The device alternatives cost more: a one-hot product (an int32 → float32 Cast, a Multiply and a
 * row-sum matMul over [n, C], and their gradients) was ~15% of the kernel time of value + gradient
 * at 190k × 10 on wasm, and tf.gather is slow there and its gradient (UnsortedSegmentSum) has no
 * wasm kernel. Host and device values agree exactly: both are one float32 subtraction of the same
 * two numbers (the device's shift is m_i · 1).
 */
function shiftedTargetLogit(z: tf.Tensor, zHost: Float32Array, m: Float32Array, index: Int32Array): tf.Tensor1D {
  const [n, C] = z.shape as [number, number];
  const flat = new Int32Array(n);
  const picked = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    flat[i] = i * C + index[i];
    picked[i] = zHost[flat[i]] - m[i];
  }
  return unaryCustomOp<tf.Tensor1D>(z, () => ({
    value: tf.tensor1d(picked),
    gradFunc: (dy) => tf.reshape(tf.scatterND(tf.tensor2d(flat, [n, 1], 'int32'), dy, [n * C]), [n, C]),
  }));
}
