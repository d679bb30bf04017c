/**
 * Executed framework rows: every `executed` row's call, as shown to the user, runs in the real
 * framework on every golden case of its loss (PyTorch and torchvision in Debian's python3, one
 * process for all cases; TF.js's own tf.losses.* here in Node), and agrees with the engine's
 * variant of the row (value, or per-element values for reduction none, and gradients).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { initBackend, tf } from '../../../src/engine/backend';
import { evaluateVariant } from '../../../src/engine/conventions';
import type { EvalResult } from '../../../src/engine/evaluate';
import { resolveParams } from '../../../src/engine/params';
import { buildRow, frameworkContext, type ParityRow } from '../../../src/engine/parity';
import { LOSSES } from '../../../src/engine/registry';
import type { LossSpec, RoleName } from '../../../src/engine/spec';
import { assertClose } from '../../helpers/close';
import { goldenFamilies, loadGolden, toInputs, type GoldenCase } from '../../helpers/golden';
import { isIntegerRole, pyNumber } from '../codegen/snippet-cases';
import { PYTHON } from '../codegen/pytorch-snippets.test';

const RUNNER = join(__dirname, '..', '..', 'fixtures', 'torch', 'run_calls.py');

interface ExecCase {
  readonly id: string;
  readonly spec: LossSpec;
  readonly golden: GoldenCase;
  readonly row: Omit<ParityRow, 'value'> & { readonly kinkGradient?: boolean };
}

/** Every (executed row, golden case of its loss) whose row is not unsupported for the case. */
function executedCases(): { cases: ExecCase[]; unsupported: number } {
  const cases: ExecCase[] = [];
  let unsupported = 0;
  const golden = goldenFamilies().flatMap(loadGolden);
  for (const spec of LOSSES) {
    for (const [k, r] of (spec.frameworks ?? []).entries()) {
      if (r.verified !== 'executed') continue;
      golden.forEach((g, i) => {
        if (g.loss !== spec.id) return;
        const row = buildRow(r, frameworkContext(spec, toInputs(g), resolveParams(spec, g.params)));
        if (row.relation === 'unsupported') unsupported++;
        else cases.push({ id: `${spec.id}-${k}-${i}`, spec, golden: g, row });
      });
    }
  }
  return { cases, unsupported };
}

const tolOf = (g: GoldenCase) => ({ rtol: Math.max(1e-4, g.tol?.rtol ?? 0), atol: Math.max(1e-5, g.tol?.atol ?? 0) });

async function variantOf(c: ExecCase): Promise<EvalResult> {
  await initBackend({ backend: 'cpu' });
  return evaluateVariant(c.spec, toInputs(c.golden), resolveParams(c.spec, c.golden.params), c.row.switches, { grad: true, perSample: true });
}

function compare(c: ExecCase, want: EvalResult, value: number[], grads: Partial<Record<RoleName, ArrayLike<number>>>): void {
  const tol = tolOf(c.golden);
  const what = `${c.golden.name}: ${c.row.call}`;
  if (c.row.reduction === 'none') assertClose(value, want.perSample!, `${what} per-element`, tol);
  else {
    assert.equal(value.length, 1, `${what}: not a scalar`);
    assertClose(value[0], want.value, `${what} value`, tol);
  }
  for (const r of c.spec.roles) {
    if (!r.differentiable || !want.grad?.[r.name]) continue;
    assert.ok(grads[r.name], `${what}: no gradient for ${r.name}`);
    let got = Array.from(grads[r.name]!);
    let exp = Array.from(want.grad[r.name]!.data);
    if (c.row.kinkGradient) {
      // The row says the built-in takes another subgradient where a row's loss is exactly 0 (row units).
      assert.equal(c.spec.unit, 'row');
      const kink = (i: number): boolean => want.perSample![Math.floor(i / want.grad![r.name]!.cols)] === 0;
      got = got.filter((_, i) => !kink(i));
      exp = exp.filter((_, i) => !kink(i));
    }
    assertClose(got, exp, `${what} grad ${r.name}`, tol);
  }
}

