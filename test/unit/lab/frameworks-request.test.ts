/**
 * The Frameworks view's host core (src/lab/frameworks-request.ts) and the curves overlay: rows on
 * the probe and on given data, the refusal without data, and a framework row's curves beside the
 * current loss's (optax.l2_loss is half of mse at every point).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../../src/engine/backend';
import { LOSSES } from '../../../src/engine/registry';
import { curvesFor } from '../../../src/lab/curves-request';
import { frameworksFor } from '../../../src/lab/frameworks-request';
import { PanelError } from '../../../src/lab/panel-error';
import { parseResult } from '../../../src/shared/results';
import { assertClose } from '../../helpers/close';

const col = (xs: number[]) => ({ data: Float32Array.from(xs), cols: 1 });

describe('frameworks request', () => {
  before(async () => {
    await initBackend({ backend: 'cpu' });
  });

  it('on the probe: one row per framework API, valid by the protocol schema, with the probe named', async () => {
    const r = await frameworksFor({ seq: 3, loss: 'focal', params: {}, on: 'probe' }, null);
    assert.ok(parseResult('frameworks', r).ok);
    assert.equal(r.seq, 3);
    assert.equal(r.inputs.kind, 'probe');
    assert.equal(r.inputs.rows, 201);
    const keras = r.rows.find((x) => x.api === 'keras.losses.CategoricalFocalCrossentropy')!;
    assert.equal(keras.relation, 'factor');
    assertClose(keras.value!, 0.25 * r.value!, 'Keras focal = 0.25 × Loss Lab', { rtol: 1e-4 });
    assert.equal(r.rows.find((x) => x.relation === 'unsupported')!.overlay, false);
  });

  it('on the probe for every loss with framework rows: a value and a valid reply (dice, tversky, info_nce and supcon failed: their curves had no single probe)', async () => {
    for (const spec of LOSSES.filter((l) => (l.frameworks ?? []).length > 0)) {
      const r = await frameworksFor({ seq: 1, loss: spec.id, params: {}, on: 'probe' }, null);
      assert.ok(parseResult('frameworks', r).ok, spec.id);
      assert.equal(r.inputs.kind, 'probe');
      assert.ok(r.value !== null && Number.isFinite(r.value), `${spec.id}: Loss Lab's value on the probe`);
      assert.ok(r.inputs.rows > 0 && r.inputs.text.length > 0, `${spec.id}: the probe is named`);
      for (const row of r.rows) assert.ok(row.relation === 'unsupported' || row.value === null || Number.isFinite(row.value), `${spec.id} ${row.api}`);
    }
  });

  it('the probe of a file loss is one file (dice: p spread over (0, 1), targets alternating): its value by hand', async () => {
    const r = await frameworksFor({ seq: 1, loss: 'dice', params: { smooth: 0 }, on: 'probe' }, null);
    // 100 rows, p_i = 0.01 + 0.98 i / 99, target 1 on even i: dice = 1 − 2 Σ p·t / (Σ p + Σ t).
    const p = Array.from({ length: 100 }, (_, i) => 0.01 + (0.98 * i) / 99);
    const inter = p.reduce((s, v, i) => s + (i % 2 === 0 ? v : 0), 0);
    const byHand = 1 - (2 * inter) / (p.reduce((s, v) => s + v, 0) + 50);
    assertClose(r.value!, byHand, 'dice on the probe', { rtol: 1e-5 });
    assert.equal(r.inputs.rows, 100);
  });

  it('on data: the given inputs (mse, weights [1, 0, 2, 0]: tf.losses divides by 2 non-zero weights); refused without a file', async () => {
    const data = async () => ({ inputs: { prediction: col([2.5, 0.5, 0, -0.5]), target: col([0, 1, 0, 0]), weight: col([1, 0, 2, 0]) }, fileName: 'w.csv', rows: 4 });
    const r = await frameworksFor({ seq: 0, loss: 'mse', params: {}, on: 'data' }, data);
    assert.deepEqual(r.inputs, { kind: 'data', text: 'w.csv', rows: 4 });
    assertClose(r.value!, 6.25 / 4, 'Loss Lab', { rtol: 1e-7 });
    assertClose(r.rows.find((x) => x.api === 'tf.losses.meanSquaredError')!.value!, 6.25 / 2, 'tfjs', { rtol: 1e-7 });
    assert.equal(r.rows.find((x) => x.api === 'torch.nn.MSELoss')!.relation, 'unsupported');
    await assert.rejects(frameworksFor({ seq: 0, loss: 'mse', params: {}, on: 'data' }, null), (e: unknown) => e instanceof PanelError && e.code === 'no_data');
  });

  it('curves with an overlay add the row\'s per-unit curves, dashed on the page: optax.l2_loss is half of mse', async () => {
    const r = await curvesFor({ seq: 0, loss: 'mse', params: {}, reduction: 'mean', compare: [], overlay: 'optax.l2_loss' });
    assert.ok(parseResult('curves', r).ok);
    const cur = r.series.find((s) => s.source === 'current')!;
    const fw = r.series.find((s) => s.source === 'framework')!;
    assert.equal(fw.label, 'optax.l2_loss');
    assertClose(fw.values.map(Number), cur.values.map((v) => 0.5 * Number(v)), 'values', { rtol: 1e-6 });
    assertClose(fw.grad.map(Number), cur.grad.map((v) => 0.5 * Number(v)), 'grad', { rtol: 1e-6 });
    // an unknown API draws nothing extra
    const none = await curvesFor({ seq: 0, loss: 'mse', params: {}, reduction: 'mean', compare: [], overlay: 'nope' });
    assert.equal(none.series.length, 1);
  });
});
