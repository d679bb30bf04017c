/**
 * evaluate()'s speed-related options keep results identical: gradients written into caller arrays
 * (`gradInto`), metrics switched off, and batch sizes that split the rows. The reference is the
 * same evaluation with fresh arrays in one batch, and the analytic MSE gradient 2 (p - t) / N.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../../src/engine/backend';
import { evaluate } from '../../../src/engine/evaluate';
import { getLoss } from '../../../src/engine/registry';
import type { EvalInputs } from '../../../src/engine/spec';
import { backendsUnderTest } from '../../helpers/backends';
import { assertClose } from '../../helpers/close';

function spec(id: string) {
  const s = getLoss(id);
  assert.ok(s, `loss ${id} is not in the registry`);
  return s;
}

/** Deterministic values in [-2, 2). */
function values(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32) * 4 - 2;
  });
}

const N = 1001;
const C = 4;
const logits = values(N * C, 3);
// Targets cycle through the classes; every 7th row is ignored (ignore_index -100), so the mean's
// denominator (rows kept) differs from N and the engine's folded 1/N must be corrected.
const target = Float32Array.from({ length: N }, (_, i) => (i % 7 === 0 ? -100 : i % C));
const ceInputs: EvalInputs = { logits: { data: logits, cols: C }, target: { data: target, cols: 1 } };

