/**
 * Framework parity: Loss Lab's value of a loss and, for each framework row of its spec, the call
 * for the user's settings, the built-in's default reduction, the value the engine computes for
 * that built-in on the same inputs (a variant, ./conventions.ts), the relation and the reason.
 * The CLI's `parity` and the panel's Frameworks view print this.
 */
import { evaluateVariant } from './conventions';
import { evaluateChecked } from './evaluate';
import type { ConventionSwitch } from './conventions';
import type { FrameworkContext, FrameworkId, FrameworkRow, Relation, SourceRef, Verified } from './frameworks';
import type { EvalInputs, LossSpec, ResolvedParams } from './spec';

export interface ParityRow {
  readonly framework: FrameworkId;
  readonly api: string;
  readonly call: string;
  readonly reduction: string;
  /** The built-in's value on these inputs; null when it returns per-element losses, is unsupported, or is a mean over nothing. */
  readonly value: number | null;
  readonly relation: Relation;
  readonly factor?: number;
  readonly reason: string;
  readonly verified: Verified;
  readonly source: SourceRef;
  readonly switches: readonly ConventionSwitch[];
}

export interface ParityReport {
  readonly loss: string;
  readonly params: ResolvedParams;
  /** Loss Lab's value (its default reduction); null for a mean over nothing. */
  readonly value: number | null;
  readonly rows: readonly ParityRow[];
}

export function frameworkContext(spec: LossSpec, inputs: EvalInputs, params: ResolvedParams): FrameworkContext {
  const weightRole = spec.roles.find((r) => r.sampleWeight)?.name;
  return { params, inputs, weighted: weightRole !== undefined && inputs[weightRole] !== undefined };
}

/** A row for these settings, without its value. */
export function buildRow(row: FrameworkRow, ctx: FrameworkContext): Omit<ParityRow, 'value'> {
  const c = row.build(ctx);
  return {
    framework: row.framework,
    api: row.api,
    call: c.call,
    reduction: c.reduction,
    relation: c.relation,
    ...(c.relation === 'factor' && c.factor !== undefined ? { factor: c.factor } : {}),
    reason: c.reason,
    verified: row.verified,
    source: row.source,
    switches: c.switches,
  };
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** Inputs' value domains must be checked for `params` (as for evaluateChecked). */
export async function parity(spec: LossSpec, inputs: EvalInputs, params: ResolvedParams, signal?: AbortSignal): Promise<ParityReport> {
  const own = await evaluateChecked(spec, inputs, params, { metrics: false, signal });
  const ctx = frameworkContext(spec, inputs, params);
  const rows: ParityRow[] = [];
  for (const r of spec.frameworks ?? []) {
    const b = buildRow(r, ctx);
    let value: number | null = null;
    if (b.relation !== 'unsupported') {
      value = b.switches.length === 0 ? finite(own.value) : finite((await evaluateVariant(spec, inputs, params, b.switches, { signal })).value);
    }
    rows.push({ ...b, value });
  }
  return { loss: spec.id, params, value: finite(own.value), rows };
}
