/**
 * Soft overlap counts for the segmentation losses (dice, tversky): with p_i = σ(z_i) and the 0/1
 * mask y_i over the whole file, TP = Σ p y, FP = Σ p (1 − y), FN = Σ (1 − p) y, as tensors of the
 * logits (scalars). 1 − p is computed as σ(−z), exact where p rounds to 1 in float32.
 */
import { tf } from '../../backend';
import type { ConventionKnob } from '../../frameworks';
import type { EvalInputs, ResolvedParams } from '../../spec';

/**
 * A constant added to the denominator only (a convention knob, ./conventions.ts): 0 in Loss Lab,
 * whose smooth goes to both sides; Keras' Dice and Tversky add backend.epsilon() = 1e-7 there and
 * nothing else, so an empty mask predicted empty gives them 1 where the ratio is 0/0.
 */
export const DENOMINATOR_EPSILON: ConventionKnob = {
  name: 'denominator_epsilon',
  default: 0,
  doc: 'a constant added to the denominator only: 0 (Loss Lab), 1e-7 (Keras Dice and Tversky, backend.epsilon())',
};

/** The knob's value in these params (its default when no variant sets it). */
export function denominatorEpsilon(p: ResolvedParams): number {
  const v = p[DENOMINATOR_EPSILON.name];
  return typeof v === 'number' ? v : DENOMINATOR_EPSILON.default;
}

export interface SoftOverlap {
  readonly tp: tf.Scalar;
  readonly fp: tf.Scalar;
  readonly fn: tf.Scalar;
  /** Σ p. */
  readonly sumP: tf.Scalar;
  /** Σ y (a constant). */
  readonly sumY: number;
}

export function softOverlap(z: tf.Tensor, yHost: Float32Array): SoftOverlap {
  const y = tf.tensor1d(yHost);
  const notY = tf.sub(1, y);
  const p = tf.sigmoid(z);
  const q = tf.sigmoid(tf.neg(z));
  let sumY = 0;
  for (let i = 0; i < yHost.length; i++) sumY += yHost[i];
  return {
    tp: tf.sum(tf.mul(p, y)),
    fp: tf.sum(tf.mul(p, notY)),
    fn: tf.sum(tf.mul(q, y)),
    sumP: tf.sum(p),
    sumY,
  };
}

/** The whole file's loss as the one-element `values` of a `file` unit. */
export function fileValue(loss: tf.Tensor): tf.Tensor1D {
  return tf.reshape(loss, [1]) as tf.Tensor1D;
}

/**
 * `metrics` for dice and tversky (host, float64): the soft counts behind the loss, and the hard
 * Dice coefficient of the mask predicted by logit > 0 (p > 0.5), with `accuracy` per row as the
 * binary losses report it.
 */
export function overlapMetrics(inputs: EvalInputs): Readonly<Record<string, number>> {
  const z = inputs.logit!.data;
  const y = inputs.target!.data;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let hardTp = 0;
  let predicted = 0;
  let positives = 0;
  let correct = 0;
  for (let i = 0; i < z.length; i++) {
    const p = 1 / (1 + Math.exp(-z[i]));
    const q = 1 / (1 + Math.exp(z[i]));
    tp += p * y[i];
    fp += p * (1 - y[i]);
    fn += q * y[i];
    const hard = z[i] > 0 ? 1 : 0;
    predicted += hard;
    positives += y[i];
    hardTp += hard * y[i];
    if (hard === y[i]) correct++;
  }
  return {
    soft_tp: tp,
    soft_fp: fp,
    soft_fn: fn,
    // 2|P ∩ Y| / (|P| + |Y|); NaN when both masks are empty.
    hard_dice: (2 * hardTp) / (predicted + positives),
    accuracy: z.length ? correct / z.length : NaN,
    correct,
    counted: z.length,
  };
}