const { cases, unsupported } = executedCases();
const torchCases = cases.filter((c) => c.row.framework === 'pytorch' || c.row.framework === 'torchvision');
const tfjsCases = cases.filter((c) => c.row.framework === 'tfjs');

describe('executed framework rows run in the real framework on every golden case of their loss', () => {
  it('cover PyTorch, torchvision and TF.js rows', () => {
    for (const fw of ['pytorch', 'torchvision', 'tfjs']) assert.ok(cases.some((c) => c.row.framework === fw), `no executed ${fw} case`);
    // PyTorch's regression losses have no per-sample weight: those golden cases are unsupported rows
    assert.ok(unsupported > 0);
  });

  describe('PyTorch and torchvision (Debian python3)', () => {
    const results = new Map<string, { value?: Array<number | string>; grads?: Record<string, Array<number | string>>; error?: string }>();
    before(() => {
      const request = {
        cases: torchCases.map((c) => ({
          id: c.id,
          call: c.row.call,
          args: Object.fromEntries(
            c.spec.roles
              .filter((r) => c.golden.inputs[r.name])
              .map((r) => {
                const x = c.golden.inputs[r.name];
                const n = x.data.length / x.cols;
                return [r.name, { data: x.data, shape: r.columns === 'one' ? [n] : [n, x.cols], dtype: isIntegerRole(r) ? 'int64' : 'float32', grad: r.differentiable }];
              }),
          ),
        })),
      };
      const r = spawnSync(PYTHON, [RUNNER], { input: JSON.stringify(request), encoding: 'utf8', maxBuffer: 1 << 28 });
      assert.equal(r.status, 0, `run_calls.py failed (python3-torch and python3-torchvision are needed): ${r.stderr}`);
      for (const x of (JSON.parse(r.stdout) as { results: Array<{ id: string; value?: Array<number | string>; grads?: Record<string, Array<number | string>>; error?: string }> }).results) results.set(x.id, x);
    });
    for (const c of torchCases) {
      it(`${c.golden.name}: ${c.row.call}`, async () => {
        const got = results.get(c.id);
        assert.ok(got, `no result for ${c.id}`);
        assert.ok(!got.error, `the call failed:\n${got.error}`);
        const grads = Object.fromEntries(Object.entries(got.grads ?? {}).map(([k, v]) => [k, v.map(pyNumber)]));
        compare(c, await variantOf(c), got.value!.map(pyNumber), grads);
      });
    }
  });

  describe("TF.js's own tf.losses.* (Node)", () => {
    for (const c of tfjsCases) {
      it(`${c.golden.name}: ${c.row.call}`, async () => {
        const want = await variantOf(c);
        const roles = c.spec.roles.filter((r) => c.golden.inputs[r.name]);
        // The call shown to the user, as a function of tf and the role tensors (tests only: no CSP here).
        // eslint-disable-next-line no-new-func
        const fn = new Function('tf', ...roles.map((r) => r.name), `return ${c.row.call};`) as (...a: unknown[]) => tf.Tensor;
        const diff = roles.filter((r) => r.differentiable);
        const tensors = new Map(roles.map((r) => {
          const x = c.golden.inputs[r.name];
          const n = x.data.length / x.cols;
          return [r.name, tf.tensor(x.data, r.columns === 'one' ? [n] : [n, x.cols], 'float32')] as const;
        }));
        const f = (...xs: tf.Tensor[]): tf.Scalar => {
          const args = roles.map((r) => (r.differentiable ? xs[diff.indexOf(r)] : tensors.get(r.name)));
          return fn(tf, ...args) as tf.Scalar;
        };
        const { value, grads } = tf.valueAndGrads(f)(diff.map((r) => tensors.get(r.name)!));
        const out = Array.from(value.dataSync());
        const g = Object.fromEntries(diff.map((r, i) => [r.name, Array.from(grads[i].dataSync())]));
        tf.dispose([value, ...grads, ...tensors.values()]);
        compare(c, want, out, g);
      });
    }
  });
});