for (const backend of backendsUnderTest()) {
  describe(`evaluate options on the ${backend} backend`, () => {
    before(async () => {
      const info = await initBackend({ backend });
      assert.equal(info.name, backend);
    });

    it('mse gradient of the mean is 2 (p - t) / N across several batches', async () => {
      const p = values(N, 1);
      const t = values(N, 2);
      const r = await evaluate(spec('mse'), { prediction: { data: p, cols: 1 }, target: { data: t, cols: 1 } }, {}, { grad: true, batchRows: 100 });
      assertClose(r.grad!.prediction!.data, Array.from(p, (v, i) => (2 * (v - t[i])) / N), 'mse gradient');
    });

    it('gradInto receives the same gradient as a fresh array, overwriting stale contents, in batches', async () => {
      const fresh = await evaluate(spec('cross_entropy'), ceInputs, {}, { grad: true });
      const into = new Float32Array(N * C).fill(NaN);
      const r = await evaluate(spec('cross_entropy'), ceInputs, {}, { grad: true, gradInto: { logits: into }, batchRows: 128 });
      assert.equal(r.grad!.logits!.data, into, 'the result holds the given array');
      assertClose(into, fresh.grad!.logits!.data, 'gradient written into the given array', { rtol: 1e-6 });
      assertClose(r.value, fresh.value, 'value');
      assert.equal(r.denominator, N - Math.ceil(N / 7), 'the mean divides by the rows not ignored');
    });

    // The CLI writes gradients over the inputs it no longer needs. Each case is checked against an
    // evaluation on untouched copies: a batch that read rows another batch had already overwritten,
    // or metrics read after the loop, would show here.
    const Q = 60;
    const query = Float32Array.from({ length: 600 }, (_, i) => (i * 7) % Q); // rows of a query spread out: batches reorder them
    const aliasCases: Array<[string, () => EvalInputs, number]> = [
      ['cross_entropy (row batches)', () => ({ logits: { data: logits.slice(), cols: C }, target: { data: target, cols: 1 } }), 128],
      [
        'listnet (query groups, rows reordered)',
        () => ({ query: { data: query, cols: 1 }, score: { data: values(600, 5), cols: 1 }, relevance: { data: Float32Array.from({ length: 600 }, (_, i) => i % 4), cols: 1 } }),
        64,
      ],
      ['triplet_mined (one batch)', () => ({ embedding: { data: values(200 * 3, 6), cols: 3 }, label: { data: Float32Array.from({ length: 200 }, (_, i) => i % 5), cols: 1 } }), 64],
    ];
    for (const [name, make, batchRows] of aliasCases) {
      it(`gradInto may be the role's own input data: ${name}`, async () => {
        const s = getLoss(name.split(' ')[0])!;
        const ref = await evaluate(s, make(), {}, { grad: true, perSample: true, batchRows });
        const inputs = make();
        const role = s.roles.find((r) => r.differentiable)!.name;
        const own = inputs[role]!.data;
        const r = await evaluate(s, inputs, {}, { grad: true, perSample: true, batchRows, gradInto: { [role]: own } });
        assert.equal(r.grad![role]!.data, own, 'the gradient is in the input array');
        assert.ok(ref.metrics === undefined || Object.keys(ref.metrics).length > 0);
        assert.deepEqual(r.metrics, ref.metrics, 'metrics from the inputs, not from gradients');
        assert.equal(r.value, ref.value);
        assertClose(r.perSample!, ref.perSample!, 'per-sample', { rtol: 0 });
        assertClose(own, ref.grad![role]!.data, 'gradient', { rtol: 0 });
      });
    }

    it('gradInto of the wrong length is refused', async () => {
      await assert.rejects(
        evaluate(spec('cross_entropy'), ceInputs, {}, { grad: true, gradInto: { logits: new Float32Array(N) } }),
        /gradInto\.logits has 1001 values, the role has 4004/,
      );
    });

    // The panel keeps only per-row gradient norms; the engine reduces each batch's gradient to them.
    const rowNorms = (grads: ReadonlyArray<{ data: Float32Array; cols: number }>, n: number): number[] =>
      Array.from({ length: n }, (_, i) => Math.sqrt(grads.reduce((s, g) => s + g.data.subarray(i * g.cols, (i + 1) * g.cols).reduce((a, v) => a + v * v, 0), 0)));
    const normCases: Array<[string, () => EvalInputs, Readonly<Record<string, unknown>>, 'mean' | 'sum']> = [
      ['cross_entropy (row batches, class weights, mean)', () => ceInputs, { weight: [1, 2, 3, 0.5] }, 'mean'],
      ['listnet (query groups, rows reordered)', aliasCases[1][1], {}, 'mean'],
      ['triplet_mined (one batch)', aliasCases[2][1], {}, 'sum'],
    ];
    for (const [name, make, params, reduction] of normCases) {
      for (const batchRows of [1 << 12, 97, 300]) {
        it(`gradNormsInto equals the norms of the full gradient: ${name}, ${batchRows}-row batches`, async () => {
          const s = getLoss(name.split(' ')[0])!;
          for (const gradOf of ['reduced', 'sum'] as const) {
            const full = await evaluate(s, make(), params, { grad: true, gradOf, reduction, batchRows });
            const n = full.n;
            const norms = new Float64Array(n).fill(NaN);
            const r = await evaluate(s, make(), params, { grad: true, gradOf, reduction, batchRows, gradNormsInto: norms });
            assert.equal(r.grad, undefined, 'no gradient arrays are returned');
            assert.equal(r.value, full.value);
            const roles = s.roles.filter((x) => x.differentiable).map((x) => full.grad![x.name]!);
            assertClose(norms, rowNorms(roles, n), `norms of the gradient of the ${gradOf}`, { rtol: 1e-5, atol: 1e-9 });
          }
        });
      }
    }

    it('rampBatches (4096 rows, doubling) gives the same per-sample values and gradient as even batches', async () => {
      const n = 20_000;
      const z = values(n * C, 9);
      const y = Float32Array.from({ length: n }, (_, i) => i % C);
      const inputs = { logits: { data: z, cols: C }, target: { data: y, cols: 1 } };
      const even = await evaluate(spec('cross_entropy'), inputs, {}, { grad: true, perSample: true, batchRows: 1 << 14 });
      const ramp = await evaluate(spec('cross_entropy'), inputs, {}, { grad: true, perSample: true, batchRows: 1 << 14, rampBatches: true });
      assertClose(ramp.perSample!, even.perSample!, 'per-sample', { rtol: 0 });
      assertClose(ramp.grad!.logits!.data, even.grad!.logits!.data, 'gradient', { rtol: 0 });
      assertClose(ramp.value, even.value, 'value', { rtol: 1e-6 });
    });

    it('gradNormsInto of the wrong length is refused', async () => {
      await assert.rejects(evaluate(spec('cross_entropy'), ceInputs, {}, { grad: true, gradNormsInto: new Float64Array(N - 1) }), /gradNormsInto has 1000 values/);
    });

    it('metrics: false leaves the metrics out and the value unchanged', async () => {
      const withM = await evaluate(spec('cross_entropy'), ceInputs, {});
      const without = await evaluate(spec('cross_entropy'), ceInputs, {}, { metrics: false });
      assert.ok(withM.metrics && typeof withM.metrics.accuracy === 'number', 'metrics by default');
      assert.equal(without.metrics, undefined);
      assert.equal(without.value, withM.value);
    });
  });
}
