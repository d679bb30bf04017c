/**
 * Every generated PyTorch snippet, executed with Debian's python3-torch on every golden case of its
 * loss (the case's params and reduction), computes the engine's value, per-sample losses and
 * gradients. All cases run in one Python process (test/fixtures/torch/run_snippets.py).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { generateFor } from '../../../src/codegen';
import type { RoleName } from '../../../src/engine/spec';
import { assertClose } from '../../helpers/close';
import { comparable, engineResult, isIntegerRole, pyNumber, roleShape, snippetCases, type SnippetCase } from './snippet-cases';

export const PYTHON = '/usr/bin/python3';
const RUNNER = join(__dirname, '..', '..', 'fixtures', 'torch', 'run_snippets.py');

interface RunResult {
  readonly id: string;
  readonly value?: Array<number | string>;
  readonly shape?: number[];
  readonly grads?: Record<string, Array<number | string>>;
  readonly error?: string;
}

/** Fails (never skips) when torch is missing: CI must install it. */
export function requireTorch(): void {
  const r = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  assert.equal(
    r.status,
    0,
    `PyTorch is needed to execute the generated snippets: apt-get install -y python3-torch (${PYTHON}: ${r.error?.message ?? r.stderr.trim().split('\n').pop()})`,
  );
}

function request(cases: readonly SnippetCase[]): string {
  return JSON.stringify({
    cases: cases.map((c) => ({
      id: c.id,
      code: generateFor(c.spec, c.golden.params, 'pytorch', { reduction: c.golden.reduction, weighted: c.weighted }),
      args: c.roles.map((r) => ({
        data: c.golden.inputs[r.name].data,
        shape: roleShape(c, r),
        dtype: isIntegerRole(r) ? 'int64' : 'float32',
        grad: r.differentiable,
      })),
    })),
  });
}

const cases = snippetCases();

describe('generated PyTorch code runs in PyTorch and matches the engine', () => {
  const results = new Map<string, RunResult>();
  before(() => {
    requireTorch();
    const r = spawnSync(PYTHON, [RUNNER], { input: request(cases), encoding: 'utf8', maxBuffer: 1 << 28 });
    assert.equal(r.status, 0, `run_snippets.py failed: ${r.stderr}`);
    for (const x of (JSON.parse(r.stdout) as { results: RunResult[] }).results) results.set(x.id, x);
  });

  it('covers every loss that has code templates', () => {
    assert.ok(cases.length > 0, 'no golden case has a loss with code templates');
  });

  for (const c of cases) {
    it(`${c.golden.name}: criterion(${c.roles.map((r) => r.name).join(', ')}) matches the engine`, async () => {
      const got = results.get(c.id);
      assert.ok(got, `no result for ${c.id}`);
      assert.ok(!got.error, `the snippet failed in PyTorch:\n${got.error}`);
      const want = await engineResult(c);
      const tol = { rtol: Math.max(1e-4, c.golden.tol?.rtol ?? 0), atol: Math.max(1e-5, c.golden.tol?.atol ?? 0) };
      if (c.golden.reduction === 'none') {
        assertClose(comparable(c, got.value!.map(pyNumber)), comparable(c, want.perSample!), `${c.golden.name} per-sample`, tol);
      } else {
        assert.deepEqual(got.shape, [], `${c.golden.name}: reduced loss is not a scalar`);
        assertClose(pyNumber(got.value![0]), want.value, `${c.golden.name} value`, tol);
      }
      c.roles.forEach((r, i) => {
        if (!r.differentiable) return;
        const g = want.grad?.[r.name as RoleName];
        assert.ok(g, `engine gave no gradient for ${r.name}`);
        assertClose(got.grads![String(i)].map(pyNumber), g.data, `${c.golden.name} grad ${r.name}`, tol);
      });
    });
  }
});
