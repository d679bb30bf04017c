/**
 * Per-query (segment) primitives for the listwise losses, as tfjs ops with gradients.
 *
 * Why custom ops: a segment sum needs `unsortedSegmentSum`, which the wasm backend lacks; and the
 * Plackett–Luce terms need a cumulative log-sum-exp, which tfjs lacks altogether (TensorFlow has
 * `tf.math.cumulative_logsumexp`, PyTorch `torch.logcumsumexp`). A plain cumsum of exp(x − max)
 * underflows to log(0) for score gaps beyond ~88 in float32. Both ops run on the host in float64
 * (exact to float32 output precision) and carry their own, linear-algebra-level gradients; the
 * losses built from them are differentiated by tfjs autodiff.
 */
import { tf } from '../../backend';
import { unaryCustomOp } from '../../custom_op';
import type { Groups } from './groups';

/** out[g] = Σ_{i in query g} x_i. Gradient: dx_i = dy[g(i)]. */
export function segmentSum(x: tf.Tensor1D, groups: Groups): tf.Tensor1D {
  return unaryCustomOp(x, (xt) => {
    const v = xt.dataSync();
    const out = new Float64Array(groups.count);
    for (let i = 0; i < v.length; i++) out[groups.seg[i]] += v[i];
    const gradFunc = (dy: tf.Tensor): tf.Tensor => tf.gather(dy, tf.tensor1d(groups.seg, 'int32'));
    return { value: tf.tensor1d(Float32Array.from(out)), gradFunc };
  });
}

/**
 * Plackett–Luce terms: out_i = log Σ_{j ≥ i, same query} exp(x_j − x_i), the negative log
 * probability of picking row i first among itself and the rows after it in its query. The last
 * row of a query gets 0.
 *
 * Forward, per query from its end: L_i = logaddexp(x_i, L_{i+1}), out_i = softplus(L_{i+1} − x_i).
 * Gradient: ∂out_i/∂x_j = exp(x_j − L_i) for j ≥ i, minus 1 for j = i, so
 * dx_j = exp(x_j − L_j) · C_j − dy_j with C_j = Σ_{i ≤ j} dy_i exp(L_j − L_i), accumulated as
 * C_j = dy_j + exp(L_j − L_{j−1}) C_{j−1}; L is non-increasing along a query, so every factor is
 * at most 1 and nothing overflows.
 */
export function plackettLuceTerms(x: tf.Tensor1D, groups: Groups): tf.Tensor1D {
  return unaryCustomOp(x, (xt) => {
    const v = xt.dataSync();
    const n = v.length;
    const L = new Float64Array(n);
    const out = new Float64Array(n);
    for (let g = 0; g < groups.count; g++) {
      const a = groups.starts[g];
      const b = groups.starts[g + 1];
      L[b - 1] = v[b - 1];
      out[b - 1] = 0;
      for (let i = b - 2; i >= a; i--) {
        const d = L[i + 1] - v[i];
        const sp = d > 0 ? d + Math.log1p(Math.exp(-d)) : Math.log1p(Math.exp(d));
        out[i] = sp;
        L[i] = v[i] + sp;
      }
    }
    const gradFunc = (dyt: tf.Tensor): tf.Tensor => {
      const dy = dyt.dataSync();
      const dx = new Float32Array(n);
      for (let g = 0; g < groups.count; g++) {
        let c = 0;
        for (let j = groups.starts[g]; j < groups.starts[g + 1]; j++) {
          c = j === groups.starts[g] ? dy[j] : dy[j] + Math.exp(L[j] - L[j - 1]) * c;
          dx[j] = Math.exp(-out[j]) * c - dy[j];
        }
      }
      return tf.tensor1d(dx);
    };
    return { value: tf.tensor1d(Float32Array.from(out)), gradFunc };
  });
}
