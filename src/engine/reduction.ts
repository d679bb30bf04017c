/**
 * Reductions `mean`, `sum`, `none`, implemented once for every loss.
 *
 * Accuracy: tfjs-wasm sums float32 in float32 (1e7 copies of 0.1 came out 8.8% off here), so the
 * reduced value is never a tensor `sum`. The per-unit losses are read back and accumulated in
 * float64 on the host; the gradient of the reduced value is the gradient of sum(values) (upstream
 * ones, exact) scaled by 1 / denominator, computed in float64.
 *
 * - `sum`:  Σ l_i
 * - `mean`: Σ l_i / Σ w_i where the loss supplies normalizer weights (PyTorch's weighted
 *           cross-entropy: w_i = class weight of the target, 0 for ignored rows), else Σ l_i / N.
 * - `none`: the per-unit values; the gradient reported is that of their sum.
 */
import type { Reduction } from './spec';

/** Running float64 accumulator over batches. */
export class ReductionAccumulator {
  private sum = 0;
  private weightSum = 0;
  private units = 0;
  private hasWeights = false;

  add(values: Float32Array, weights?: Float32Array | Float64Array): void {
    this.sum += sum64(values);
    this.units += values.length;
    if (weights) {
      this.hasWeights = true;
      this.weightSum += sum64(weights);
    } else if (this.hasWeights) {
      throw new Error('internal: a loss returned normalizer weights for some batches only');
    }
  }

  get count(): number {
    return this.units;
  }

  /** The number the gradient of Σ l_i is divided by (1 for sum and none). */
  denominator(reduction: Reduction): number {
    if (reduction !== 'mean') return 1;
    return this.hasWeights ? this.weightSum : this.units;
  }

  /** The reduced scalar (for `none`, the caller reports the per-unit array instead). */
  value(reduction: Reduction): number {
    if (reduction === 'sum') return this.sum;
    return this.sum / this.denominator('mean');
  }
}

/**
 * float64 sum. Four independent partial sums: one running sum is bound by the latency of each add
 * (a chain of 1e6 dependent adds), four let the CPU overlap them; the result is as accurate.
 */
export function sum64(values: ArrayLike<number>): number {
  const n = values.length;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += values[i];
    s1 += values[i + 1];
    s2 += values[i + 2];
    s3 += values[i + 3];
  }
  for (; i < n; i++) s0 += values[i];
  return s0 + s1 + (s2 + s3);
}
