import type { LossSpec, Reduction } from '../../engine/spec';
import type { ProbeComparison } from './check-loss';
import type { Diagnosis } from './diagnose';

// Replaced by the variant diagnoses on the engine's convention variants once issue-15 lands.
export async function variantDiagnoses(_spec: LossSpec, _cs: readonly ProbeComparison[], _reduction: Reduction): Promise<Diagnosis[]> {
  return [];
}
