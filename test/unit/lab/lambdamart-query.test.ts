/**
 * Any query of a lambdamart evaluation, by the file's own id (the panel's "any query" picker), and
 * the file's ids wherever the ranking figures name a query, on a file whose query ids are above
 * 2^24 (renumbered by the data layer, which float32 would otherwise merge).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../../src/engine/backend';
import { getLoss } from '../../../src/engine/registry';
import { perSampleCsv } from '../../../src/lab/export-csv';
import { lambdaMartQueryOf } from '../../../src/lab/lambdamart-query';
import { PanelError } from '../../../src/lab/panel-error';
import { queryIds } from '../../../src/lab/query-ids';
import { renumberIds } from '../../../src/data/renumber-ids';
import { assertClose } from '../../helpers/close';
import { sessionOf } from './sample-csv';

const FILLERS = 21;
const fillerId = (q: number): number => 200_000_001 + q;
/** The hand-worked query: two documents, the relevant one scored below the other. */
const TARGET = 200_000_099;

/**
 * 21 queries whose relevant documents are ranked last (large costs: they are the worst 20 and one
 * more), then the hand-worked query, last in the file.
 */
function csv(): string {
  const rows = ['query,score,relevance'];
  for (let q = 0; q < FILLERS; q++) rows.push(`${fillerId(q)},3,0`, `${fillerId(q)},2,0`, `${fillerId(q)},1,${1 + (q % 3)}`, `${fillerId(q)},0,3`);
  rows.push(`${TARGET},0,1`, `${TARGET},1,0`);
  return rows.join('\n') + '\n';
}

