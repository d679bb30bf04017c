/**
 * The data view's figures on the sample CSVs, against naive references computed here from a plain
 * comma split of the same files (float64 loops, no engine).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../../src/engine/backend';
import { getLoss } from '../../../src/engine/registry';
import type { LossSpec } from '../../../src/engine/spec';
import { assertClose } from '../../helpers/close';
import { naiveCsv, sampleText, sessionOf } from './sample-csv';

const loss = (id: string): LossSpec => getLoss(id)!;
const opts = { seq: 7, sampleSize: 100 };
const softplus = (x: number): number => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));

describe('data analyses on the sample CSVs', () => {
  before(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('regression: mse value, residual scatter, worst rows with their CSV lines and cells', async () => {
    const t = naiveCsv(sampleText('regression.csv'));
    const s = await sessionOf('regression.csv');
    const { result: r } = await s.evaluate(loss('mse'), {}, 'mean', opts);
    const pred = t.col('y_pred');
    const y = t.col('y_true');
    const w = t.col('weight');
    // mean = Σ w_i (ŷ_i − y_i)² / N (the weight column is mapped by inference: Keras convention).
    const naive = pred.reduce((acc, p, i) => acc + w[i] * (p - y[i]) ** 2, 0) / pred.length;
    assertClose(r.value!, naive, 'mse value', { rtol: 1e-5 });
    assert.equal(r.seq, 7);
    assert.equal(r.n, t.rows.length);
    assert.deepEqual(r.mapping, { prediction: ['y_pred'], target: ['y_true'], weight: ['weight'] });
    // Worst row: the largest w_i r_i², at its file line, with its cells.
    const per = pred.map((p, i) => w[i] * (p - y[i]) ** 2);
    const k = per.indexOf(Math.max(...per));
    assert.equal(r.worst[0].line, t.rows[k].line);
    assertClose(r.worst[0].loss, per[k], 'worst loss', { rtol: 1e-5 });
    assertClose(r.worst[0].variable!, pred[k] - y[k], 'worst residual', { rtol: 1e-5 });
    assertClose(r.worst[0].cells.y_pred, pred[k], 'worst cell y_pred', { rtol: 1e-6 });
    // 200 rows decimated to 100 points, the full count stated.
    assert.equal(r.scatter!.total, 200);
    assert.ok(r.scatter!.shown <= 100);
    assert.equal(r.histogram.counts.reduce((a, b) => a + b, 0), 200);
    assert.equal(r.analysis?.kind, 'regression');
    assert.equal(r.gradient?.role, 'prediction');
    assert.match(r.summary, /mean loss: /);
  });

  it('classification: class counts, per-class mean loss, accuracy, and weight suggestions from the counts', async () => {
    const t = naiveCsv(sampleText('classification.csv'));
    const s = await sessionOf('classification.csv');
    const { result: r } = await s.evaluate(loss('cross_entropy'), {}, 'mean', opts);
    const target = t.col('target');
    const counts = [0, 1, 2, 3].map((c) => target.filter((x) => x === c).length);
    const logits = t.rows.map((row) => row.values.slice(0, 4));
    const ce = logits.map((z, i) => {
      const m = Math.max(...z);
      return m + Math.log(z.reduce((a, v) => a + Math.exp(v - m), 0)) - z[target[i]];
    });
    assert.equal(r.analysis?.kind, 'classification');
    if (r.analysis?.kind !== 'classification') return;
    assert.deepEqual(r.analysis.classes.map((c) => c.count), counts);
    for (let c = 0; c < 4; c++) {
      const mine = ce.filter((_, i) => target[i] === c);
      assertClose(r.analysis.classes[c].meanLoss!, mine.reduce((a, b) => a + b, 0) / mine.length, `class ${c} mean loss`, { rtol: 1e-5 });
    }
    const acc = logits.filter((z, i) => z.indexOf(Math.max(...z)) === target[i]).length / logits.length;
    assertClose(r.analysis.accuracy!, acc, 'accuracy');
    assertClose(r.value!, ce.reduce((a, b) => a + b, 0) / ce.length, 'ce value', { rtol: 1e-5 });
    // Inverse frequency: (1/n_c) / mean_c(1/n_c).
    const inv = counts.map((n) => 1 / n);
    const m = inv.reduce((a, b) => a + b, 0) / 4;
    assertClose(r.analysis.weights.inverseFrequency, inv.map((x) => x / m), 'inverse-frequency weights');
    const apply = r.suggestions.find((x) => x.label.startsWith('Inverse'));
    assert.equal(apply?.param, 'weight');
    // Scatter x is the softmax probability of the true class.
    const xs = r.scatter!.x;
    assert.ok(xs.every((p) => p > 0 && p < 1));
  });

  it('binary: pos_weight suggestion is negatives / positives, scatter grouped by target', async () => {
    const t = naiveCsv(sampleText('binary.csv'));
    const s = await sessionOf('binary.csv');
    const { result: r } = await s.evaluate(loss('bce_with_logits'), {}, 'mean', opts);
    const y = t.col('label');
    const pos = y.filter((v) => v === 1).length;
    const neg = y.length - pos;
    const sug = r.suggestions.find((x) => x.param === 'pos_weight');
    assertClose(sug!.value as number, Math.round((neg / pos) * 1e4) / 1e4, 'pos_weight');
    assert.deepEqual(r.scatter!.groups, ['target 0', 'target 1']);
    const z = t.col('logit');
    const naive = z.reduce((a, v, i) => a + softplus(v) - v * y[i], 0) / z.length;
    assertClose(r.value!, naive, 'bce value', { rtol: 1e-5 });
  });

  it("ranking (pairs): per-pair scatter is s_i − s_j and each pair loss is softplus(−σ(s_i − s_j)); NDCG and MRR as the engine's metrics", async () => {
    const s = await sessionOf('ranking.csv');
    const { result: r, analysis } = await s.evaluate(loss('ranknet'), { sigma: 1 }, 'sum', opts);
    assert.equal(r.unit, 'pair');
    const sc = r.scatter!;
    sc.x.forEach((d, k) => assertClose(sc.y[k], softplus(-d), `pair ${k}`, { rtol: 1e-4, atol: 1e-5 }));
    assert.equal(r.analysis?.kind, 'ranking');
    if (r.analysis?.kind !== 'ranking') return;
    assert.equal(r.analysis.queryLoss, "mean over the query's pairs");
    assert.equal(r.analysis.queries, 20);
    // NDCG and MRR agree with the engine's own metrics (same definitions, mean over queries with a relevant doc).
    assertClose(r.analysis.ndcg!, r.metrics.ndcg, 'ndcg');
    assertClose(r.analysis.mrr!, r.metrics.mrr, 'mrr');
    // Worst pair: its line is the more relevant document's row.
    const w = r.worst[0];
    assert.equal(w.label, 'pair');
    assert.ok(w.line! >= 2);
    assertClose(w.loss, softplus(-w.variable!), 'worst pair', { rtol: 1e-4 });
    assert.equal(analysis.eval.count, r.count);
  });

  it('ranking (queries): listnet per-query loss is the unit itself, scatter x the query NDCG', async () => {
    const s = await sessionOf('ranking.csv');
    const { result: r } = await s.evaluate(loss('listnet'), {}, 'mean', opts);
    assert.equal(r.unit, 'query');
    if (r.analysis?.kind !== 'ranking') return assert.fail('ranking analysis');
    assert.equal(r.analysis.queryLoss, 'the loss of the query');
    const worst = r.analysis.perQuery[0];
    assert.equal(r.worst[0].label, `query ${worst.id}`);
    assertClose(r.worst[0].loss, worst.loss!, 'worst query loss');
    assert.ok(r.scatter!.x.every((x) => x >= 0 && x <= 1));
  });

  it('lambdamart: the worst queries by value, each document\'s λ and h in rank order as the engine gives them, and λ as the sum of its pairs\' λ', async () => {
    const t = naiveCsv(sampleText('ranking.csv'));
    const s = await sessionOf('ranking.csv');
    const { result: r } = await s.evaluate(loss('lambdamart'), { truncation_level: 5 }, 'sum', opts);
    if (r.analysis?.kind !== 'ranking') return assert.fail('ranking analysis');
    const lm = r.analysis.lambdamart;
    assert.ok(lm, 'lambdamart figures');
    assert.equal(lm.truncationLevel, 5);
    assert.equal(r.analysis.k, 5);
    assert.equal(lm.queries.length, Math.min(20, r.count));
    const costs = lm.queries.map((q) => q.cost!);
    assert.deepEqual(costs, [...costs].sort((a, b) => b - a), 'worst first');
    assertClose(costs[0], r.analysis.perQuery[0].loss!, 'the worst query is the generic table\'s worst');
    // LightGBM's gradients of the whole file, in row order, from the engine directly
    const spec = loss('lambdamart');
    const col = (xs: number[]) => ({ data: Float32Array.from(xs), cols: 1 });
    const { evaluate } = await import('../../../src/engine/evaluate');
    const ref = await evaluate(spec, { query: col(t.col('qid')), score: col(t.col('score')), relevance: col(t.col('rel')) }, { truncation_level: 5 }, { grad: true });
    const rowOfLine = new Map(t.rows.map((row, i) => [row.line, i]));
    for (const q of lm.queries) {
      assert.equal(q.documents.length, q.docs);
      const scores = q.documents.map((d) => d.score);
      assert.deepEqual(scores, [...scores].sort((a, b) => b - a), `query ${q.id} documents in rank order`);
      const fromPairs = new Array<number>(q.docs).fill(0);
      for (const p of q.pairs) {
        fromPairs[p.highRank] += p.lambda;
        fromPairs[p.lowRank] -= p.lambda;
        assert.ok(p.rho > 0 && p.rho < 1 && p.deltaNdcg >= 0 && p.lambda <= 0);
        assert.ok(Math.min(p.highRank, p.lowRank) < 5, 'a document in the top truncation_level');
      }
      assert.equal(q.pairs.length, q.pairCount);
      for (const d of q.documents) {
        const i = rowOfLine.get(d.line!)!;
        assert.equal(d.lambda, ref.grad!.score!.data[i], `query ${q.id} rank ${d.rank}: λ is the engine's`);
        assert.equal(d.hess, ref.hess!.score!.data[i]);
        assertClose(d.lambda, fromPairs[d.rank], `query ${q.id} rank ${d.rank}: λ = Σ its pairs' λ`, { rtol: 1e-5, atol: 1e-6 });
      }
      assert.ok(q.ndcg === null || (q.ndcg >= 0 && q.ndcg <= 1));
    }
  });

  it('contrastive: distance histograms per label add up to the label counts; dissimilar pairs inside the margin counted naively', async () => {
    const t = naiveCsv(sampleText('contrastive.csv'));
    const s = await sessionOf('contrastive.csv');
    const { result: r } = await s.evaluate(loss('contrastive'), { margin: 1 }, 'mean', opts);
    if (r.analysis?.kind !== 'contrastive') return assert.fail('contrastive analysis');
    const label = t.col('label');
    const d = t.rows.map((row) => Math.sqrt(row.values.slice(0, 8).reduce((a, v, k) => a + (v - row.values[8 + k] + 1e-6) ** 2, 0)));
    const dis = d.filter((_, i) => label[i] === 1);
    assert.equal(r.analysis.similarCount, label.length - dis.length);
    assert.equal(r.analysis.similar.reduce((a, b) => a + b, 0), r.analysis.similarCount);
    assert.equal(r.analysis.dissimilar.reduce((a, b) => a + b, 0), r.analysis.dissimilarCount);
    assertClose(r.analysis.dissimilarInsideMargin!, dis.filter((x) => x < 1).length / dis.length, 'inside margin');
  });

  it('triplet: easy / semi-hard / hard shares classified from naive distances', async () => {
    const t = naiveCsv(sampleText('triplets.csv'));
    const s = await sessionOf('triplets.csv');
    const { result: r } = await s.evaluate(loss('triplet'), { margin: 1 }, 'mean', opts);
    if (r.analysis?.kind !== 'triplet') return assert.fail('triplet analysis');
    const dist = (a: number[], b: number[]): number => Math.sqrt(a.reduce((acc, v, k) => acc + (v - b[k] + 1e-6) ** 2, 0));
    let easy = 0;
    let semi = 0;
    let hard = 0;
    for (const row of t.rows) {
      const v = row.values;
      const dap = dist(v.slice(0, 8), v.slice(8, 16));
      const dan = dist(v.slice(0, 8), v.slice(16, 24));
      if (dan <= dap) hard++;
      else if (dan < dap + 1) semi++;
      else easy++;
    }
    assert.deepEqual([r.analysis.easy, r.analysis.semiHard, r.analysis.hard], [easy, semi, hard]);
    assert.ok(easy > 0 && semi > 0 && hard > 0, 'the sample has all three kinds');
  });

  it('mined triplets: counts over every (anchor, positive, negative) equal a brute-force O(n³) count', async () => {
    const t = naiveCsv(sampleText('embeddings.csv'));
    const s = await sessionOf('embeddings.csv');
    const { result: r } = await s.evaluate(loss('triplet_mined'), { margin: 0.5 }, 'mean', opts);
    if (r.analysis?.kind !== 'triplet') return assert.fail('triplet analysis');
    const e = t.rows.map((row) => row.values.slice(0, 8));
    const lab = t.col('label');
    const dist = (a: number[], b: number[]): number => Math.sqrt(a.reduce((acc, v, k) => acc + (v - b[k] + 1e-6) ** 2, 0));
    const tally = [0, 0, 0];
    for (let a = 0; a < e.length; a++) {
      for (let p = 0; p < e.length; p++) {
        if (p === a || lab[p] !== lab[a]) continue;
        const dap = dist(e[a], e[p]);
        for (let n = 0; n < e.length; n++) {
          if (lab[n] === lab[a]) continue;
          const dan = dist(e[a], e[n]);
          tally[dan <= dap ? 2 : dan < dap + 0.5 ? 1 : 0]++;
        }
      }
    }
    assert.deepEqual([r.analysis.easy, r.analysis.semiHard, r.analysis.hard], tally);
    assert.ok((r.counts.mined ?? 0) > 0, 'the engine reports how many triplets it mined');
    // Each mined triplet is a unit the data view can name: its worst rows give the three CSV lines,
    // whose labels make a valid triplet and whose distances give the row's loss by hand.
    const rowAt = new Map(t.rows.map((x, i) => [x.line, i]));
    assert.ok(r.worst.length > 0);
    for (const w of r.worst) {
      const m = /^triplet: anchor line (\d+), positive (\d+), negative (\d+)$/.exec(w.label);
      assert.ok(m, w.label);
      const [a, p, n] = [m[1], m[2], m[3]].map((x) => rowAt.get(Number(x))!);
      assert.equal(w.line, Number(m[1]), 'the row shown is the anchor\'s');
      assert.equal(lab[a], lab[p], 'positive of the anchor\'s class');
      assert.notEqual(lab[a], lab[n], 'negative of another class');
      const byHand = Math.max(0, dist(e[a], e[p]) - dist(e[a], e[n]) + 0.5);
      assert.ok(Math.abs(w.loss - byHand) <= 1e-5 * Math.max(1, byHand), `${w.label}: ${w.loss} vs ${byHand}`);
      assert.equal(w.cells['label'], lab[a]);
    }
    // The scatter: every mined triplet's loss is the hinge of its d(a,p) − d(a,n).
    assert.ok(r.scatter && r.scatter.x.length > 0);
    r.scatter.x.forEach((x, k) => assert.ok(Math.abs(r.scatter!.y[k] - Math.max(0, x + 0.5)) <= 1e-5, `point ${k}`));
  });

  it('supcon with class labels above 2^24: the worst rows show the file\'s labels, not the codes the engine got', async () => {
    // embeddings.csv with each label k written as 300000000 + 7k: float32 cannot tell such ids apart,
    // so the data layer renumbers them 0..k-1 for the engine (same classes, same order).
    const wide = (k: number): number => 300000000 + 7 * k;
    const lines = sampleText('embeddings.csv').split('\n');
    const text = [lines[0], ...lines.slice(1).map((l) => (l.trim() === '' ? l : l.replace(/,(\d+)$/, (_, k: string) => `,${wide(Number(k))}`)))].join('\n');
    const t = naiveCsv(text);
    const s = await sessionOf('embeddings.csv', text);
    const { result: r } = await s.evaluate(loss('supcon'), {}, 'mean', opts);
    assert.ok(r.worst.length > 0);
    for (const w of r.worst) {
      const row = t.rows.find((x) => x.line === w.line);
      assert.ok(row, `line ${w.line} is a row of the file`);
      assert.equal(w.cells['label'], row.values[t.header.indexOf('label')], `line ${w.line}: the file's label`);
      assert.ok(w.cells['label']! >= wide(0), 'not a renumbered code');
    }
  });

  it('reduction none reports no reduced value but the mean per sample', async () => {
    const s = await sessionOf('regression.csv');
    const { result: r } = await s.evaluate(loss('l1'), {}, 'none', opts);
    assert.equal(r.value, null);
    assert.ok(r.meanPerSample! > 0);
    assert.match(r.summary, /reduction none/);
  });

  it('kl_div on distillation.csv: per-row KL against a naive loop, rows grouped by the teacher\'s top class, agreement, p of that class', async () => {
    const t = naiveCsv(sampleText('distillation.csv'));
    const s = await sessionOf('distillation.csv');
    assert.equal(s.suggestLoss(), 'kl_div');
    const T = 2;
    const { result: r } = await s.evaluate(loss('kl_div'), { temperature: T }, 'mean', opts);
    assert.deepEqual(r.mapping, { logits: ['logit_0', 'logit_1', 'logit_2', 'logit_3'], teacher_logits: ['teacher_0', 'teacher_1', 'teacher_2', 'teacher_3'] });
    const softmax = (z: number[]) => {
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m));
      const sum = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / sum);
    };
    const rows = t.rows.map((row) => ({ s: row.values.slice(0, 4), t: row.values.slice(4, 8) }));
    const kl = rows.map(({ s: st, t: te }) => {
      const p = softmax(st.map((v) => v / T));
      const q = softmax(te.map((v) => v / T));
      return T * T * q.reduce((a, qc, c) => a + qc * Math.log(qc / p[c]), 0);
    });
    assertClose(r.value!, kl.reduce((a, b) => a + b, 0) / kl.length, 'batchmean', { rtol: 1e-5 });
    if (r.analysis?.kind !== 'classification') return assert.fail('classification analysis');
    const top = rows.map(({ t: te }) => te.indexOf(Math.max(...te)));
    assert.deepEqual(r.analysis.classes.map((c) => c.count), [0, 1, 2, 3].map((c) => top.filter((x) => x === c).length));
    const mine = kl.filter((_, i) => top[i] === 2);
    assertClose(r.analysis.classes[2].meanLoss!, mine.reduce((a, b) => a + b, 0) / mine.length, 'class 2 mean KL', { rtol: 1e-5 });
    const agree = rows.filter(({ s: st }, i) => st.indexOf(Math.max(...st)) === top[i]).length;
    assertClose(r.analysis.accuracy!, agree / rows.length, 'agreement');
    assert.equal(r.metrics.agreeing, agree);
    assert.equal(r.analysis.accuracyLabel, "Agreement with the teacher's top class");
    assert.match(r.summary, /teacher's top class counts: /);
    // The scatter: the student's probability of the teacher's top class against the row's KL.
    const k = r.worst[0];
    const i = t.rows.findIndex((row) => row.line === k.line);
    assertClose(k.variable!, softmax(rows[i].s)[top[i]], 'worst row variable', { rtol: 1e-6 });
    assertClose(k.loss, Math.max(...kl), 'worst row KL', { rtol: 1e-5 });
    assert.equal(r.scatter!.total, 200);
  });

  it('multi_margin on classification.csv: value against a naive hinge loop, classes and accuracy as for cross_entropy', async () => {
    const t = naiveCsv(sampleText('classification.csv'));
    const s = await sessionOf('classification.csv');
    const { result: r } = await s.evaluate(loss('multi_margin'), { p: 2, margin: 1.5 }, 'mean', opts);
    const target = t.col('target');
    const per = t.rows.map((row, i) => {
      const z = row.values.slice(0, 4);
      const y = target[i];
      return z.reduce((a, v, j) => (j === y ? a : a + Math.max(0, 1.5 - z[y] + v) ** 2), 0) / 4;
    });
    assertClose(r.value!, per.reduce((a, b) => a + b, 0) / per.length, 'multi_margin value', { rtol: 1e-5 });
    if (r.analysis?.kind !== 'classification') return assert.fail('classification analysis');
    assert.equal(r.analysis.classes.reduce((a, c) => a + c.count, 0), 240);
    assert.ok(r.suggestions.some((x) => x.param === 'weight'), 'class-weight suggestions for its weight parameter');
  });

  it('dice and tversky on segmentation.csv: one value for the file against naive sums, per-pixel gradients, soft counts', async () => {
    const t = naiveCsv(sampleText('segmentation.csv'));
    const s = await sessionOf('segmentation.csv');
    const z = t.col('logit');
    const y = t.col('mask');
    const p = z.map((v) => 1 / (1 + Math.exp(-v)));
    const tp = p.reduce((a, v, i) => a + v * y[i], 0);
    const fp = p.reduce((a, v, i) => a + v * (1 - y[i]), 0);
    const fn = p.reduce((a, v, i) => a + (1 - v) * y[i], 0);
    const sumP = p.reduce((a, b) => a + b, 0);
    const sumY = y.reduce((a, b) => a + b, 0);
    const { result: d } = await s.evaluate(loss('dice'), { smooth: 1 }, 'mean', opts);
    assert.deepEqual(d.mapping, { logit: ['logit'], target: ['mask'] });
    assertClose(d.value!, 1 - (2 * tp + 1) / (sumP + sumY + 1), 'dice', { rtol: 1e-5 });
    assert.equal(d.unit, 'file');
    assert.equal(d.count, 1);
    assert.equal(d.n, 2304);
    assertClose([d.metrics.soft_tp, d.metrics.soft_fp, d.metrics.soft_fn], [tp, fp, fn], 'soft counts', { rtol: 1e-6 });
    // Every pixel's gradient of the one value: |∂L/∂z_i| = |∂L/∂p_i| p_i (1 − p_i), with
    // ∂L/∂p_i = −(2 y_i D − N) / D² (N = 2 TP + 1, D = Σp + Σy + 1).
    const N = 2 * tp + 1;
    const D = sumP + sumY + 1;
    const g = p.map((v, i) => Math.abs(((2 * y[i] * D - N) / (D * D)) * v * (1 - v)));
    assertClose(d.gradient!.max!, Math.max(...g), 'largest pixel gradient', { rtol: 1e-3 });
    assert.match(d.gradient!.note, /the file's one loss value/);
    assert.equal(d.scatter, null);
    assert.equal(d.worst[0].label, 'file');
    assert.match(d.summary, /rows used: 2304 of 2304; one value for the whole file/);
    if (d.analysis?.kind !== 'classification') return assert.fail('classification analysis');
    assert.deepEqual(d.analysis.classes.map((c) => c.count), [2304 - sumY, sumY]);
    const { result: tv } = await s.evaluate(loss('tversky'), { alpha: 0.3, beta: 0.7, smooth: 1 }, 'sum', opts);
    assertClose(tv.value!, 1 - (tp + 1) / (tp + 0.3 * fp + 0.7 * fn + 1), 'tversky', { rtol: 1e-5 });
  });
});
