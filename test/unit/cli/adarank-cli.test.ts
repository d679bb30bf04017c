/**
 * The built CLI for AdaRank: `eval --loss adarank` (per-query weights beside the per-query values,
 * `--grad` refused in one line with exit 2), `loss-lab adarank` training (JSON rounds and weights
 * equal to the engine's run on the same file; errors as `eval` gives them), help and list.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { trainAdarank } from '../../../src/engine/losses/ranking/adarank-training';
import { CSV, ensureBuilt, runCli, runJson } from './run-cli';

describe('loss-lab adarank and eval --loss adarank', { concurrency: 3 }, () => {
  before(() => ensureBuilt());

  it('eval --grad says in one line that adarank has no gradient, exit 2, before reading the file', async () => {
    const r = await runCli(['eval', '--loss', 'adarank', '--data', 'no-such-file.csv', '--grad']);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, 'loss-lab: --grad: adarank has no gradient (it depends on the scores only through their order); its per-query queryWeights come with --per-sample instead\n');
  });

  it('eval --per-sample prints exp(−E) per query with the query ids and the next-round query weights', async () => {
    // ranking.csv: query 1 rel [2, 0, 1] scores [0.9, 0.3, 0.5] (perfect, E = 1);
    // query 2 rel [1, 0] scores [0.2, 0.8] (reversed: NDCG = (1/log2 3) / 1 = 0.630930).
    const out = await runJson(['eval', '--loss', 'adarank', '--data', 'ranking.csv', '--per-sample']);
    assert.deepEqual(out.queries, [1, 2]);
    const per = out.perSample as number[];
    assert.ok(Math.abs(per[0] - Math.exp(-1)) < 1e-6 && Math.abs(per[1] - Math.exp(-0.6309298)) < 1e-6, `per query ${per}`);
    const w = out.queryWeights as number[];
    assert.ok(Math.abs(w[0] - per[0] / (per[0] + per[1])) < 1e-7 && Math.abs(w[0] + w[1] - 1) < 1e-12, `weights ${w}`);
    assert.ok(Math.abs((out.value as number) - (per[0] + per[1]) / 2) < 1e-6);
  });

  it('adarank trains on the small fixture and prints the same rounds and weights as the engine', async () => {
    const out = await runJson(['adarank', '--data', 'adarank-small.csv', '--map', 'features=f_*', '--param', 'rounds=6', '--param', 'k=5']);
    assert.equal(out.command, 'adarank');
    assert.deepEqual(out.params, { rounds: 6, metric: 'ndcg', k: 5 });
    assert.equal(out.queries, 8);
    assert.deepEqual(out.features, ['f_1', 'f_2', 'f_3', 'f_4']);
    const text = readFileSync(join(CSV, 'adarank-small.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
    const run = await trainAdarank(
      { query: Float32Array.from(text, (r) => r[0]), relevance: Float32Array.from(text, (r) => r[1]), features: Float32Array.from(text.flatMap((r) => r.slice(2))), names: ['f_1', 'f_2', 'f_3', 'f_4'] },
      { rounds: 6, metric: 'ndcg', k: 5 },
    );
    assert.deepEqual(out.rounds, run.rounds.map((r) => ({ round: r.round, feature: r.feature, alpha: r.alpha, measure: r.measure, loss: r.loss, weightedMeasure: r.weightedMeasure })));
    assert.deepEqual(out.weights, Object.fromEntries(run.weights.map((w) => [w.feature, w.weight])));
    assert.equal(out.stopped, null);
  });

  it('bad input: a bad parameter, a missing column, a bad relevance cell: one line, exit 2', async () => {
    const p = await runCli(['adarank', '--data', 'adarank-small.csv', '--param', 'rounds=0']);
    assert.equal(p.status, 2);
    assert.match(p.stderr, /^loss-lab: adarank training: parameter rounds must be .*1.*10000/);
    const m = await runCli(['adarank', '--data', 'ranking.csv']);
    assert.equal(m.status, 2);
    assert.match(m.stderr, /^loss-lab: no column for role features .*\(ranking\.csv:1:1\)\n$/);
    const c = await runCli(['adarank', '--data', '-', '--map', 'features=f_1'], {}, 'qid,rel,f_1\n1,2,0.5\n1,-1,0.2\n');
    assert.equal(c.status, 2);
    assert.match(c.stderr, /^loss-lab: .*\(stdin:3:2\)\n$/);
    const u = await runCli(['adarank', '--data', 'adarank-small.csv', '--loss', 'x']);
    assert.equal(u.status, 2);
    assert.match(u.stderr, /unknown option --loss for adarank/);
  });

  it('help: loss-lab --help lists adarank; adarank --help documents roles, parameters and the output', async () => {
    const main = await runCli(['--help']);
    assert.match(main.stdout, /\n  adarank +train AdaRank/);
    const h = await runCli(['adarank', '--help']);
    assert.equal(h.status, 0);
    for (const s of ['features', 'rounds', 'metric', '"weights"', 'rueycheng/AdaRank @ 1cb08089']) assert.ok(h.stdout.includes(s), s);
    const e = await runCli(['eval', '--loss', 'adarank', '--help']);
    assert.match(e.stdout, /Gradient: none; --grad is refused/);
    const list = JSON.parse((await runCli(['list'])).stdout) as { losses: Array<{ id: string; gradient: string; unitWeights?: { name: string } }> };
    const a = list.losses.find((l) => l.id === 'adarank')!;
    assert.equal(a.gradient, 'none');
    assert.equal(a.unitWeights?.name, 'queryWeights');
    assert.equal(list.losses.find((l) => l.id === 'mse')!.gradient, 'autodiff');
  });
});
