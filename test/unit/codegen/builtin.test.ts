/**
 * Code with the framework's built-in convention (`--convention builtin`, issue #15): for every loss
 * and target, the main framework row's call with a comment naming the difference, or a CodegenError
 * when no built-in reproduces the settings. The PyTorch/torchvision and TF.js snippets, whole
 * (imports and all), run in the real framework on every golden case of their loss and give the
 * engine's variant of that row.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { CodegenError, FRAMEWORKS, generateFor } from '../../../src/codegen';
import { builtinRows } from '../../../src/codegen/emit-builtin';
import { initBackend, tf } from '../../../src/engine/backend';
import { evaluateVariant } from '../../../src/engine/conventions';
import { resolveParams } from '../../../src/engine/params';
import { LOSSES } from '../../../src/engine/registry';
import type { LossSpec } from '../../../src/engine/spec';
import { assertClose } from '../../helpers/close';
import { goldenFamilies, loadGolden, toInputs, type GoldenCase } from '../../helpers/golden';
import { ensureBuilt, runCli } from '../cli/run-cli';
import { PYTHON } from './pytorch-snippets.test';
import { isIntegerRole, pyNumber } from './snippet-cases';

const RUNNER = join(__dirname, '..', '..', 'fixtures', 'torch', 'run_calls.py');
const golden = goldenFamilies().flatMap(loadGolden);
const weightedOf = (spec: LossSpec, g: GoldenCase): boolean => spec.roles.some((r) => r.sampleWeight && g.inputs[r.name]);

interface RunCase {
  readonly id: string;
  readonly spec: LossSpec;
  readonly golden: GoldenCase;
  readonly code: string;
}

/** Golden cases whose main built-in for `fw` is an executed row the snippet can call. */
function runCases(fw: 'pytorch' | 'tfjs'): RunCase[] {
  const out: RunCase[] = [];
  for (const spec of LOSSES) {
    golden.forEach((g, i) => {
      if (g.loss !== spec.id) return;
      const params = resolveParams(spec, g.params);
      const rows = builtinRows(spec, params, fw, weightedOf(spec, g));
      if (!rows || rows[0].relation === 'unsupported' || rows[0].verified !== 'executed') return;
      // the code assumes what the data then decide (no ignored rows): skip cases where the row does not apply
      const withData = spec.frameworks!.find((r) => r.api === rows[0].api)!.build({ params, inputs: toInputs(g), weighted: weightedOf(spec, g) });
      if (withData.relation === 'unsupported') return;
      out.push({ id: `${spec.id}-${i}`, spec, golden: g, code: generateFor(spec, g.params, fw, { convention: 'builtin', weighted: weightedOf(spec, g), typescript: false }) });
    });
  }
  return out;
}

/** The engine's variant of the snippet's main row on the case (built from the case's data). */
async function variantOf(c: RunCase, fw: 'pytorch' | 'tfjs') {
  await initBackend({ backend: 'cpu' });
  const params = resolveParams(c.spec, c.golden.params);
  const inputs = toInputs(c.golden);
  const row = builtinRows(c.spec, params, fw, weightedOf(c.spec, c.golden))![0];
  const full = c.spec.frameworks!.find((r) => r.api === row.api)!.build({ params, inputs, weighted: weightedOf(c.spec, c.golden) });
  return { row: full, res: await evaluateVariant(c.spec, inputs, params, full.switches, { perSample: true }) };
}

