/**
 * AdaRank training: round by round against the committed transcription of the reference
 * implementation (rueycheng/AdaRank @ 1cb08089, docs/research/transcriptions/adarank_paper.py, run
 * by test/fixtures/adarank/run_transcription.py with Debian's python3), against the independent
 * numpy reference's traces (test/fixtures/adarank/golden.json, which must be fresh), a hand-worked
 * round, progress, cancellation and the infinite-α stop.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { combinedScore, trainAdarank, type AdarankTrainingInput } from '../../../src/engine/losses/ranking/adarank-training';
import { assertClose } from '../../helpers/close';

const PY = '/usr/bin/python3';
const FIX = join(__dirname, '..', '..', 'fixtures');
const SMALL = join(FIX, 'csv', 'adarank-small.csv');

/** The small CSV as the data layer would give it (float32 values, file row order). */
function readSmall(): AdarankTrainingInput {
  const [head, ...lines] = readFileSync(SMALL, 'utf8').trim().split('\n');
  const cols = head.split(',');
  const names = cols.filter((c) => c.startsWith('f_'));
  const rows = lines.map((l) => l.split(',').map(Number));
  const at = (c: string) => cols.indexOf(c);
  return {
    query: Float32Array.from(rows, (r) => r[at('qid')]),
    relevance: Float32Array.from(rows, (r) => r[at('rel')]),
    features: Float32Array.from(rows.flatMap((r) => names.map((n) => r[at(n)]))),
    names,
  };
}

interface Trace {
  rounds: Array<{ round: number; feature: string; alpha: number; measure: number; loss?: number }>;
}

