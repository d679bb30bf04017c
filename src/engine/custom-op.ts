/**
 * A one-input tfjs op with its own gradient (`tf.customGrad`), typed for the common case.
 * The forward runs off the gradient tape (tfjs raises its kernel depth), so host work and
 * temporary tensors inside it cost nothing on the tape; only the output is recorded.
 */
import { tf } from './backend';

export interface CustomOpResult<T extends tf.Tensor> {
  readonly value: T;
  /** Gradient with respect to the input, given the upstream gradient dy (shaped like value). */
  readonly gradFunc: (dy: tf.Tensor) => tf.Tensor;
}

export function unaryCustomOp<T extends tf.Tensor>(x: tf.Tensor, forward: (x: tf.Tensor) => CustomOpResult<T>): T {
  // tfjs types customGrad's inputs as Tensor | GradSaveFunc; the last argument is the save hook.
  const op = tf.customGrad(((...args: unknown[]) => forward(args[0] as tf.Tensor)) as Parameters<typeof tf.customGrad>[0]);
  return op(x) as T;
}

/**
 * Runs `fn` with the gradient tape off and returns its host result. tfjs has no stop-gradient or
 * no-tape scope, and while a gradient is being taken every kernel keeps its inputs alive until the
 * backward pass; work that only chooses indices (mining on a distance matrix) must not pay that.
 * Tensors `fn` creates are disposed when it returns: return host data, not tensors.
 */
export function offTape<R>(fn: () => R): R {
  let result: { value: R } | null = null;
  unaryCustomOp(tf.scalar(0), () => {
    result = { value: fn() };
    return { value: tf.scalar(0), gradFunc: (dy) => tf.zerosLike(dy) };
  });
  return result!.value;
}

/**
 * A mask computed from x (`f` returns a bool tensor) that lets the gradient pass around it.
 * Comparisons (tf.greater, tf.equal...) have no registered gradient, and tfjs refuses to
 * differentiate any path through one ("gradient function not found for Greater") even when it
 * only feeds the condition of a tf.where; inside a custom op the comparison is off the tape.
 */
export function maskOf(x: tf.Tensor, f: (x: tf.Tensor) => tf.Tensor): tf.Tensor {
  return unaryCustomOp(x, (xt) => ({ value: f(xt), gradFunc: () => tf.zerosLike(xt) }));
}
