/**
 * PyTorch's `F.pairwise_distance(a, b, p, eps=1e-6)` = ‖a − b + eps‖_p, row by row, with
 * PyTorch's gradients at zero.
 *
 * The eps is added to every component of the difference (not to the norm), as PyTorch does; it
 * keeps the distance of identical vectors away from 0 (√D·1e-6), where a norm is not
 * differentiable. A difference that cancels the eps exactly (b = a + 1e-6) still gives a zero
 * vector: there tfjs's sqrt/pow gradients are ∞ · 0 = NaN, PyTorch's norm backward gives 0. The
 * `where` guards below give 0 too (the gradient of `where` flows only into the branch taken).
 * Likewise |v|^p at v = 0 gets gradient 0, as PyTorch's for p >= 1.
 */
import { tf } from '../../backend';
import { maskOf } from '../../custom-op';

export const PAIRWISE_EPS = 1e-6;

/**
 * What every similarity loss's spec says about its distances at and near 0 (one text for all).
 * Identical vectors sit 1e-6 from the norm's kink: smooth, but on a scale finite differences in
 * float32 cannot resolve, so tests compare them with PyTorch.
 */
export const DISTANCE_AT_ZERO_NOTE =
  'Identical vectors are D^(1/p)·1e-6 apart (√D·1e-6 for p = 2), as in PyTorch, and the distance is differentiable there; ' +
  'a difference that cancels the eps exactly (b − a = 1e-6) gives distance 0, where its gradient is 0, as PyTorch\'s norm ' +
  'backward gives (tfjs alone would give NaN).';

/** f(x) where x > 0, 0 where x = 0, with no NaN gradient from the x = 0 branch. */
function whereZeroIsZero(x: tf.Tensor, f: (safe: tf.Tensor) => tf.Tensor): tf.Tensor {
  const pos = maskOf(x, (v) => tf.greater(v, 0));
  return tf.where(pos, f(tf.where(pos, x, tf.onesLike(x))), tf.zerosLike(x));
}

/** ‖a − b + eps‖_p over the last axis: [n, D] x [n, D] -> [n]. */
export function pairwiseDistance(a: tf.Tensor, b: tf.Tensor, p = 2): tf.Tensor1D {
  const v = tf.add(tf.sub(a, b), PAIRWISE_EPS);
  if (p === 2) {
    return whereZeroIsZero(tf.sum(tf.square(v), -1), tf.sqrt) as tf.Tensor1D;
  }
  const terms = whereZeroIsZero(tf.abs(v), (s) => tf.pow(s, p));
  const total = tf.sum(terms, -1);
  return (p === 1 ? total : whereZeroIsZero(total, (s) => tf.pow(s, 1 / p))) as tf.Tensor1D;
}
