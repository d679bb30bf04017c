/**
 * The data view's figures for the cosine-similarity losses (issue #12) on the sample CSVs, against
 * naive references computed here from a plain comma split of the files.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../../src/engine/backend';
import { getLoss } from '../../../src/engine/registry';
import type { LossSpec } from '../../../src/engine/spec';
import { assertClose } from '../../helpers/close';
import { naiveCsv, sampleText, sessionOf } from './sample-csv';

const loss = (id: string): LossSpec => getLoss(id)!;
const opts = { seq: 3, sampleSize: 100 };
const dot = (a: number[], b: number[]): number => a.reduce((s, v, k) => s + v * b[k], 0);
const unit = (a: number[]): number[] => {
  const n = Math.max(Math.sqrt(dot(a, a)), 1e-12);
  return a.map((v) => v / n);
};
const cosine = (a: number[], b: number[]): number => dot(unit(a), unit(b));
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

describe('data view figures of the cosine-similarity losses', () => {
  before(async () => {
    await initBackend({ backend: 'cpu' });
  });

  it('cosine_embedding: cosine histograms per label add up to the label counts; dissimilar pairs above the margin counted naively', async () => {
    // samples/contrastive.csv with its 0/1 label (1 = dissimilar) turned into 1 / −1 (−1 = dissimilar).
    const lines = sampleText('contrastive.csv').split('\n');
    const text = [lines[0], ...lines.slice(1).map((l) => (l.trim() === '' ? l : l.replace(/,([01])$/, (_, y: string) => `,${y === '1' ? -1 : 1}`)))].join('\n');
    const t = naiveCsv(text);
    const s = await sessionOf('contrastive.csv', text);
    const { result: r } = await s.evaluate(loss('cosine_embedding'), { margin: 0.2 }, 'mean', opts);
    if (r.analysis?.kind !== 'cosine') return assert.fail('cosine analysis');
    const label = t.col('label');
    const cos = t.rows.map((row) => cosine(row.values.slice(0, 8), row.values.slice(8, 16)));
    const dis = cos.filter((_, i) => label[i] === -1);
    const sim = cos.filter((_, i) => label[i] === 1);
    assert.ok(dis.length > 0 && sim.length > 0);
    const [gs, gd] = r.analysis.groups;
    assert.deepEqual([gs.count, gd.count], [sim.length, dis.length]);
    assert.equal(sum(gs.counts), sim.length);
    assert.equal(sum(gd.counts), dis.length);
    assertClose(gs.mean!, sum(sim) / sim.length, 'mean similar cosine', { rtol: 1e-6 });
    assertClose(r.analysis.shares[0].value!, dis.filter((c) => c > 0.2).length / dis.length, 'above the margin');
    assert.equal(r.analysis.margin, 0.2);
    // The per-row loss against the cosine: 1 − cos for similar rows, max(0, cos − 0.2) for the others.
    const sc = r.scatter!;
    assert.ok(sc.x.length > 0);
    sc.x.forEach((c, k) => {
      const i = t.rows.findIndex((row) => row.line === sc.lines[k]);
      assertClose(c, cos[i], `scatter x of line ${sc.lines[k]}`, { rtol: 1e-5, atol: 1e-6 });
      assertClose(sc.y[k], label[i] === 1 ? 1 - cos[i] : Math.max(0, cos[i] - 0.2), `scatter y of line ${sc.lines[k]}`, { rtol: 1e-4, atol: 1e-5 });
    });
  });

  it('info_nce: top-1 retrieval and positive / hardest-negative cosines by brute force over every anchor', async () => {
    const t = naiveCsv(sampleText('contrastive.csv'));
    const s = await sessionOf('contrastive.csv');
    const { result: r } = await s.evaluate(loss('info_nce'), {}, 'mean', opts);
    if (r.analysis?.kind !== 'cosine') return assert.fail('cosine analysis');
    const x1 = t.rows.map((row) => row.values.slice(0, 8));
    const x2 = t.rows.map((row) => row.values.slice(8, 16));
    const n = x1.length;
    assert.ok(n <= 256, 'every anchor is analysed');
    const pos = x1.map((a, i) => cosine(a, x2[i]));
    const hard = x1.map((a, i) => Math.max(...x2.filter((_, j) => j !== i).map((b) => cosine(a, b))));
    const [gp, gh] = r.analysis.groups;
    assertClose(gp.mean!, sum(pos) / n, 'mean positive cosine', { rtol: 1e-6 });
    assertClose(gh.mean!, sum(hard) / n, 'mean hardest negative cosine', { rtol: 1e-6 });
    assertClose(r.analysis.shares[0].value!, pos.filter((p, i) => p > hard[i]).length / n, 'top-1');
    assert.equal(r.analysis.margin, null);
    // The gradient note says each row's gradient is of the sum over every row's loss.
    assert.equal(r.gradient!.of, 'sum');
  });

  it('supcon: mean positive cosines from class sums equal the pairwise means; 1-NN accuracy by brute force', async () => {
    const t = naiveCsv(sampleText('embeddings.csv'));
    const s = await sessionOf('embeddings.csv');
    const { result: r } = await s.evaluate(loss('supcon'), { temperature: 0.1 }, 'mean', opts);
    if (r.analysis?.kind !== 'cosine') return assert.fail('cosine analysis');
    const e = t.rows.map((row) => row.values.slice(0, 8));
    const y = t.col('label');
    const n = e.length;
    assert.ok(n <= 256);
    const anchors = e.map((_, i) => i).filter((i) => y.some((c, j) => j !== i && c === y[i]));
    const meanPos = anchors.map((i) => {
      const ps = e.filter((_, j) => j !== i && y[j] === y[i]).map((b) => cosine(e[i], b));
      return sum(ps) / ps.length;
    });
    let hits = 0;
    for (const i of anchors) {
      let best = -Infinity;
      let same = false;
      e.forEach((b, j) => {
        if (j === i) return;
        const c = cosine(e[i], b);
        if (c > best) [best, same] = [c, y[j] === y[i]];
      });
      if (same) hits++;
    }
    const [gp] = r.analysis.groups;
    assert.equal(gp.count, anchors.length);
    assertClose(gp.mean!, sum(meanPos) / meanPos.length, 'mean positive cosine', { rtol: 1e-6 });
    assertClose(r.analysis.shares[0].value!, hits / anchors.length, '1-NN');
    // Worst rows carry their mean positive cosine as the variable.
    const w = r.worst[0];
    const i = t.rows.findIndex((row) => row.line === w.line);
    assertClose(w.variable!, meanPos[anchors.indexOf(i)], 'worst row variable', { rtol: 1e-6, atol: 1e-7 });
  });
});
