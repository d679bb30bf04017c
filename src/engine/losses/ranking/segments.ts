/**
 * Per-query (segment) primitives for the listwise losses, as tfjs ops with gradients.
 *
 * The segment sum is a custom op: it needs `unsortedSegmentSum`, which the wasm backend lacks; it
 * runs on the host in float64 and its gradient is its adjoint (a gather). The Plackett–Luce terms
 * need a cumulative log-sum-exp, which tfjs lacks (TensorFlow has `tf.math.cumulative_logsumexp`,
 * PyTorch `torch.logcumsumexp`); they are composed from tfjs ops and differentiated by autodiff.
 */
import { tf } from '../../backend';
import { unaryCustomOp } from '../../custom-op';
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
 * Built from tfjs ops, so tfjs autodiff gives its gradient. L_i = log Σ_{j ≥ i, same query}
 * exp(x_j) is a reverse cumulative log-sum-exp within each query (PyTorch's logcumsumexp, which
 * tfjs lacks), computed by a doubling scan: after the step of width d, L_i covers rows i..i+2d−1 of
 * its query; ceil(log2(longest query)) steps, each shifting L by d rows (slice + pad) and
 * combining a = L_i with b = L_{i+d} by logaddexp(a, b) = m + log(exp(a − m) + exp(b − m)), with
 * m = max(a, b) read on the host and made a fresh tensor: a constant to autodiff, so the gradient
 * is exactly the softmax weights (exp(a − m), exp(b − m)) / (their sum), ½ each at a tie, and
 * finite for any score gap. (The former max(a, b) + log1p(exp(−|a − b|)) had the right value but
 * not the right gradient at a = b: tfjs sends all of max's gradient to a and differentiates |x|
 * to −1 at 0, so a got 3/2 and b −1/2; issue #14.)
 * Scores are taken relative to their query's maximum (a constant: the result does not depend on
 * it), so the documents that matter sit near 0, where float32 is finest: at scores of 1e4 an
 * absolute L would carry rounding of 1e-3. Then out_i = softplus(L_{i+1} − x_i).
 */
export function plackettLuceTerms(x: tf.Tensor1D, groups: Groups): tf.Tensor1D {
  const n = x.shape[0];
  const v = x.dataSync();
  const end = new Int32Array(n);
  const top = new Float32Array(n);
  let longest = 0;
  for (let g = 0; g < groups.count; g++) {
    const a = groups.starts[g];
    const b = groups.starts[g + 1];
    let m = -Infinity;
    for (let i = a; i < b; i++) m = Math.max(m, v[i]);
    end.fill(b, a, b);
    top.fill(m, a, b);
    longest = Math.max(longest, b - a);
  }
  // Beyond a query's end: a log-strength so low that exp of it is 0 (and no infinities, whose
  // differences would be NaN in the gradient).
  const FAR = -1e30;
  /** L shifted up by d rows within each query, FAR past a query's end. */
  const next = (L: tf.Tensor1D, d: number): tf.Tensor1D => {
    const inside = new Uint8Array(n);
    for (let i = 0; i < n; i++) inside[i] = i + d < end[i] ? 1 : 0;
    const up = d >= n ? tf.fill([n], FAR) : tf.concat([tf.slice(L, d), tf.fill([d], FAR)]);
    return tf.where(tf.tensor1d(inside, 'bool'), up, tf.fill([n], FAR)) as tf.Tensor1D;
  };
  const xs = tf.sub(x, tf.tensor1d(top)) as tf.Tensor1D;
  let L = xs;
  const m = new Float32Array(n);
  for (let d = 1; d < longest; d *= 2) {
    const b = next(L, d);
    // m_i = max(L_i, L_{i+d}) within the query (L_i past its end, where b is FAR), from the values.
    const lv = L.dataSync();
    for (let i = 0; i < n; i++) m[i] = i + d < end[i] && lv[i + d] > lv[i] ? lv[i + d] : lv[i];
    const hi = tf.tensor1d(m);
    L = tf.add(hi, tf.log(tf.add(tf.exp(tf.sub(L, hi)), tf.exp(tf.sub(b, hi))))) as tf.Tensor1D;
  }
  return tf.softplus(tf.sub(next(L, 1), xs)) as tf.Tensor1D;
}
