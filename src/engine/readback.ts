/**
 * Reading a float32 tensor back to the host without an extra copy where the backend allows.
 *
 * Why: `dataSync()` on the wasm backend slices a fresh copy out of the wasm heap. In the engine's
 * hot loop every batch reads the per-sample values and one gradient per role, and on this kind of
 * VM first-touch memory is slow (0.3-0.5 GB/s), so those throw-away copies cost more than the
 * kernels. The wasm backend exposes `typedArrayFromHeap`, a view of the tensor's heap memory (the
 * same call its own kernels use); the cpu backend's `dataSync` already returns its storage.
 *
 * The view is only valid until the next tfjs allocation (the heap may grow and detach it): read it
 * at once, copy what must be kept, and do not hold it across tfjs calls.
 */
import { tf } from './backend';

interface HeapBackend {
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
}

function heapBackend(): HeapBackend | null {
  const b = tf.backend() as unknown as Partial<HeapBackend>;
  return typeof b.typedArrayFromHeap === 'function' ? (b as HeapBackend) : null;
}

/** The tensor's float32 values: a heap view on wasm (valid until the next tfjs call), else dataSync. */
export function peekFloat32(t: tf.Tensor): Float32Array {
  if (t.dtype !== 'float32') throw new Error(`internal: peekFloat32 got a ${t.dtype} tensor`);
  const hb = heapBackend();
  if (hb && tf.getBackend() === 'wasm') return hb.typedArrayFromHeap(t);
  return t.dataSync() as Float32Array;
}
