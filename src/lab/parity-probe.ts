/**
 * Framework parity on the curve probe: the synthetic inputs the loss's curves are computed on
 * (src/lab/curves), used by `loss-lab parity` without --data and by the panel's Frameworks view
 * before a CSV is loaded. The probe is whatever the curve builder of the loss's family evaluates;
 * its caption says how it was built.
 */
import { parity, type ParityReport } from '../engine/parity';
import type { EvalInputs, LossSpec, ResolvedParams } from '../engine/spec';
import { computeCurves } from './curves/curves';

export interface Probe {
  readonly inputs: EvalInputs;
  /** The curve builder's caption: how the synthetic inputs were built. */
  readonly construction: string;
  /** Input rows. */
  readonly rows: number;
}

/** The family's probe inputs for these settings. */
export async function probeInputs(spec: LossSpec, params: ResolvedParams, signal?: AbortSignal): Promise<Probe> {
  let inputs: EvalInputs | null = null;
  let caption: string | undefined;
  const set = await computeCurves(spec, params, {
    onProbe: (i, c) => {
      inputs = i;
      caption = c;
    },
    ...(signal ? { signal } : {}),
  });
  if (!inputs) throw new Error(`internal: ${spec.id}'s curves offer no probe`);
  const probe: EvalInputs = inputs;
  const first = spec.roles.find((r) => probe[r.name])!;
  return { inputs: probe, construction: caption ?? set.construction, rows: probe[first.name]!.data.length / probe[first.name]!.cols };
}

/** Parity on the probe (see parity()). */
export async function parityOnProbe(spec: LossSpec, params: ResolvedParams, signal?: AbortSignal): Promise<{ report: ParityReport; probe: Probe }> {
  const probe = await probeInputs(spec, params, signal);
  return { report: await parity(spec, probe.inputs, params, signal), probe };
}
