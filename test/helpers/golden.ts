/** Loading the PyTorch golden fixtures written by test/fixtures/torch/gen_<family>.py. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EvalInputs, Reduction, RoleName } from '../../src/engine/spec';

export interface GoldenCase {
  readonly name: string;
  readonly loss: string;
  readonly params: Record<string, unknown>;
  readonly reduction: Reduction;
  readonly inputs: Record<string, { cols: number; data: number[] }>;
  readonly value: number | null;
  readonly perSample: number[] | null;
  readonly grad: Record<string, number[]>;
  /** For closed-form losses (lambdamart): the hessian per row of each differentiable role. */
  readonly hess?: Record<string, number[]>;
  /** Optional per-case tolerances when float32 op differences need more room (with a reason). */
  readonly tol?: { rtol?: number; atol?: number; why: string };
  readonly counts?: Record<string, number>;
}

export const GOLDEN_DIR = join(__dirname, '..', 'fixtures', 'golden');

export function loadGolden(family: string): GoldenCase[] {
  const j = JSON.parse(readFileSync(join(GOLDEN_DIR, `${family}.json`), 'utf8')) as { cases: Array<Omit<GoldenCase, 'value'> & { value: number | 'NaN' | null }> };
  // JSON has no NaN: the generators write a mean over nothing as the string "NaN"
  return j.cases.map((c) => ({ ...c, value: c.value === 'NaN' ? NaN : c.value }));
}

export function goldenFamilies(): string[] {
  return readdirSync(GOLDEN_DIR).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
}

export function toInputs(c: GoldenCase): EvalInputs {
  const out: Partial<Record<RoleName, { data: Float32Array; cols: number }>> = {};
  for (const [k, v] of Object.entries(c.inputs)) out[k as RoleName] = { data: Float32Array.from(v.data), cols: v.cols };
  return out;
}