describe('code with the built-in convention', () => {
  it('emits the main row\'s call, its reduction and relation for every loss and target that has one, and says why it cannot otherwise', () => {
    let emitted = 0;
    for (const spec of LOSSES) {
      if (!spec.code) continue;
      for (const fw of FRAMEWORKS) {
        const rows = builtinRows(spec, resolveParams(spec), fw, false);
        if (!rows || rows[0].relation === 'unsupported') {
          assert.throws(() => generateFor(spec, {}, fw, { convention: 'builtin' }), CodegenError, `${spec.id} ${fw}`);
          continue;
        }
        const text = generateFor(spec, {}, fw, { convention: 'builtin' });
        assert.ok(text.includes(rows[0].call), `${spec.id} ${fw}: call`);
        assert.match(text.replace(/\n(#|\/\/) /g, ' '), /not Loss Lab's convention/);
        assert.ok(text.includes(`default reduction ${rows[0].reduction}`), `${spec.id} ${fw}: reduction`);
        emitted++;
      }
    }
    assert.ok(emitted >= 20, `only ${emitted} built-in snippets`);
    assert.throws(() => generateFor(LOSSES[0], {}, 'pytorch', { convention: 'builtin', reduction: 'sum' }), /keeps its own default reduction/);
  });

  it('names the difference: Keras focal is 0.25 × Loss Lab, optax.l2_loss an alternative at 0.5 ×', () => {
    const focal = generateFor(LOSSES.find((l) => l.id === 'focal')!, {}, 'keras', { convention: 'builtin' });
    assert.match(focal, /^# keras\.losses\.CategoricalFocalCrossentropy, default reduction sum_over_batch_size: 0\.25 × Loss$/m);
    const mse = generateFor(LOSSES.find((l) => l.id === 'mse')!, {}, 'jax', { convention: 'builtin' });
    assert.match(mse, /^loss = jnp\.mean\(optax\.squared_error\(prediction, target\)\)$/m);
    assert.match(mse, /^# Alternative: optax\.l2_loss, default reduction none \(per element\): 0\.5 × Loss Lab's value\./m);
    assert.match(mse, /^import optax$/m);
  });

  describe('PyTorch and torchvision snippets run in Debian python3 on every golden case', () => {
    const cases = runCases('pytorch');
    const results = new Map<string, { value?: Array<number | string>; error?: string }>();
    before(() => {
      const request = {
        cases: cases.map((c) => ({
          id: c.id,
          code: c.code,
          args: Object.fromEntries(
            c.spec.roles
              .filter((r) => c.golden.inputs[r.name])
              .map((r) => {
                const x = c.golden.inputs[r.name];
                const n = x.data.length / x.cols;
                return [r.name, { data: x.data, shape: r.columns === 'one' ? [n] : [n, x.cols], dtype: isIntegerRole(r) ? 'int64' : 'float32', grad: false }];
              }),
          ),
        })),
      };
      const r = spawnSync(PYTHON, [RUNNER], { input: JSON.stringify(request), encoding: 'utf8', maxBuffer: 1 << 28 });
      assert.equal(r.status, 0, r.stderr);
      for (const x of (JSON.parse(r.stdout) as { results: Array<{ id: string; value?: Array<number | string>; error?: string }> }).results) results.set(x.id, x);
    });
    it('covers several losses', () => assert.ok(new Set(cases.map((c) => c.spec.id)).size >= 5));
    for (const c of cases) {
      it(`${c.golden.name}`, async () => {
        const got = results.get(c.id)!;
        assert.ok(!got.error, got.error);
        const { row, res } = await variantOf(c, 'pytorch');
        const tol = { rtol: Math.max(1e-4, c.golden.tol?.rtol ?? 0), atol: Math.max(1e-5, c.golden.tol?.atol ?? 0) };
        if (row.reduction === 'none') assertClose(got.value!.map(pyNumber), res.perSample!, c.golden.name, tol);
        else assertClose(pyNumber(got.value![0]), res.value, c.golden.name, tol);
      });
    }
  });

  describe('TF.js snippets run in Node on every golden case', () => {
    const cases = runCases('tfjs');
    it('covers several losses', () => assert.ok(new Set(cases.map((c) => c.spec.id)).size >= 4));
    for (const c of cases) {
      it(`${c.golden.name}`, async () => {
        const { res } = await variantOf(c, 'tfjs');
        const roles = c.spec.roles.filter((r) => c.golden.inputs[r.name]);
        const body = c.code.replace(/^import .*$/m, '');
        // eslint-disable-next-line no-new-func
        const fn = new Function('tf', ...roles.map((r) => r.name), `${body}\nreturn loss;`) as (...a: unknown[]) => tf.Tensor;
        const tensors = roles.map((r) => {
          const x = c.golden.inputs[r.name];
          const n = x.data.length / x.cols;
          return tf.tensor(x.data, r.columns === 'one' ? [n] : [n, x.cols], 'float32');
        });
        const out = fn(tf, ...tensors);
        const v = Array.from(out.dataSync());
        tf.dispose([out, ...tensors]);
        assertClose(v[0], res.value, c.golden.name, { rtol: Math.max(1e-4, c.golden.tol?.rtol ?? 0), atol: Math.max(1e-5, c.golden.tol?.atol ?? 0) });
      });
    }
  });

  describe('loss-lab snippet --convention', () => {
    before(() => ensureBuilt());
    it('builtin prints the built-in; a bad value or a reduction with it is a usage error', async () => {
      const ok = await runCli(['snippet', '--loss', 'huber', '--framework', 'keras', '--convention', 'builtin', '--param', 'delta=2']);
      assert.equal(ok.status, 0, ok.stderr);
      assert.match(ok.stdout, /^loss = keras\.losses\.Huber\(delta=2\.0\)\(target\[:, None\], prediction\[:, None\]\)$/m);
      const bad = await runCli(['snippet', '--loss', 'huber', '--convention', 'keras']);
      assert.equal(bad.stderr, 'loss-lab: --convention must be one of loss-lab, builtin, got keras\n');
      assert.equal(bad.status, 2);
      const red = await runCli(['snippet', '--loss', 'huber', '--convention', 'builtin', '--reduction', 'sum']);
      assert.equal(red.status, 2);
      const none = await runCli(['snippet', '--loss', 'focal', '--framework', 'jax', '--convention', 'builtin']);
      assert.equal(none.stderr, "loss-lab: focal has no JAX / optax built-in (built-ins: pytorch, keras); use Loss Lab's convention\n");
    });
  });
});
