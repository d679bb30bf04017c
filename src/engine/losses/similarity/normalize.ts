/**
 * PyTorch's `F.normalize(x, dim=1, eps=1e-12)` = x / max(‖x‖₂, eps), row by row, with PyTorch's
 * gradients, for the losses over cosine similarities of L2-normalised embeddings (info_nce, supcon).
 *
 * A zero row stays a zero row (its similarity to every row is 0). Its gradient is PyTorch's: the
 * norm's backward gives 0 at a zero vector (where tfjs's sqrt would give ∞ · 0 = NaN), and below
 * eps the clamp passes nothing to the norm, so ∂z/∂x = I / eps = 1e12 · I there.
 */
import { tf } from '../../backend';

export const NORMALIZE_EPS = 1e-12;

/** What the specs of the losses on normalised embeddings say about zero rows (one text for all). */
export const ZERO_ROW_NOTE =
  'Embeddings are normalised as F.normalize (x / max(‖x‖, 1e-12)): a zero row stays zero, so its cosine similarity to every row is 0, ' +
  'and its gradient is the upstream gradient divided by 1e-12, as in PyTorch (a huge but finite number).';

/**
 * x / max(‖x‖₂, 1e-12) over the last axis of an [n, D] tensor, written x / √max(Σ x², 1e-24): the
 * same numbers, and the max keeps the square root away from 0, where its gradient is infinite (the
 * max's gradient goes to the constant there, as the clamp's does in PyTorch).
 */
export function l2Normalize(x: tf.Tensor): tf.Tensor2D {
  return tf.div(x, tf.sqrt(tf.maximum(tf.sum(tf.square(x), -1, true), NORMALIZE_EPS * NORMALIZE_EPS))) as tf.Tensor2D;
}
