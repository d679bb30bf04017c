/**
 * The benchmark's hand-written baselines (bench/baselines.ts) compute what the engine computes:
 * the same mean value and the same gradient, checked against the engine (itself checked against
 * PyTorch by the golden tests) at small N, and against a hand-worked row. A baseline that did less
 * work than the engine would make the benchmark's ratios flattering, so this test guards them.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { crossEntropyBaseline, focalBaseline, mseBaseline } from '../../bench/baselines';
import { classificationData, regressionData } from '../../bench/synthetic';
import { initBackend } from '../../src/engine/backend';
import { evaluate } from '../../src/engine/evaluate';
import { getLoss } from '../../src/engine/registry';
import { assertClose } from '../helpers/close';

const N = 257;
const C = 10;

function spec(id: string) {
  const s = getLoss(id);
  assert.ok(s, `loss ${id} is not in the registry`);
  return s;
}

describe('benchmark baselines compute what the engine computes', () => {
  before(async () => {
    // The cpu backend: the reference is the engine's math, not its speed.
    await initBackend({ backend: 'cpu' });
  });

  it('mseBaseline gives the engine mse mean and gradient', async () => {
    const { pred, target } = regressionData(N, 7);
    const g = new Float32Array(N);
    const v = mseBaseline(pred, target, g);
    const r = await evaluate(spec('mse'), { prediction: { data: pred, cols: 1 }, target: { data: target, cols: 1 } }, {}, { reduction: 'mean', grad: true });
    assertClose(v, r.value, 'mse value');
    assertClose(g, r.grad!.prediction!.data, 'mse gradient');
  });

  it('crossEntropyBaseline gives the engine cross_entropy mean and gradient over 10 classes', async () => {
    const { logits, target } = classificationData(N, C, 8);
    const g = new Float32Array(N * C);
    const v = crossEntropyBaseline(logits, target, C, g);
    const r = await evaluate(spec('cross_entropy'), { logits: { data: logits, cols: C }, target: { data: target, cols: 1 } }, {}, { reduction: 'mean', grad: true });
    assertClose(v, r.value, 'cross_entropy value');
    assertClose(g, r.grad!.logits!.data, 'cross_entropy gradient');
  });

  it('focalBaseline gives the engine focal (gamma 2) mean and gradient over 10 classes', async () => {
    const { logits, target } = classificationData(N, C, 9);
    const g = new Float32Array(N * C);
    const v = focalBaseline(logits, target, C, 2, g);
    const r = await evaluate(spec('focal'), { logits: { data: logits, cols: C }, target: { data: target, cols: 1 } }, { gamma: 2 }, { reduction: 'mean', grad: true });
    assertClose(v, r.value, 'focal value');
    assertClose(g, r.grad!.logits!.data, 'focal gradient');
  });

  it('focalBaseline with gamma 0.5 also agrees (the general power path)', async () => {
    const { logits, target } = classificationData(N, C, 10);
    const g = new Float32Array(N * C);
    const v = focalBaseline(logits, target, C, 0.5, g);
    const r = await evaluate(spec('focal'), { logits: { data: logits, cols: C }, target: { data: target, cols: 1 } }, { gamma: 0.5 }, { reduction: 'mean', grad: true });
    assertClose(v, r.value, 'focal value');
    assertClose(g, r.grad!.logits!.data, 'focal gradient', { rtol: 1e-4 });
  });

  it('crossEntropyBaseline on one hand-worked row: logits (0, ln 3), target 1', () => {
    // softmax = (1/4, 3/4); ce = -ln(3/4) = 0.2876821; with N = 1 the gradient is softmax - onehot
    // = (0.25, -0.25).
    const g = new Float32Array(2);
    const v = crossEntropyBaseline(Float32Array.of(0, Math.log(3)), Float32Array.of(1), 2, g);
    assertClose(v, -Math.log(0.75), 'ce value');
    assertClose(g, [0.25, -0.25], 'ce gradient');
  });

  it('focalBaseline on the same row with gamma 2', () => {
    // pt = 3/4, ce = 0.2876821, l = (1/4)^2 ce = 0.01798013. dl/dce = q^2 + 2 q pt ce with q = 1/4:
    // 0.0625 + 2 * 0.25 * 0.75 * 0.2876821 = 0.1703808; gradient = 0.1703808 * (0.25, -0.25).
    const g = new Float32Array(2);
    const v = focalBaseline(Float32Array.of(0, Math.log(3)), Float32Array.of(1), 2, 2, g);
    assertClose(v, 0.0625 * -Math.log(0.75), 'focal value');
    const d = 0.0625 + 2 * 0.25 * 0.75 * -Math.log(0.75);
    assertClose(g, [0.25 * d, -0.25 * d], 'focal gradient');
  });
});
