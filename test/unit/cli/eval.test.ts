/**
 * `loss-lab eval` end to end, on the built dist/cli.js and the CSV fixtures: the JSON contract,
 * and the same numbers as calling the engine directly on the same file.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { loadCsv } from '../../../src/data/load-csv';
import { initBackend } from '../../../src/engine/backend';
import { evaluate, type EvalOptions } from '../../../src/engine/evaluate';
import { getLoss } from '../../../src/engine/registry';
import { resolveParams } from '../../../src/engine/params';
import { CSV, ensureBuilt, runCli, runJson } from './run-cli';

/** The engine called directly on a fixture, as the CLI should call it. */
async function direct(id: string, file: string, params: Record<string, unknown>, opts: EvalOptions, map: Record<string, string> = {}) {
  const spec = getLoss(id)!;
  const ds = await loadCsv(spec, readFileSync(join(CSV, file)), { fileName: file, map, params: resolveParams(spec, params) });
  return evaluate(spec, ds.inputs, params, opts);
}

/** float32 results are printed as the shortest decimal that reads back as the same float32. */
function asF32(xs: unknown): number[] {
  return (xs as number[]).map((x) => Math.fround(x));
}

// A few processes at a time: each one loads the bundle and TensorFlow.js.
describe('loss-lab eval', { concurrency: 3 }, () => {
  before(async () => {
    ensureBuilt();
    await initBackend({ backend: 'wasm' });
  });

  it('prints one JSON object with the resolved params, value, mapping and data (mse, hand-worked)', async () => {
    // regression.csv: (y_pred, y_true, weight) = (0.5, 1, 1), (2, 1.5, 2), (-1, 0, 0.5), (3, 3, 1)
    // squared errors 0.25, 0.25, 1, 0; weighted 0.25, 0.5, 0.5, 0; mean over N = 1.25 / 4 = 0.3125
    const out = await runJson(['eval', '--loss', 'mse', '--data', 'regression.csv']);
    assert.deepEqual(out, {
      loss: 'mse',
      reduction: 'mean',
      params: {},
      n: 4,
      value: 0.3125,
      unit: 'row',
      count: 4,
      mapping: { prediction: 'y_pred', target: 'y_true', weight: 'weight' },
      inferred: ['prediction', 'target', 'weight'],
      skipped: { count: 0, reasons: [] },
      notes: [
        'prediction = y_pred (inferred: the name matches "y_pred")',
        'target = y_true (inferred: the name matches "y_true")',
        'weight = weight (inferred: the name matches "weight")',
      ],
      backend: 'wasm',
      data: { file: 'regression.csv', rows: 4, delimiter: ',' },
    });
  });

  it('outputs per-sample losses with their file lines, and the gradient of the mean (hand-worked)', async () => {
    const out = await runJson(['eval', '--loss', 'mse', '--data', 'regression.csv', '--per-sample', '--grad']);
    assert.deepEqual(out.perSample, [0.25, 0.5, 0.5, 0]);
    assert.deepEqual(out.lines, [2, 3, 4, 5]);
    // d/dŷ_i of Σ w_i (ŷ_i - y_i)² / 4 = w_i (ŷ_i - y_i) / 2
    assert.deepEqual(out.grad, { prediction: [-0.25, 0.5, -0.25, 0] });
  });

  it('with --reduction none, value is the per-sample array and grad that of the sum', async () => {
    const out = await runJson(['eval', '--loss', 'mse', '--data', 'regression.csv', '--reduction', 'none', '--grad', '--map', 'weight=']);
    assert.equal(out.reduction, 'none');
    assert.deepEqual(out.value, [0.25, 0.25, 1, 0]);
    assert.equal(out.perSample, undefined);
    assert.deepEqual(out.grad, { prediction: [-1, 1, -2, 0] });
    assert.deepEqual(out.mapping, { prediction: 'y_pred', target: 'y_true' });
  });

  it('gives exactly the values of evaluate() on the same file (cross_entropy with class weights and smoothing)', async () => {
    const params = { weight: '1,2,1.5', label_smoothing: '0.1' };
    const out = await runJson(['eval', '--loss', 'cross_entropy', '--data', 'classification.csv', '--param', 'weight=1,2,1.5', '--param', 'label_smoothing=0.1', '--per-sample', '--grad']);
    const ref = await direct('cross_entropy', 'classification.csv', params, { perSample: true, grad: true });
    assert.equal(out.value, ref.value);
    assert.deepEqual(asF32(out.perSample), Array.from(ref.perSample!));
    const g = out.grad as { logits: number[][] };
    assert.equal(g.logits.length, 4);
    assert.deepEqual(asF32(g.logits.flat()), Array.from(ref.grad!.logits!.data));
    assert.deepEqual(out.params, { weight: [1, 2, 1.5], label_smoothing: 0.1, ignore_index: -100 });
    assert.deepEqual(out.mapping, { logits: ['logit_0', 'logit_1', 'logit_2'], target: 'label' });
    assert.deepEqual(out.metrics, ref.metrics);
  });

  it('gives exactly the values of evaluate() for a ranking loss, with the query id of each per-query value', async () => {
    const out = await runJson(['eval', '--loss', 'listnet', '--data', 'ranking.csv', '--per-sample', '--grad']);
    const ref = await direct('listnet', 'ranking.csv', {}, { perSample: true, grad: true });
    assert.equal(out.value, ref.value);
    assert.equal(out.unit, 'query');
    assert.deepEqual(asF32(out.perSample), Array.from(ref.perSample!));
    assert.deepEqual(out.queries, [1, 2]);
    assert.deepEqual(asF32((out.grad as { score: number[] }).score), Array.from(ref.grad!.score!.data));
    // per-query values have their query ids; the lines are those of the gradient's rows
    assert.deepEqual(out.lines, [2, 3, 4, 5, 6]);
  });

  it('lambdamart --grad prints LightGBM\'s grad.score and hess.score in file row order, with lines, for interleaved queries', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loss-lab-lm-'));
    try {
      // queries 2 and 1 interleaved; a blank-score row skipped, so lines are not row + 2
      const file = join(dir, 'lm.csv');
      writeFileSync(file, 'qid,score,rel\n2,0.2,1\n1,0.9,2\n2,,0\n1,0.3,0\n2,0.8,0\n1,0.5,1\n');
      const out = await runJson(['eval', '--loss', 'lambdamart', '--data', file, '--grad', '--param', 'truncation_level=2']);
      const spec = getLoss('lambdamart')!;
      const col = (xs: number[]) => ({ data: Float32Array.from(xs), cols: 1 });
      const ref = await evaluate(spec, { query: col([2, 1, 1, 2, 1]), score: col([0.2, 0.9, 0.3, 0.8, 0.5]), relevance: col([1, 2, 0, 0, 1]) }, { truncation_level: 2 }, { grad: true });
      assert.deepEqual(out.lines, [2, 3, 5, 6, 7]);
      assert.deepEqual(asF32((out.grad as { score: number[] }).score), Array.from(ref.grad!.score!.data));
      assert.deepEqual(asF32((out.hess as { score: number[] }).score), Array.from(ref.hess!.score!.data));
      // the two-document query 2 (rows 1 and 4): scores (0.2, 0.8), rel (1, 0): the relevant one is pushed up
      const g = (out.grad as { score: number[] }).score;
      assert.ok(g[0] < 0 && g[3] > 0 && Math.abs(g[0] + g[3]) < 1e-7);
      assert.equal(out.value, ref.value);
      const bad = join(dir, 'bad.csv');
      writeFileSync(bad, 'qid,score,rel\n1,0.2,1\n1,0.9,2.5\n');
      const r = await runCli(['eval', '--loss', 'lambdamart', '--data', bad, '--grad']);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /^loss-lab: column rel \(role relevance\): label should be int type \(met 2\.500000\) for ranking task, for the gain of label, please set the label_gain parameter \(LightGBM\) \(.*bad\.csv:3:3\)\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports skipped rows with their reasons, and the lines of the rows used', async () => {
    const out = await runJson(['eval', '--loss', 'mse', '--data', 'regression-missing.csv', '--reduction', 'sum', '--per-sample']);
    // rows used: (0.5, 1), (-1, 0), (3, 2.5): 0.25 + 1 + 0.25
    assert.equal(out.value, 1.5);
    assert.equal(out.n, 3);
    assert.deepEqual(out.lines, [2, 6, 8]);
    assert.deepEqual(out.skipped, {
      count: 4,
      reasons: [
        { reason: 'missing or NaN value in prediction (column y_pred)', count: 1, firstLine: 3 },
        { reason: 'infinite value in prediction (column y_pred)', count: 2, firstLine: 5 },
        { reason: 'missing or NaN value in target (column y_true)', count: 1, firstLine: 4 },
      ],
    });
    assert.deepEqual(out.data, { file: 'regression-missing.csv', rows: 7, delimiter: ',' });
  });

  it('with --grad alone, gives the file line of each gradient row (rows were skipped)', async () => {
    const out = await runJson(['eval', '--loss', 'mse', '--data', 'regression-missing.csv', '--reduction', 'sum', '--grad']);
    // d/dp Σ (p - t)^2 = 2 (p - t) on the rows used: (0.5, 1), (-1, 0), (3, 2.5)
    assert.deepEqual(out.grad, { prediction: [-1, -2, 1] });
    assert.deepEqual(out.lines, [2, 6, 8]);
    assert.equal(out.perSample, undefined);
  });

  it('reads a semicolon file with BOM, CRLF and quotes', async () => {
    const out = await runJson(['eval', '--loss', 'l1', '--data', 'semicolon-bom-crlf.csv', '--reduction=sum']);
    // |1.5 - 2| + |3 - 4|
    assert.equal(out.value, 1.5);
    assert.deepEqual(out.data, { file: 'semicolon-bom-crlf.csv', rows: 2, delimiter: ';' });
  });

  it('takes explicit mappings, globs and --param', async () => {
    const out = await runJson(['eval', '--loss', 'huber', '--data', 'classification.csv', '--map', 'prediction=logit_0', '--map', 'target=#3', '--param', 'delta=0.5']);
    const ref = await direct('huber', 'classification.csv', { delta: 0.5 }, {}, { prediction: 'logit_0', target: '#3' });
    assert.equal(out.value, ref.value);
    assert.deepEqual(out.mapping, { prediction: 'logit_0', target: 'logit_2' });
    assert.deepEqual(out.inferred, []);
    assert.deepEqual(out.params, { delta: 0.5 });
  });

  it('reads the CSV from standard input with --data -', async () => {
    const out = await runJson(['eval', '--loss', 'mse', '--data', '-', '--reduction', 'sum'], {}, 'y_pred,y_true\n1,3\n2,2\n');
    assert.equal(out.value, 4);
    assert.deepEqual(out.data, { file: 'stdin', rows: 2, delimiter: ',' });
  });

  it('runs on the cpu backend by flag or by LOSS_LAB_BACKEND, with the same value', async () => {
    const a = await runJson(['eval', '--loss', 'mse', '--data', 'regression.csv', '--backend', 'cpu']);
    const b = await runJson(['eval', '--loss', 'mse', '--data', 'regression.csv'], { LOSS_LAB_BACKEND: 'cpu' });
    assert.equal(a.backend, 'cpu');
    assert.equal(b.backend, 'cpu');
    assert.equal(a.value, 0.3125);
    assert.equal(b.value, 0.3125);
  });
});
