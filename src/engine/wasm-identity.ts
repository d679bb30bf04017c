/**
 * The wasm backend's Identity kernel made to share its input's memory, reference-counted, instead
 * of copying it: what the cpu backend's Identity and the wasm backend's own Reshape already do.
 *
 * Why: while a gradient is taken, tfjs clones every tensor that a kernel's gradient will need
 * (`Engine.saveTensorsForBackwardMode` → `clone` → Identity). tfjs-backend-wasm 4.22's Identity
 * copies the whole buffer, so each taped op on [n, C] logits paid a full extra copy (Exp saves its
 * output, Multiply both inputs, ...): in a cpu profile of cross-entropy value + gradient at 1e6 × 10
 * those clones were ~15% of the engine's time.
 *
 * Safe for the same reasons Reshape's sharing is: tensors are immutable, wasm kernels write only to
 * the fresh outputs they allocate (`makeOutput`), and the backend frees shared memory when the last
 * reference is disposed (`disposeData` counts references).
 */
import * as tf from '@tensorflow/tfjs-core';

interface RefCountingBackend {
  incRef(dataId: object): void;
}

let installed = false;

/** Replaces the wasm Identity kernel (once; later calls do nothing). */
export function shareWasmIdentity(): void {
  if (installed) return;
  installed = true;
  if (tf.getKernel('Identity', 'wasm')) tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({
    kernelName: 'Identity',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const x = (inputs as { x: tf.TensorInfo }).x;
      (backend as unknown as RefCountingBackend).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  });
}
