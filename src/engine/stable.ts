/**
 * Numerically stable building blocks shared by losses. All are plain tfjs ops, so autodiff goes
 * through them; each avoids an overflow or a log(0) that the naive form hits in float32.
 */
import { tf } from './backend';

/**
 * softplus(x) = log(1 + e^x) = max(x, 0) + log1p(e^-|x|): finite for |x| = 1e4.
 * Used instead of `tf.logSigmoid`, which breaks `tf.grad` on non-leaf tensors in tfjs 4.22
 * ("Cannot read properties of undefined (reading 'backend')"): log σ(x) = -softplus(-x).
 */
export function softplus(x: tf.Tensor): tf.Tensor {
  return tf.add(tf.relu(x), tf.log1p(tf.exp(tf.neg(tf.abs(x)))));
}

/** log σ(x) = -softplus(-x). */
export function logSigmoid(x: tf.Tensor): tf.Tensor {
  return tf.neg(softplus(tf.neg(x)));
}

/**
 * log-softmax along the last axis via the max-shifted log-sum-exp. The gradient through the max
 * cancels exactly in theory (-1 + Σ softmax = 0), so no stop-gradient is needed (tfjs has none).
 */
export function logSoftmax(x: tf.Tensor): tf.Tensor {
  const m = tf.max(x, -1, true);
  const shifted = tf.sub(x, m);
  return tf.sub(shifted, tf.log(tf.sum(tf.exp(shifted), -1, true)));
}

/** x * log(x) with 0 * log 0 = 0 (for entropies of targets that contain zeros). */
export function xlogx(x: tf.Tensor): tf.Tensor {
  const safe = tf.where(tf.greater(x, 0), x, tf.onesLike(x));
  return tf.mul(x, tf.log(safe));
}
