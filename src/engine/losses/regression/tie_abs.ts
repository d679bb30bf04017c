import { tf } from '../../backend';

/**
 * |x| whose gradient at x = 0 is 0, as in PyTorch (`abs` and `l1_loss` backward use sgn(x)).
 * tfjs's own `abs` differentiates to -1 at 0, so a residual of exactly 0 would push the prediction
 * away from the target. x · sign(x) is exact in float32 and `sign` has a zero gradient, so the
 * derivative is sign(x): −1, 0 or 1.
 */
export function absTieZero(x: tf.Tensor): tf.Tensor {
  return tf.mul(x, tf.sign(x));
}
