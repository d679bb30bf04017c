/**
 * The built CLI for AdaRank: `eval --loss adarank` (per-query weights beside the per-query values,
 * `--grad` refused in one line with exit 2), `loss-lab adarank` training (JSON rounds and weights
 * equal to the engine's run on the same file; errors as `eval` gives them), help and list.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { trainAdarank } from '../../../src/engine/losses/ranking/adarank-training';
import { CSV, ensureBuilt, runCli, runJson } from './run-cli';

/** The small fixture's rows, and the engine's run on them (no mapping: the CLI infers the same columns). */
function small(): { rows: number[][]; names: string[] } {
  const [head, ...lines] = readFileSync(join(CSV, 'adarank-small.csv'), 'utf8').trim().split('\n');
  return { rows: lines.map((l) => l.split(',').map(Number)), names: head.split(',').slice(2) };
}
function engineRun(rows: number[][], names: string[], rounds: number, k: number | null) {
  return trainAdarank(
    { query: Float32Array.from(rows, (r) => r[0]), relevance: Float32Array.from(rows, (r) => r[1]), features: Float32Array.from(rows.flatMap((r) => r.slice(2))), names },
    { rounds, metric: 'ndcg', k },
  );
}
const close = (a: number, b: number, rtol: number): boolean => Math.abs(a - b) <= rtol * Math.max(Math.abs(a), Math.abs(b), 1e-12);

describe('loss-lab adarank and eval --loss adarank', { concurrency: 3 }, () => {
  const tmp = mkdtempSync(join(tmpdir(), 'loss-lab-adarank-'));
  before(() => ensureBuilt());
  after(() => rmSync(tmp, { recursive: true, force: true }));

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
    // the learned query weights P (for the round after the last), queries by their ids in the file
    assert.deepEqual(out.queryIds, [...new Set(text.map((r) => r[0]))].sort((a, b) => a - b));
    assert.deepEqual(out.queryWeights, Array.from(run.queryWeights));
  });

  it('--out FILE.csv writes the rows with the combined score and their query weight; read back, eval --loss adarank gives the same query weights', async () => {
    const { rows, names } = small();
    const run = await engineRun(rows, names, 6, 5);
    const file = join(tmp, 'trained.csv');
    const out = await runJson(['adarank', '--data', 'adarank-small.csv', '--param', 'rounds=6', '--param', 'k=5', '--out', file]);
    assert.deepEqual(out.out, { file, rows: rows.length, score: 'adarank_score', queryWeight: 'query_weight' });
    assert.equal(out.queryWeights, undefined, 'in the file instead');
    const [head, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
    assert.equal(head, `line,qid,rel,${names.join(',')},adarank_score,query_weight`);
    assert.equal(lines.length, rows.length);
    const ids = [...new Set(rows.map((r) => r[0]))].sort((a, b) => a - b);
    const weights = run.weights.map((w) => w.weight);
    lines.forEach((l, i) => {
      const c = l.split(',').map(Number);
      assert.deepEqual(c.slice(0, 2 + 1 + names.length).map((x) => x + 0), [i + 2, ...rows[i]].map((x) => x + 0), `row ${i}: line and the input's cells (-0 is written 0)`);
      // features are read as float32 (as every input): Σ w·f over the float32 cells, then float32
      const want = Math.fround(rows[i].slice(2).reduce((t, x, f) => t + weights[f] * Math.fround(x), 0));
      assert.equal(Math.fround(c[3 + names.length]), want, `row ${i}: score ${c[3 + names.length]} = Σ w·f = ${want}`);
      assert.equal(c[4 + names.length], run.queryWeights[ids.indexOf(rows[i][0])], `row ${i}: its query's P`);
    });
    // read back: the score column is found by its name, and AdaRank's loss on it gives the learned P
    const back = await runJson(['eval', '--loss', 'adarank', '--data', file, '--param', 'k=5', '--per-sample']);
    assert.equal((back.mapping as Record<string, string>).score, 'adarank_score');
    assert.deepEqual(back.queries, ids);
    (back.queryWeights as number[]).forEach((w, q) => assert.ok(close(w, run.queryWeights[q], 1e-6), `query ${ids[q]}: ${w} vs ${run.queryWeights[q]}`));
    assert.ok(close(back.value as number, run.rounds.at(-1)!.loss, 1e-6), 'mean exp(−E) is the last round\'s loss');
  });

  it('query ids above 2^24 stay the file\'s ids: in queryIds, in the written file, and in eval on it', async () => {
    const csv = 'qid,rel,f_1,f_2\n200000001,1,0.5,0.1\n200000001,0,0.2,0.9\n200000003,0,0.7,0.3\n200000003,2,0.1,0.8\n200000003,1,0.4,0.4\n';
    const j = JSON.parse((await runCli(['adarank', '--data', '-', '--param', 'rounds=3'], {}, csv)).stdout) as Record<string, unknown>;
    assert.deepEqual(j.queryIds, [200000001, 200000003]);
    const file = join(tmp, 'wide.csv');
    const w = await runCli(['adarank', '--data', '-', '--param', 'rounds=3', '--out', file], {}, csv);
    assert.equal(w.status, 0, w.stderr);
    const written = readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',')[1]));
    assert.deepEqual(written, [200000001, 200000001, 200000003, 200000003, 200000003]);
    const back = await runJson(['eval', '--loss', 'lambdamart', '--data', file, '--per-sample']);
    assert.deepEqual(back.queries, [200000001, 200000003]);
  });

  it('--out refuses the input file and a missing folder before reading, in one line', async () => {
    const same = await runCli(['adarank', '--data', 'adarank-small.csv', '--out', 'adarank-small.csv']);
    assert.equal(same.status, 2);
    assert.equal(same.stderr, 'loss-lab: --out adarank-small.csv is the input file; the input is never written, choose another name\n');
    const missing = await runCli(['adarank', '--data', 'adarank-small.csv', '--out', join(tmp, 'no', 'such', 'x.csv')]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /^loss-lab: --out .*x\.csv: the folder .* does not exist\n$/);
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
    for (const s of ['features', 'rounds', 'metric', '"weights"', '"queryWeights"', '--out FILE.csv', 'adarank_score', 'rueycheng/AdaRank @ 1cb08089']) assert.ok(h.stdout.includes(s), s);
    const e = await runCli(['eval', '--loss', 'adarank', '--help']);
    assert.match(e.stdout, /Gradient: none; --grad is refused/);
    const list = JSON.parse((await runCli(['list'])).stdout) as { losses: Array<{ id: string; gradient: string; unitWeights?: { name: string } }> };
    const a = list.losses.find((l) => l.id === 'adarank')!;
    assert.equal(a.gradient, 'none');
    assert.equal(a.unitWeights?.name, 'queryWeights');
    assert.equal(list.losses.find((l) => l.id === 'mse')!.gradient, 'autodiff');
  });
});
