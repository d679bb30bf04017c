/** Backends the engine tests run on: LOSS_LAB_BACKENDS=wasm,cpu (default both). */
import type { BackendName } from '../../src/engine/backend';

export function backendsUnderTest(): BackendName[] {
  const raw = process.env.LOSS_LAB_BACKENDS ?? 'wasm,cpu';
  return raw.split(',').map((s) => s.trim()).filter((s): s is BackendName => s === 'wasm' || s === 'cpu');
}