describe('lambdamart: any query by its id in the file', () => {
  before(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('the hand-worked two-document query, outside the worst 20, gives LightGBM\'s λ and h; ids are the file\'s', async () => {
    const s = await sessionOf('wide-ids.csv', csv());
    const ev = await s.evaluate(getLoss('lambdamart')!, {}, 'sum', { seq: 3, sampleSize: 100 });
    const a = ev.result.analysis;
    if (a?.kind !== 'ranking' || !a.lambdamart) return assert.fail('lambdamart figures');
    const lm = a.lambdamart;
    assert.equal(lm.queryCount, FILLERS + 1);
    assert.deepEqual(lm.queryIds, [...Array.from({ length: FILLERS }, (_, q) => fillerId(q)), TARGET]);
    assert.equal(lm.queries.length, 20);
    assert.ok(lm.queries.every((q) => q.id >= fillerId(0) && q.id <= fillerId(FILLERS - 1)), 'the worst queries named by file ids');
    assert.ok(!lm.queries.some((q) => q.id === TARGET), 'the target is not among the worst 20');
    assert.ok(a.perQuery.every((q) => lm.queryIds.includes(q.id)), 'the per-query table names file ids');
    assert.ok(ev.result.worst.every((w) => /^query 2000000\d\d$/.test(w.label) && lm.queryIds.includes(w.cells.query!)), 'worst rows name file ids');

    const q = lambdaMartQueryOf(ev, TARGET);
    assert.equal(q.id, TARGET);
    assert.equal(q.docs, 2);
    assert.equal(q.line, FILLERS * 4 + 2, 'the line of the query\'s first row');
    // By hand (LightGBM lambdarank, σ = 1, norm on): rank 0 is the irrelevant document (score 1).
    // Pair (relevant A at rank 1, B at rank 0): Δs = 0 − 1 = −1, ρ = 1/(1 + e^{Δs}) = 0.7310586;
    // ΔNDCG = |G(1) − G(0)| · |D(1) − D(0)| / maxDCG = (1 − 1/log2 3)/1 = 0.3690702, divided by
    // 0.01 + |Δs| = 1.01: 0.3654160; λ_pair = −σρΔNDCG = −0.2671403; Σ = −2λ_pair = 0.5342806;
    // factor log2(1 + Σ)/Σ = 1.1558762; λ_A = λ_pair·factor = −0.3087814, λ_B = +0.3087814;
    // h = ρ(1 − ρ)σ²ΔNDCG·factor = 0.0830441 for both. LightGBM reads ρ from its lookup table
    // (2^20 bins over |σΔs| < 50): the exact formula agrees to a relative 1e-4, not closer.
    assert.deepEqual(q.documents.map((d) => [d.rank, d.score, d.relevance]), [[0, 1, 0], [1, 0, 1]]);
    assertClose(q.documents[0].lambda, 0.3087814, 'λ of the irrelevant top document', { rtol: 1e-4 });
    assertClose(q.documents[1].lambda, -0.3087814, 'λ of the relevant document (pushed up)', { rtol: 1e-4 });
    for (const d of q.documents) assertClose(d.hess, 0.0830441, `h at rank ${d.rank}`, { rtol: 1e-4 });
    assertClose(q.normFactor, 1.1558762, 'log2(1 + Σ)/Σ', { rtol: 1e-4 });
    assert.equal(q.pairCount, 1);
    assertClose(q.pairs[0].rho, 0.7310586, 'ρ', { rtol: 1e-4 });

    assert.throws(() => lambdaMartQueryOf(ev, 42), (e: unknown) => e instanceof PanelError && e.code === 'not_found' && /no query has id 42 in/.test(e.message));
  });

  it('is refused in words when the last evaluation is of another loss', async () => {
    const s = await sessionOf('wide-ids.csv', csv());
    const ev = await s.evaluate(getLoss('ranknet')!, {}, 'mean', { seq: 1, sampleSize: 100 });
    assert.throws(() => lambdaMartQueryOf(ev, TARGET), (e: unknown) => e instanceof PanelError && e.code === 'bad_request' && /not lambdamart/.test(e.message));
  });

  it('per-sample export names each query by its file id, with adarank\'s queryWeights beside its value', async () => {
    const s = await sessionOf('wide-ids.csv', csv());
    const ev = await s.evaluate(getLoss('adarank')!, {}, 'mean', { seq: 2, sampleSize: 100 });
    const [head, ...lines] = perSampleCsv(ev).trim().split('\n');
    assert.equal(head, 'query,line,loss,NDCG of the query,queryWeights');
    const rows = lines.map((l) => l.split(',').map(Number));
    assert.deepEqual(rows.map((r) => r[0]), [...Array.from({ length: FILLERS }, (_, q) => fillerId(q)), TARGET]);
    const target = rows.at(-1)!;
    assert.equal(target[1], FILLERS * 4 + 2);
    // the target ranks its one relevant document second: NDCG = (1/log2 3)/1, value exp(−NDCG)
    assertClose(target[2], Math.exp(-1 / Math.log2(3)), 'exp(−E) of the target', { rtol: 1e-6 });
    const w = rows.map((r) => r.at(-1)!);
    const sum = rows.reduce((t, r) => t + r[2], 0);
    rows.forEach((r, k) => assertClose(w[k], r[2] / sum, `query ${r[0]}: P = exp(−E)/Σ`, { rtol: 1e-5 }));
  });

  it('queryIds maps renumbered codes to the file\'s ids and back; unknown ids have no code', () => {
    const ren = renumberIds(Float64Array.from([300_000_007, 300_000_001, 300_000_007, 300_000_500]))!;
    const ids = queryIds(ren);
    assert.deepEqual(Array.from(ren.codes, ids.idOf), [300_000_007, 300_000_001, 300_000_007, 300_000_500]);
    assert.deepEqual([300_000_001, 300_000_007, 300_000_500].map(ids.codeOf), [0, 1, 2]);
    assert.equal(ids.codeOf(300_000_002), null);
    assert.equal(ids.codeOf(1), null);
    const plain = queryIds(undefined);
    assert.equal(plain.idOf(12), 12);
    assert.equal(plain.codeOf(12), 12);
  });
});
