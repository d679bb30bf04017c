/**
 * The cases generated snippets are executed on: every golden case (test/fixtures/golden/*.json, the
 * PyTorch-checked inputs and params) of every loss that has code templates, with the engine's own
 * result on the same inputs as the reference the snippet must reproduce.
 */
import { initBackend } from '../../../src/engine/backend';
import { evaluate, type EvalResult } from '../../../src/engine/evaluate';
import { getLoss } from '../../../src/engine/registry';
import type { LossSpec, RoleSpec } from '../../../src/engine/spec';
import { callRoles } from '../../../src/codegen/shell';
import { hasLossCode } from '../../../src/codegen';
import { goldenFamilies, loadGolden, toInputs, type GoldenCase } from '../../helpers/golden';

export interface SnippetCase {
  readonly id: string;
  readonly golden: GoldenCase;
  readonly spec: LossSpec;
  /** The snippet takes the per-sample weight role (present in the case's inputs). */
  readonly weighted: boolean;
  /** The call's roles, in the order the generated callable takes them. */
  readonly roles: readonly RoleSpec[];
}

export function snippetCases(): SnippetCase[] {
  const out: SnippetCase[] = [];
  for (const family of goldenFamilies()) {
    loadGolden(family).forEach((g, i) => {
      const spec = getLoss(g.loss);
      if (!spec || !hasLossCode(spec)) return;
      const weighted = spec.roles.some((r) => r.sampleWeight && g.inputs[r.name]);
      out.push({ id: `${family}-${i}`, golden: g, spec, weighted, roles: callRoles(spec, weighted) });
    });
  }
  return out;
}

/** Roles whose values are integers in the data (class indices, query ids, class labels). */
export function isIntegerRole(r: RoleSpec): boolean {
  return r.domain === 'classIndex' || r.domain === 'integer';
}

/** Shape of a role's tensor: [N] for one column, [N, C] for several. */
export function roleShape(c: SnippetCase, r: RoleSpec): number[] {
  const x = c.golden.inputs[r.name];
  const n = x.data.length / x.cols;
  return r.columns === 'one' ? [n] : [n, x.cols];
}

/** The engine's result on the case (cpu backend: the reference is the engine, not the backend). */
export async function engineResult(c: SnippetCase): Promise<EvalResult> {
  await initBackend({ backend: 'cpu' });
  return evaluate(c.spec, toInputs(c.golden), c.golden.params, { reduction: c.golden.reduction, perSample: true, grad: true });
}

/** Per-unit values whose order is not part of the contract (pairs, triplets) are compared sorted. */
export function comparable(c: SnippetCase, values: ArrayLike<number>): number[] {
  const a = Array.from(values);
  return c.spec.unit === 'pair' || c.spec.unit === 'triplet' ? a.sort((x, y) => x - y) : a;
}

/** A number from the Python runners' JSON, where non-finite values are the strings "nan", "inf", "-inf". */
export function pyNumber(x: number | string): number {
  return typeof x === 'number' ? x : x === 'nan' ? NaN : x === 'inf' ? Infinity : -Infinity;
}