describe('adarank training', () => {
  for (const k of [5, 10, null]) {
    it(`follows the rueycheng/AdaRank transcription round by round on adarank-small.csv (NDCG@${k ?? 'all'}, 12 rounds)`, async () => {
      const r = spawnSync(PY, [join(FIX, 'adarank', 'run_transcription.py'), SMALL, '12', k === null ? 'none' : String(k)], { encoding: 'utf8', timeout: 60_000 });
      assert.equal(r.status, 0, `the transcription failed: ${r.stderr}`);
      const ref = JSON.parse(r.stdout) as Trace;
      assert.equal(ref.rounds.length, 12);
      const run = await trainAdarank(readSmall(), { rounds: 12, metric: 'ndcg', k });
      assert.equal(run.rounds.length, 12);
      run.rounds.forEach((got, t) => {
        const want = ref.rounds[t];
        assert.equal(got.round, want.round);
        assert.equal(got.feature, want.feature, `round ${t + 1}: chosen feature`);
        // the transcription prints 6 decimals
        assert.ok(Math.abs(got.alpha - want.alpha) <= 5.1e-7, `round ${t + 1}: alpha ${got.alpha} vs ${want.alpha}`);
        assert.ok(Math.abs(got.measure - want.measure) <= 5.1e-7, `round ${t + 1}: mean NDCG ${got.measure} vs ${want.measure}`);
      });
      assert.ok(new Set(run.rounds.map((x) => x.feature)).size >= 2, 'the fixture makes AdaRank switch features');
    });
  }

  const golden = JSON.parse(readFileSync(join(FIX, 'adarank', 'golden.json'), 'utf8')) as {
    training: Array<Trace & { params: { rounds: number; metric: 'ndcg' | 'map'; k: number | null }; weights: Record<string, number>; queryWeights: number[] }>;
  };
  for (const g of golden.training) {
    it(`matches the numpy reference's trace (${g.params.metric}, k=${g.params.k ?? 'none'}, ${g.params.rounds} rounds): features, α, mean measure, loss, weights, query weights`, async () => {
      const run = await trainAdarank(readSmall(), g.params);
      assert.deepEqual(run.rounds.map((x) => x.feature), g.rounds.map((x) => x.feature));
      assertClose(run.rounds.map((x) => x.alpha), g.rounds.map((x) => x.alpha), 'alpha', { rtol: 1e-10, atol: 1e-12 });
      assertClose(run.rounds.map((x) => x.measure), g.rounds.map((x) => x.measure), 'measure', { rtol: 1e-10, atol: 1e-12 });
      assertClose(run.rounds.map((x) => x.loss), g.rounds.map((x) => x.loss!), 'loss', { rtol: 1e-10, atol: 1e-12 });
      assertClose(run.weights.map((w) => w.weight), run.weights.map((w) => g.weights[w.feature]), 'weights', { rtol: 1e-10, atol: 1e-12 });
      assertClose(run.queryWeights, g.queryWeights, 'query weights', { rtol: 1e-10, atol: 1e-12 });
      assert.equal(run.stopped, null);
    });
  }

  it('the committed golden.json is what gen_adarank.py writes now', () => {
    const out = mkdtempSync(join(tmpdir(), 'adarank-golden-'));
    try {
      const file = join(out, 'golden.json');
      const r = spawnSync(PY, [join(FIX, 'adarank', 'gen_adarank.py')], { env: { ...process.env, ADARANK_GOLDEN_OUT: file }, encoding: 'utf8', timeout: 120_000 });
      assert.equal(r.status, 0, `gen_adarank.py failed: ${r.stderr}`);
      assert.ok(readFileSync(file).equals(readFileSync(join(FIX, 'adarank', 'golden.json'))), 'golden.json is stale: run /usr/bin/python3 test/fixtures/adarank/gen_adarank.py');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('one hand-worked round: two queries, f_a perfect on one, f_b on the other; the tie goes to the first feature', async () => {
    // q1 rel [1, 0]: f_a [1, 0] ranks it right (NDCG 1), f_b [0, 1] wrong (NDCG 1/log2 3 = 0.630930).
    // q2 rel [0, 1]: f_a [1, 0] wrong (0.630930), f_b [0, 1] right (1). Σ P·E = 0.815465 for both: f_a wins.
    // α = ½ ln((1 + 0.815465) / (1 − 0.815465)) = ½ ln(1.815465 / 0.184535) = ½ ln(9.838050) = 1.143129.
    // Combined = α·f_a: q1 E 1, q2 E 0.630930; P = [e^−1, e^−0.630930] / 0.899976 = [0.408766, 0.591234]; round 2 picks f_b.
    const input: AdarankTrainingInput = {
      query: [1, 1, 2, 2],
      relevance: [1, 0, 0, 1],
      features: [1, 0, 0, 1, 1, 0, 0, 1],
      names: ['f_a', 'f_b'],
    };
    const run = await trainAdarank(input, { rounds: 2, metric: 'ndcg', k: null });
    assert.equal(run.rounds[0].feature, 'f_a');
    assertClose(run.rounds[0].weightedMeasure, 0.8154649, 'Σ P·E', { rtol: 1e-6 });
    assertClose(run.rounds[0].alpha, 1.1431285, 'alpha', { rtol: 1e-6 });
    assertClose(run.rounds[0].measure, 0.8154649, 'mean E', { rtol: 1e-6 });
    assert.equal(run.rounds[1].feature, 'f_b');
    assertClose(combinedScore(input.features, run.weights.map((w) => w.weight)), [run.rounds[0].alpha, run.rounds[1].alpha, run.rounds[0].alpha, run.rounds[1].alpha].map(Math.fround), 'combined score');
  });

  it('a feature that ranks every query perfectly would get α = ∞: the run stops and says so', async () => {
    const run = await trainAdarank({ query: [1, 1, 2, 2], relevance: [1, 0, 2, 0], features: [5, 1, 3, 2], names: ['f_good'] }, { rounds: 3, metric: 'map', k: null });
    assert.equal(run.rounds.length, 0);
    assert.equal(run.stopped?.round, 1);
    assert.match(run.stopped!.reason, /f_good ranks every query/);
  });

  it('reports progress per feature and per round, and stops when cancelled', async () => {
    const seen: string[] = [];
    await trainAdarank(readSmall(), { rounds: 3, metric: 'ndcg', k: null }, { onProgress: (phase, done, total) => seen.push(`${phase} ${done}/${total}`) });
    assert.deepEqual(seen, ['features 1/4', 'features 2/4', 'features 3/4', 'features 4/4', 'rounds 1/3', 'rounds 2/3', 'rounds 3/3']);
    const ac = new AbortController();
    await assert.rejects(
      trainAdarank(readSmall(), { rounds: 1000, metric: 'ndcg', k: null }, { signal: ac.signal, onProgress: (phase, done) => phase === 'rounds' && done === 2 && ac.abort() }),
      (e: unknown) => e instanceof Error && e.name === 'AbortError',
    );
  });
});
