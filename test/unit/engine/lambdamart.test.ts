/**
 * lambdamart (LightGBM's lambdarank objective, transcribed): hand-worked examples, the sigmoid
 * table against the exact formula, finite differences of the documented value with norm off,
 * weights, and LightGBM's refusals. Golden values from the numpy transcription are in
 * test/fixtures/golden/lambdamart.json (golden.test.ts, both backends).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../../src/engine/backend';
import { evaluate } from '../../../src/engine/evaluate';
import { InputError } from '../../../src/engine/inputs';
import { lgbSigmoid, queryLambdas, type LambdaMartParams, DEFAULT_LABEL_GAIN } from '../../../src/engine/losses/ranking/lambdamart-core';
import { getLoss } from '../../../src/engine/registry';
import type { EvalInputs, LossSpec } from '../../../src/engine/spec';
import { loadCsv } from '../../../src/data/load-csv';
import { DataError } from '../../../src/data/data-error';
import { backendsUnderTest } from '../../helpers/backends';
import { assertClose } from '../../helpers/close';

const spec = (): LossSpec => getLoss('lambdamart')!;
const col = (xs: number[]) => ({ data: Float32Array.from(xs), cols: 1 });
const one = (score: number[], rel: number[], weight?: number[]): EvalInputs => ({
  query: col(score.map(() => 1)),
  score: col(score),
  relevance: col(rel),
  ...(weight ? { weight: col(weight) } : {}),
});
const D = (r: number): number => 1 / Math.log2(2 + r);
const exact = (x: number, s = 1): number => 1 / (1 + Math.exp(s * x));

for (const backend of backendsUnderTest()) {
  describe(`lambdamart on the ${backend} backend`, () => {
    before(async () => {
      const info = await initBackend({ backend });
      assert.equal(info.name, backend);
    });

    it('two documents, the relevant one scored lower: λ = ∓σρw·log2(1+Σ)/Σ worked by hand', async () => {
      // scores (0.3, 1.0), rel (1, 0): ranks doc1 0, doc0 1. maxDCG@30 = 1·D(0) = 1.
      // ΔNDCG = (1 − 0)·|D(1) − D(0)| = 1 − 1/log2(3) = 0.369070; norm: /(0.01f + 0.7).
      const dndcg = 1 - D(1);
      const w = dndcg / (Math.fround(0.01) + 0.7);
      const rho = lgbSigmoid(-0.7, 1); // the table's ρ, itself within 1e-4 of exact(−0.7) (below)
      const lam = rho * w;
      const factor = Math.log2(1 + 2 * lam) / (2 * lam);
      const r = await evaluate(spec(), one([0.3, 1.0], [1, 0]), {}, { grad: true });
      assertClose(r.grad!.score!.data, [-lam * factor, lam * factor], 'grad');
      const h = rho * (1 - rho) * w * factor;
      assertClose(r.hess!.score!.data, [h, h], 'hess');
      // and the research note's figures (docs/research/ranking.md §1.5 B)
      assertClose(r.grad!.score!.data, [-0.380507, 0.380507], 'grad (note)', { rtol: 2e-6 });
      assertClose(r.hess!.score!.data, [0.126253, 0.126253], 'hess (note)', { rtol: 4e-6 });
      // value: ΔNDCG · log(1 + exp(−Δs)), Δs = 0.3 − 1.0
      assertClose(r.value, dndcg * Math.log1p(Math.exp(0.7)), 'value');
    });

    it('a tie at all-zero scores: no (0.01 + |Δs|) division, ρ = ½, ranks in row order', async () => {
      // rel (0, 2, 1), ranks 0, 1, 2 by row. maxDCG = 3·D(0) + 1·D(1); pairs (1,0), (2,0), (1,2).
      const inv = 1 / (3 + D(1));
      const d10 = 3 * (D(0) - D(1)) * inv;
      const d20 = 1 * (D(0) - D(2)) * inv;
      const d12 = 2 * (D(1) - D(2)) * inv;
      const l = (d: number) => 0.5 * d; // σρΔ with ρ = ½
      const sum = 2 * (l(d10) + l(d20) + l(d12));
      const f = Math.log2(1 + sum) / sum;
      const r = await evaluate(spec(), one([0, 0, 0], [0, 2, 1]), {}, { grad: true });
      assertClose(r.grad!.score!.data, [(l(d10) + l(d20)) * f, (-l(d10) - l(d12)) * f, (-l(d20) + l(d12)) * f], 'grad');
      assertClose(r.hess!.score!.data, [((d10 + d20) / 4) * f, ((d10 + d12) / 4) * f, ((d20 + d12) / 4) * f], 'hess');
      assertClose(r.grad!.score!.data, [0.257579, -0.219414, -0.038166], 'grad (note §1.5 C)', { rtol: 3e-6 });
      // Row order decides: the same query with its rows swapped gives other lambdas.
      const swapped = await evaluate(spec(), one([0, 0, 0], [0, 1, 2]), {}, { grad: true });
      assert.notDeepEqual(Array.from(swapped.grad!.score!.data), [0.257579, -0.038166, -0.219414]);
    });

    it('truncation_level 1 cuts the pair between ranks 1 and 2 and takes maxDCG@1', async () => {
      // scores (0.5, 0.2, 0.2), rel (0, 2, 1): ranks 0, 1, 2. With truncation 1 only i = 0 pairs:
      // (doc1, doc0) and (doc2, doc0); (doc1, doc2) at ranks (1, 2) is not visited. maxDCG@1 = 3.
      const w10 = (3 * (D(0) - D(1))) / 3 / (Math.fround(0.01) + 0.3);
      const w20 = (1 * (D(0) - D(2))) / 3 / (Math.fround(0.01) + 0.3);
      const ds = Math.fround(0.2) - Math.fround(0.5);
      const rho = lgbSigmoid(ds, 1);
      const sum = 2 * rho * (w10 + w20);
      const f = Math.log2(1 + sum) / sum;
      const r = await evaluate(spec(), one([0.5, 0.2, 0.2], [0, 2, 1]), { truncation_level: 1 }, { grad: true });
      assertClose(r.grad!.score!.data, [rho * (w10 + w20) * f, -rho * w10 * f, -rho * w20 * f], 'grad');
      assertClose(r.grad!.score!.data, [0.788988, -0.543535, -0.245452], 'grad (note §1.5 A, trunc=1)', { rtol: 3e-6 });
      const full = await evaluate(spec(), one([0.5, 0.2, 0.2], [0, 2, 1]), {}, { grad: true });
      assertClose(full.grad!.score!.data, [0.305816, -1.555099, 1.249284], 'grad with the (1, 2) pair (note §1.5 A)', { rtol: 3e-6 });
    });

    it('a query with no relevant document has zero gradients, hessians and value, and is left out of NDCG', async () => {
      const r = await evaluate(
        spec(),
        { query: col([1, 1, 1, 2, 2]), score: col([0.3, -1, 2, 0.1, 0.4]), relevance: col([0, 0, 0, 1, 0]) },
        {},
        { grad: true, perSample: true },
      );
      assert.deepEqual(Array.from(r.grad!.score!.data.slice(0, 3)), [0, 0, 0]);
      assert.deepEqual(Array.from(r.hess!.score!.data.slice(0, 3)), [0, 0, 0]);
      assert.equal(r.perSample![0], 0);
      assert.ok(r.grad!.score!.data[3] < 0 && r.grad!.score!.data[4] > 0);
      assert.equal(r.metrics!.queries_without_relevant, 1);
      assert.equal(r.metrics!.queries, 1);
    });

    it('weights multiply each row\'s gradient and hessian after the normalisation; the value is unweighted', async () => {
      const a = await evaluate(spec(), one([0.5, 0.2, 0.2], [0, 2, 1]), {}, { grad: true });
      const b = await evaluate(spec(), one([0.5, 0.2, 0.2], [0, 2, 1], [1, 2, 0.5]), {}, { grad: true });
      const w = [1, 2, 0.5];
      assertClose(b.grad!.score!.data, Array.from(a.grad!.score!.data, (g, i) => g * w[i]), 'grad');
      assertClose(b.hess!.score!.data, Array.from(a.hess!.score!.data, (g, i) => g * w[i]), 'hess');
      assert.equal(b.value, a.value);
    });

    it('refuses relevance that is not an index into label_gain, with LightGBM\'s reasons', async () => {
      const refuse = async (rel: number, params: Record<string, unknown>, msg: RegExp) =>
        assert.rejects(evaluate(spec(), one([0.1, 0.2], [0, rel]), params), (e: unknown) => e instanceof InputError && e.role === 'relevance' && e.row === 1 && msg.test(e.message));
      await refuse(1.5, {}, /label should be int type \(met 1\.500000\) for ranking task/);
      await refuse(-1, {}, /Label should be non-negative \(met -1\.000000\)/);
      await refuse(31, {}, /Label 31 is not less than the number of label mappings \(31\)/);
      await refuse(3, { label_gain: '0,1,3' }, /Label 3 is not less than the number of label mappings \(3\)/);
      const ok = await evaluate(spec(), one([0.1, 0.2], [0, 40]), { label_gain: Array.from({ length: 41 }, (_, i) => i) });
      assert.ok(Number.isFinite(ok.value));
    });

    it('refuses a query of more than 10000 rows, as LightGBM does', async () => {
      const n = 10001;
      await assert.rejects(
        evaluate(spec(), { query: col(new Array(n).fill(3)), score: col(new Array(n).fill(0)), relevance: col(new Array(n).fill(0)) }),
        /query 3 has 10001 rows; LightGBM refuses more than 10000/,
      );
    });
  });
}

describe('lambdamart host arithmetic', () => {
  it('the sigmoid table agrees with the exact 1/(1 + exp(σx)) to a relative 1e-4 inside its range', () => {
    for (const sigma of [0.25, 1, 3]) {
      let worst = 0;
      for (let k = 0; k <= 20000; k++) {
        const x = (-25 / sigma) * 0.999 + (k / 20000) * (50 / sigma) * 0.999;
        worst = Math.max(worst, Math.abs(lgbSigmoid(x, sigma) - exact(x, sigma)) / exact(x, sigma));
      }
      assert.ok(worst < 1e-4, `σ=${sigma}: worst relative error ${worst}`);
      assert.ok(worst > 1e-6, 'the table is quantised, not the exact formula');
    }
    assert.equal(lgbSigmoid(0, 1), 0.5);
    // outside the range: the end entries
    assert.equal(lgbSigmoid(100, 1), lgbSigmoid(25, 1));
    assert.equal(lgbSigmoid(-100, 1), lgbSigmoid(-25, 1));
  });

  it('with norm off the lambdas and hessians are the derivatives of the documented value (finite differences)', () => {
    const p: LambdaMartParams = { sigmoid: 1.3, truncationLevel: 4, norm: false, labelGain: DEFAULT_LABEL_GAIN };
    const rel = [0, 2, 1, 3, 0, 1, 2];
    const base = [0.31, -0.72, 1.18, 0.05, -1.4, 0.66, 2.1];
    const idx = rel.map((_, i) => i);
    const cost = (s: number[]): number => queryLambdas(s, rel, null, idx, p).cost;
    const r = queryLambdas(base, rel, null, idx, p);
    const h = 1e-4;
    for (let i = 0; i < base.length; i++) {
      const up = base.slice();
      const dn = base.slice();
      up[i] += h;
      dn[i] -= h;
      const fd = (cost(up) - cost(dn)) / (2 * h);
      const fd2 = (cost(up) - 2 * cost(base) + cost(dn)) / (h * h);
      assert.ok(Math.abs(r.grad[i] - fd) <= 1e-4 * Math.max(1e-2, Math.abs(fd)), `grad[${i}] ${r.grad[i]} vs FD ${fd}`);
      assert.ok(Math.abs(r.hess[i] - fd2) <= 2e-3 * Math.max(1e-2, Math.abs(fd2)), `hess[${i}] ${r.hess[i]} vs FD ${fd2}`);
    }
    // and the pairs visited: truncation 4 in a 7-document query skips pairs among ranks 4..6
    assert.ok(r.pairs === null);
    const withPairs = queryLambdas(base, rel, null, idx, p, true);
    assert.ok(withPairs.pairs!.every((q) => Math.min(q.highRank, q.lowRank) < 4));
  });
});

describe('lambdamart relevance in a CSV', () => {
  it('a grade of 31 with the default gains is refused at its file line and column', async () => {
    const text = 'qid,score,rel\n1,0.5,0\n1,0.1,31\n';
    await assert.rejects(loadCsv(spec(), new TextEncoder().encode(text), { fileName: 'r.csv' }), (e: unknown) => {
      assert.ok(e instanceof DataError, String(e));
      assert.equal(e.message, 'column rel (role relevance): Label 31 is not less than the number of label mappings (31) (LightGBM; label_gain has 31 values) (r.csv:3:3)');
      return true;
    });
  });
});
