/**
 * The generated Keras and JAX snippets, run on every golden case against numpy stand-ins for
 * keras.ops / keras.losses / jax.numpy / optax (test/fixtures/codegen/shims, transcribed from the
 * libraries' sources), compute the engine's values. Values only (the stand-ins have no autodiff),
 * and only as right as the transcriptions: see test/fixtures/codegen/shims/README.md.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { generateFor, type Framework } from '../../../src/codegen';
import { kerasPair } from '../../../src/codegen/emit-keras';
import type { RoleSpec } from '../../../src/engine/spec';
import { assertClose } from '../../helpers/close';
import { comparable, engineResult, isIntegerRole, pyNumber, roleShape, snippetCases, type SnippetCase } from './snippet-cases';

const PYTHON = '/usr/bin/python3';
const RUNNER = join(__dirname, '..', '..', 'fixtures', 'codegen', 'run_shimmed.py');

interface Arg {
  data: number[];
  shape: number[];
  dtype: 'float32' | 'int64';
}

function arg(c: SnippetCase, r: RoleSpec, kerasColumn: boolean): Arg {
  const shape = roleShape(c, r);
  // Keras loss objects average over the last axis: one-column inputs go in as (N, 1).
  const column = kerasColumn && r.columns === 'one' && r.domain !== 'classIndex' && !r.sampleWeight;
  return { data: c.golden.inputs[r.name].data, shape: column ? [shape[0], 1] : shape, dtype: isIntegerRole(r) ? 'int64' : 'float32' };
}

/** The call as the usage comment documents it: Keras loss objects take (y_true, y_pred, sample_weight=). */
function call(c: SnippetCase, fw: Framework, code: string): { args: Arg[]; kwargs: Record<string, Arg> } {
  const pair = fw === 'keras' ? kerasPair(c.spec) : null;
  if (!pair) return { args: c.roles.map((r) => arg(c, r, false)), kwargs: {} };
  const object = /^loss_fn = [\w.]+\(/m.test(code);
  const weight = c.weighted ? c.roles[c.roles.length - 1] : null;
  const args = pair.map((r) => arg(c, r, object));
  if (!weight) return { args, kwargs: {} };
  return object ? { args, kwargs: { sample_weight: arg(c, weight, true) } } : { args: [...args, arg(c, weight, false)], kwargs: {} };
}

interface Result {
  readonly value?: Array<number | string>;
  readonly shape?: number[];
  readonly error?: string;
}


const cases = snippetCases();

for (const fw of ['keras', 'jax'] as const) {
  describe(`generated ${fw} code on numpy stand-ins matches the engine's values`, () => {
    const results = new Map<string, Result>();
    before(() => {
      const request = cases.map((c) => {
        const code = generateFor(c.spec, c.golden.params, fw, { reduction: c.golden.reduction, weighted: c.weighted });
        return { id: c.id, code, ...call(c, fw, code) };
      });
      const r = spawnSync(PYTHON, [RUNNER], { input: JSON.stringify({ cases: request }), encoding: 'utf8', maxBuffer: 1 << 28 });
      assert.equal(r.status, 0, `run_shimmed.py failed (needs ${PYTHON} with numpy): ${r.stderr}`);
      for (const x of (JSON.parse(r.stdout) as { results: Array<Result & { id: string }> }).results) results.set(x.id, x);
    });

    for (const c of cases) {
      it(`${c.golden.name}`, async () => {
        const got = results.get(c.id);
        assert.ok(got, `no result for ${c.id}`);
        assert.ok(!got.error, `the snippet failed:\n${got.error}`);
        const want = await engineResult(c);
        const tol = { rtol: Math.max(1e-4, c.golden.tol?.rtol ?? 0), atol: Math.max(1e-5, c.golden.tol?.atol ?? 0) };
        const value = got.value!.map(pyNumber);
        if (c.golden.reduction === 'none') assertClose(comparable(c, value), comparable(c, want.perSample!), `${c.golden.name} per-sample`, tol);
        else {
          assert.deepEqual(got.shape, [], `${c.golden.name}: reduced loss is not a scalar`);
          assertClose(value[0], want.value, `${c.golden.name} value`, tol);
        }
      });
    }
  });
}
