/**
 * `gatherRows`: tf.gather along axis 0 with a gradient that works on every backend.
 *
 * Why: tf.gather's registered gradient calls `unsortedSegmentSum`, which the wasm backend does not
 * implement (tfjs 4.22: "Kernel 'UnsortedSegmentSum' not registered for backend 'wasm'"). The
 * gradient of a gather is a scatter-add of the upstream gradient into the gathered rows; here it is
 * done on the host, in float64, with the indices the caller already holds there. Losses that form
 * pairs or triplets from host-side index arrays (RankNet, LambdaRank, mined triplets) use it.
 */
import { tf } from './backend';
import { unaryCustomOp } from './custom-op';

export function gatherRows<T extends tf.Tensor>(x: T, idx: Int32Array): T {
  return unaryCustomOp(x, (xt) => {
    const value = tf.gather(xt, tf.tensor1d(idx, 'int32'), 0) as T;
    const shape = xt.shape;
    const rowSize = shape.slice(1).reduce((a, b) => a * b, 1);
    const gradFunc = (dy: tf.Tensor): tf.Tensor => {
      const d = dy.dataSync();
      const acc = new Float64Array(shape[0] * rowSize);
      for (let k = 0; k < idx.length; k++) {
        const dst = idx[k] * rowSize;
        const src = k * rowSize;
        for (let c = 0; c < rowSize; c++) acc[dst + c] += d[src + c];
      }
      return tf.tensor(Float32Array.from(acc), shape, 'float32');
    };
    return { value, gradFunc };
  });
}

/**
 * x[i] − x[j] for index pairs along axis 0, as one op: the pairwise losses' score differences
 * without two gathered copies and a subtraction on the tape (each op's inputs are copied for the
 * backward pass on wasm). Gradient: +dy scattered into rows i, −dy into rows j.
 */
export function gatherDifference<T extends tf.Tensor>(x: T, i: Int32Array, j: Int32Array): T {
  return unaryCustomOp(x, (xt) => {
    const value = tf.tidy(() => tf.sub(tf.gather(xt, tf.tensor1d(i, 'int32'), 0), tf.gather(xt, tf.tensor1d(j, 'int32'), 0))) as T;
    const shape = xt.shape;
    const rowSize = shape.slice(1).reduce((a, b) => a * b, 1);
    const gradFunc = (dy: tf.Tensor): tf.Tensor => {
      const d = dy.dataSync();
      const acc = new Float64Array(shape[0] * rowSize);
      for (let k = 0; k < i.length; k++) {
        const src = k * rowSize;
        const di = i[k] * rowSize;
        const dj = j[k] * rowSize;
        for (let c = 0; c < rowSize; c++) {
          acc[di + c] += d[src + c];
          acc[dj + c] -= d[src + c];
        }
      }
      return tf.tensor(Float32Array.from(acc), shape, 'float32');
    };
    return { value, gradFunc };
  });
}
