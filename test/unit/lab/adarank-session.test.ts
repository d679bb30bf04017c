/**
 * AdaRank in the panel's pure logic (src/lab/adarank-session.ts) on adarank-small.csv: the run the
 * webview gets is the engine's run on the same columns; "use the combined score" adds Σ w·x as a
 * column (checked by hand on the file's cells) and maps it as score for every ranking loss, across
 * loss switches that re-infer the mapping; a stale run id is refused; the adarank curve is the
 * step exp(−NDCG) with no gradient.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../../src/engine/backend';
import { trainAdarank } from '../../../src/engine/losses/ranking/adarank-training';
import { getLoss, LOSSES } from '../../../src/engine/registry';
import { trainOnSession, useCombinedScore } from '../../../src/lab/adarank-session';
import { computeCurves } from '../../../src/lab/curves/curves';
import { DataSession } from '../../../src/lab/data-session';
import { PanelError } from '../../../src/lab/panel-error';
import { assertClose } from '../../helpers/close';

const FILE = join(__dirname, '..', '..', 'fixtures', 'csv', 'adarank-small.csv');
const text = readFileSync(FILE, 'utf8');
const rows = text.trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
const open = () => DataSession.read(Buffer.from(text), { path: 'adarank-small.csv', folder: null });

describe('adarank in the panel (lab)', () => {
  before(async () => {
    await initBackend({ backend: 'cpu' });
  });

  it('a run on the session is the engine run on the inferred columns (query qid, relevance rel, features f_*)', async () => {
    const s = await open();
    const run = await trainOnSession(s, { rounds: 5, metric: 'map', k: 3 });
    const want = await trainAdarank(
      { query: Float32Array.from(rows, (r) => r[0]), relevance: Float32Array.from(rows, (r) => r[1]), features: Float32Array.from(rows.flatMap((r) => r.slice(2))), names: ['f_1', 'f_2', 'f_3', 'f_4'] },
      { rounds: 5, metric: 'map', k: 3 },
    );
    assert.deepEqual(run.rounds, want.rounds.map((r) => ({ round: r.round, feature: r.feature, alpha: r.alpha, measure: r.measure, loss: r.loss, weightedMeasure: r.weightedMeasure })));
    assert.deepEqual(run.weights, want.weights);
    assert.deepEqual([run.queries, run.rows, run.skippedRows, run.metric, run.k], [8, 45, 0, 'map', 3]);
  });

  it('the combined score becomes a column Σ w·x and the score of every ranking loss, also after the mapping is inferred again', async () => {
    const s = await open();
    const run = await trainOnSession(s, { rounds: 4 });
    const used = useCombinedScore(s, run.runId);
    assert.equal(used.column, 'adarank_score');
    // every ranking loss of the registry takes a score
    assert.deepEqual(used.losses, LOSSES.filter((l) => l.family === 'ranking' && l.roles.some((r) => r.name === 'score')).map((l) => l.id));
    assert.ok(used.losses.includes('adarank') && used.losses.includes('ranknet'));
    const col = s.table.columns.find((c) => c.name === 'adarank_score')!;
    const w = run.weights.map((x) => x.weight);
    assertClose(col.values, rows.map((r) => Math.fround(r.slice(2).reduce((acc, x, f) => acc + w[f] * Math.fround(x), 0))), 'combined score', { rtol: 1e-6 });
    for (const id of used.losses) {
      const spec = getLoss(id)!;
      s.setMapping(spec, null); // what a loss switch in the panel does
      assert.deepEqual(s.info(spec).mapping?.score, ['adarank_score'], id);
    }
    // the adarank loss on its own combined score is the run's last loss, mean exp(−E)
    const ev = await s.evaluate(getLoss('adarank')!, {}, 'mean', { seq: 1, sampleSize: 100 });
    assertClose(ev.result.value!, run.rounds.at(-1)!.loss, 'adarank on the combined score', { rtol: 1e-6 });
    assert.equal(ev.result.gradient, null);
    assert.equal(ev.result.unitWeights?.name, 'queryWeights');
    assertClose(ev.result.unitWeights!.top.reduce((a, t) => a + t.weight, 0), 1, 'weights of all 8 queries sum to 1', { rtol: 1e-6 });
    // a second use adds another column
    assert.equal(useCombinedScore(s, run.runId).column, 'adarank_score_2');
  });

  it('a run id that is not the session\'s last run is refused', async () => {
    const s = await open();
    const first = await trainOnSession(s, { rounds: 2 });
    await trainOnSession(s, { rounds: 3 });
    assert.throws(() => useCombinedScore(s, first.runId), (e: unknown) => e instanceof PanelError && /not the last run/.test(e.message));
    const other = await open();
    assert.throws(() => useCombinedScore(other, first.runId), PanelError);
  });

  it('the adarank curve: exp(−1) for Δ ≥ 0 (the tie ranks the relevant row first), exp(−1/log2 3) below, gradient 0', async () => {
    const set = await computeCurves(getLoss('adarank')!, {});
    const c = set.curves[0];
    assertClose(c.values, Array.from(c.x, (d) => (d >= 0 ? Math.exp(-1) : Math.exp(-1 / Math.log2(3)))), 'adarank curve', { rtol: 1e-6 });
    assert.ok(c.grad.every((g) => g === 0));
    assert.match(set.gradientLabel, /no gradient/);
  });
});
