/**
 * The benchmark's baselines: hand-written single-pass Float32Array loops that compute the mean loss
 * and its analytic gradient into a preallocated buffer. This is about the fastest plain JavaScript
 * can do, so the engine's time is reported as a ratio to it. test/unit/bench-baselines.test.ts
 * checks each loop against the engine at small N, so the baseline computes the same thing.
 *
 * Values are accumulated in float64 (a JS number), as the engine's reduction does.
 */

/** MSE, mean reduction: l = mean((p - t)^2), dl/dp_i = 2 (p_i - t_i) / N. */
export function mseBaseline(pred: Float32Array, target: Float32Array, grad: Float32Array): number {
  const n = pred.length;
  const k = 2 / n;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = pred[i] - target[i];
    s += d * d;
    grad[i] = k * d;
  }
  return s / n;
}

/**
 * Cross-entropy over C classes, mean reduction, no class weights, no smoothing:
 * ce_i = logsumexp(z_i) - z_{i,y_i}; dce_i/dz_ic = softmax(z_i)_c - [c = y_i].
 * One pass per row: the max, then exp(z - max) written straight into the gradient row, then a scale.
 */
export function crossEntropyBaseline(logits: Float32Array, target: Float32Array, classes: number, grad: Float32Array): number {
  const n = target.length;
  const invN = 1 / n;
  let s = 0;
  for (let i = 0, o = 0; i < n; i++, o += classes) {
    let m = logits[o];
    for (let c = 1; c < classes; c++) if (logits[o + c] > m) m = logits[o + c];
    let z = 0;
    for (let c = 0; c < classes; c++) {
      const e = Math.exp(logits[o + c] - m);
      grad[o + c] = e;
      z += e;
    }
    const y = target[i];
    s += m + Math.log(z) - logits[o + y];
    const k = invN / z;
    for (let c = 0; c < classes; c++) grad[o + c] *= k;
    grad[o + y] -= invN;
  }
  return s * invN;
}

/**
 * Multi-class focal loss (gamma > 0), mean reduction, no class weights:
 * ce_i as above, pt = exp(-ce_i) = softmax(z_i)_{y_i}, l_i = (1 - pt)^gamma ce_i.
 * dl_i/dce_i = (1 - pt)^gamma + gamma (1 - pt)^(gamma - 1) pt ce_i  (since dpt/dce = -pt),
 * and dl_i/dz_ic = dl_i/dce_i (softmax_c - [c = y_i]).
 */
export function focalBaseline(logits: Float32Array, target: Float32Array, classes: number, gamma: number, grad: Float32Array): number {
  const n = target.length;
  const invN = 1 / n;
  let s = 0;
  for (let i = 0, o = 0; i < n; i++, o += classes) {
    let m = logits[o];
    for (let c = 1; c < classes; c++) if (logits[o + c] > m) m = logits[o + c];
    let z = 0;
    for (let c = 0; c < classes; c++) {
      const e = Math.exp(logits[o + c] - m);
      grad[o + c] = e;
      z += e;
    }
    const y = target[i];
    const ce = m + Math.log(z) - logits[o + y];
    const pt = grad[o + y] / z;
    const q = 1 - pt;
    const qg1 = gamma === 2 ? q : Math.pow(q, gamma - 1);
    s += qg1 * q * ce;
    const dce = (qg1 * q + gamma * qg1 * pt * ce) * invN;
    const k = dce / z;
    for (let c = 0; c < classes; c++) grad[o + c] *= k;
    grad[o + y] -= dce;
  }
  return s * invN;
}
