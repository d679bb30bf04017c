/** The panel's loaded-file session: mapping, suggestions, bad data placed in the file, sweeps, export. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { DataError } from '../../../src/data';
import { initBackend } from '../../../src/engine/backend';
import { evaluate } from '../../../src/engine/evaluate';
import { resolveParams } from '../../../src/engine/params';
import { getLoss } from '../../../src/engine/registry';
import type { IntegerParam, LossSpec, NumberParam } from '../../../src/engine/spec';
import { DataSession, sweepGrid } from '../../../src/lab/data-session';
import { errorData } from '../../../src/lab/error-data';
import { perSampleCsv } from '../../../src/lab/export-csv';
import { assertClose } from '../../helpers/close';
import { sessionOf } from './sample-csv';

const loss = (id: string): LossSpec => getLoss(id)!;
const opts = { seq: 1, sampleSize: 1000 };
const col = (rows: readonly string[], k: number) => ({ data: Float32Array.from(rows.slice(0, 1024), (r) => Number(r.split(',')[k])), cols: 1 });

describe('panel data session', () => {
  before(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('infers the mapping and says why; a loss the columns do not fit gets a mapping error and a suggested loss', async () => {
    const s = await sessionOf('classification.csv');
    const ok = s.info(loss('focal'));
    assert.deepEqual(ok.mapping, { logits: ['logit_0', 'logit_1', 'logit_2', 'logit_3'], target: ['target'] });
    assert.ok(ok.mappingNotes.some((n) => n.includes('logits')));
    assert.equal(ok.mappingError, null);
    const bad = s.info(loss('mse'));
    assert.equal(bad.mapping, null);
    assert.match(bad.mappingError!, /no column for role prediction/);
    assert.equal(bad.suggestedLoss, 'cross_entropy');
    assert.equal(bad.rows, 240);
    assert.equal(bad.fileName, 'classification.csv');
  });

  it('checks a loss against the first 2000 rows only, as documented (a bad target further down does not count)', async () => {
    // 2500 rows of binary data; row 2300 holds the target 2, outside {0, 1}
    const rows = Array.from({ length: 2500 }, (_, i) => `${((i % 7) - 3) / 2},${i === 2299 ? 2 : i % 2}`);
    const s = await sessionOf('head.csv', `logit,target\n${rows.join('\n')}\n`);
    assert.equal(s.fits(loss('bce_with_logits')), true);
  });

  it('suggests a loss whose value domains fit, not just its column names: regression data from a classification loss gets mse', async () => {
    const s = await sessionOf('regression.csv');
    // y_pred / y_true also match bce_with_logits' logit / target aliases, but the targets are not 0/1.
    assert.equal(s.suggestLoss(loss('focal')), 'mse');
    assert.equal(s.info(loss('focal')).suggestedLoss, 'mse');
    assert.equal((await sessionOf('binary.csv')).suggestLoss(loss('mse')), 'bce_with_logits');
    assert.equal((await sessionOf('ranking.csv')).suggestLoss(loss('triplet')), 'pointwise_mse');
    assert.equal((await sessionOf('embeddings.csv')).suggestLoss(loss('mse')), 'triplet_mined');
    assert.equal(s.fits(loss('huber')), true);
    assert.equal(s.fits(loss('bce_with_logits')), false, 'names map, domains do not');
    assert.equal(s.fits(loss('cross_entropy')), false, 'no logits columns');
  });

  it('an explicit mapping is kept per loss and validated: an unknown column is a mapping_error', async () => {
    const s = await sessionOf('regression.csv');
    s.setMapping(loss('mse'), { prediction: ['y_true'], target: ['y_pred'] });
    assert.deepEqual(s.info(loss('mse')).mapping, { prediction: ['y_true'], target: ['y_pred'], weight: ['weight'] });
    assert.deepEqual(s.info(loss('l1')).mapping?.prediction, ['y_pred'], 'other losses still infer');
    assert.throws(() => s.setMapping(loss('mse'), { prediction: ['nope'] }), (e: unknown) => errorData(e).code === 'mapping_error');
    s.setMapping(loss('mse'), null);
    assert.deepEqual(s.info(loss('mse')).mapping?.prediction, ['y_pred']);
  });

  it("a file with more rows than the loss takes (info_nce: 1024) is a data_error at the first row beyond, with the bound; it still fits the loss's columns and is not suggested for it", async () => {
    const rows = Array.from({ length: 1500 }, (_, i) => `${i % 5},${(i * 7) % 3},${i % 4}`);
    const s = await sessionOf('views.csv', `x1,x2,label\n${rows.join('\n')}\n`);
    assert.equal(s.fits(loss('info_nce')), true, 'mapping and domains hold');
    assert.equal(s.suggestLoss(loss('info_nce')) === 'info_nce' || s.suggestLoss(loss('info_nce')) === 'supcon', false);
    await assert.rejects(
      () => s.evaluate(loss('info_nce'), {}, 'mean', opts),
      (e: unknown) => {
        const d = errorData(e);
        assert.equal(d.code, 'data_error');
        assert.deepEqual(d.location, { file: 'samples/views.csv', line: 1026, column: 1 });
        assert.match(d.message, /^info_nce takes at most 1024 rows \(.*\), got 1500 rows; use a sample of at most 1024 rows/);
        return true;
      },
    );
    const small = await sessionOf('views-small.csv', `x1,x2,label\n${rows.slice(0, 1024).join('\n')}\n`);
    assertClose((await small.evaluate(loss('info_nce'), {}, 'mean', opts)).result.value!, (await evaluate(loss('info_nce'), { x1: col(rows, 0), x2: col(rows, 1) })).value, 'at the bound', { rtol: 1e-6 });
  });

  it('a non-numeric cell in a used column is a data_error naming file, line and column', async () => {
    const s = await sessionOf('broken.csv', 'y_pred,y_true\n0.5,0.4\n1.2,1.0\n-0.3,0.1\nabc,0.7\n');
    await assert.rejects(
      () => s.evaluate(loss('mse'), {}, 'mean', opts),
      (e: unknown) => {
        assert.ok(e instanceof DataError);
        const d = errorData(e);
        assert.equal(d.code, 'data_error');
        assert.deepEqual(d.location, { file: 'samples/broken.csv', line: 5, column: 1 });
        assert.match(d.message, /samples\/broken\.csv:5:1/);
        return true;
      },
    );
  });

  it('the broken sample fails at read time at its short row (line 8, after the last field)', async () => {
    await assert.rejects(
      () => sessionOf('broken.csv'),
      (e: unknown) => {
        const d = errorData(e);
        assert.equal(d.code, 'data_error');
        assert.deepEqual(d.location, { file: 'samples/broken.csv', line: 8, column: 2 });
        return true;
      },
    );
  });

  it('rows with missing values are skipped and counted with the reason and first line', async () => {
    const s = await sessionOf('gaps.csv', 'y_pred,y_true\n1,1\n2,\nnan,3\n4,5\n');
    const { result: r } = await s.evaluate(loss('mse'), {}, 'mean', opts);
    assert.equal(r.n, 2);
    assert.equal(r.skipped.count, 2);
    assert.equal(r.skipped.reasons.length, 2);
    assert.ok(r.skipped.reasons.some((x) => x.firstLine === 3 && /target/.test(x.reason)));
    assert.ok(r.skipped.reasons.some((x) => x.firstLine === 4 && /prediction/.test(x.reason)));
    // mean over the kept rows: ((1−1)² + (4−5)²) / 2 = 0.5
    assertClose(r.value!, 0.5, 'value over kept rows');
    assert.match(r.summary, /rows skipped: 2/);
  });

  it('a label outside {0, 1} is an input error placed at its cell', async () => {
    const s = await sessionOf('labels.csv', 'logit,label\n0.5,1\n0.1,2\n');
    await assert.rejects(
      () => s.evaluate(loss('bce_with_logits'), {}, 'mean', opts),
      (e: unknown) => {
        const d = errorData(e);
        return d.code === 'data_error' && d.location?.line === 3 && d.location?.column === 2;
      },
    );
  });

  it('the dataset is built once per loss and mapping, yet each evaluation re-checks the params against the data', async () => {
    const s = await sessionOf('classification.csv');
    const ce = loss('cross_entropy');
    const a = await s.dataset(ce, resolveParams(ce));
    assert.equal(await s.dataset(ce, resolveParams(ce, { label_smoothing: 0.1 })), a, 'same inputs reused');
    // 2 class weights for 4 logit columns: refused although the inputs are cached.
    await assert.rejects(() => s.evaluate(ce, { weight: [1, 2] }, 'mean', opts), (e: unknown) => /weight/.test(errorData(e).message));
    const { result } = await s.evaluate(ce, { weight: [1, 1, 1, 1] }, 'mean', opts);
    assert.ok(result.value! > 0);
    assert.notEqual(await s.dataset(loss('focal'), resolveParams(loss('focal'))), a, 'another loss builds its own');
  });

  it('sweeps a parameter over its slider range; each point equals a direct evaluation', async () => {
    const s = await sessionOf('regression.csv');
    const r = await s.sweep(loss('huber'), { delta: 1 }, 'mean', 'delta', { seq: 3, points: 5 });
    assert.equal(r.x.length, 5);
    assert.equal(r.current, 1);
    assert.equal(r.seq, 3);
    const ds = await s.dataset(loss('huber'), resolveParams(loss('huber')));
    for (let k = 0; k < r.x.length; k++) {
      const direct = await evaluate(loss('huber'), ds.inputs, { delta: r.x[k] }, { reduction: 'mean' });
      assertClose(r.value[k]!, direct.value, `sweep point ${r.x[k]}`);
    }
    await assert.rejects(() => s.sweep(loss('mse'), {}, 'mean', 'delta', { seq: 1 }), (e: unknown) => errorData(e).code === 'bad_request');
  });

  it('a sweep is cancellable', async () => {
    const s = await sessionOf('regression.csv');
    const c = new AbortController();
    c.abort(new Error('stop'));
    await assert.rejects(() => s.sweep(loss('huber'), {}, 'mean', 'delta', { seq: 1, signal: c.signal }));
  });

  it('loads a stream of chunks into float32 numeric columns only; a text column keeps its first cell for the mapping error, no values', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `${(i % 9) / 4},${(i % 5) / 4},${i === 4000 ? 'see notes' : i}`);
    const text = new TextEncoder().encode(`y_pred,y_true,comment\n${rows.join('\n')}\n`);
    async function* stream(): AsyncIterable<Uint8Array> {
      const buf = new Uint8Array(1000); // one reused buffer, as readChunks does
      for (let i = 0; i < text.length; i += 1000) {
        const n = Math.min(1000, text.length - i);
        buf.set(text.subarray(i, i + n));
        yield buf.subarray(0, n);
      }
    }
    const s = await DataSession.read(stream(), { path: 'notes.csv', folder: null }, { bytesTotal: text.length });
    assert.equal(s.sizeBytes, text.length);
    assert.deepEqual(s.table.blocks.map((b) => [b.columns, b.data.constructor.name, b.data.length]), [[[0], 'Float32Array', 5000], [[1], 'Float32Array', 5000]]);
    assert.equal(s.table.columns[2].stored, null);
    const r = await s.evaluate(loss('mse'), {}, 'mean', opts);
    assert.equal(r.result.n, 5000);
    // the text column mapped: the same message, at the same cell, as when its values were kept
    s.setMapping(loss('mse'), { prediction: ['comment'], target: ['y_true'] });
    await assert.rejects(
      () => s.evaluate(loss('mse'), {}, 'mean', opts),
      (e: unknown) => {
        assert.equal(errorData(e).message, 'non-numeric cell "see notes" in column comment (role prediction): expected a number (notes.csv:4002:3)');
        return true;
      },
    );
  });

  it('loading is cancelled between chunks: the read rejects with the abort reason at the next chunk and closes its input', async () => {
    const line = new TextEncoder().encode('0.5,0.25\n'.repeat(1000));
    let pulled = 0;
    let closed = false;
    const c = new AbortController();
    async function* stream(): AsyncIterable<Uint8Array> {
      try {
        yield new TextEncoder().encode('y_pred,y_true\n');
        for (;;) {
          pulled++;
          if (pulled === 5) c.abort(Object.assign(new Error('stop'), { name: 'AbortError' }));
          yield line;
        }
      } finally {
        closed = true;
      }
    }
    const t0 = Date.now();
    await assert.rejects(
      () => DataSession.read(stream(), { path: 'endless.csv', folder: null }, { signal: c.signal }),
      (e: unknown) => errorData(e).code === 'cancelled',
    );
    assert.equal(pulled, 5, 'no chunk read after the abort');
    assert.ok(closed, "the input's finally ran (readChunks closes its file there)");
    assert.ok(Date.now() - t0 < 1000);
  });

  it('sweep grids stay inside the bounds, move off an exclusive minimum, and are unique integers for integer params', () => {
    const beta: NumberParam = { name: 'beta', kind: 'number', default: 1, min: 0, max: Infinity, minExclusive: true, doc: '', ui: { min: 0, max: 4, step: 0.1 } };
    const g = sweepGrid(beta, 5);
    assert.ok(g[0] > 0, 'beta > 0');
    assert.deepEqual(g.slice(1), [1, 2, 3, 4]);
    const k: IntegerParam = { name: 'k', kind: 'integer', default: 10, min: 1, max: 5, doc: '' };
    assert.deepEqual(sweepGrid(k, 25), [1, 2, 3, 4, 5]);
  });

  it('exports per-sample results: one line per row with its CSV line, loss and per-sample gradient norm', async () => {
    const s = await sessionOf('gaps.csv', 'y_pred,y_true\n1,1\n2,\n4,2\n');
    // mean, not sum: the exported gradient is each row's own, ∂l_i/∂ŷ_i = 2(ŷ−y), not divided by N
    const ev = await s.evaluate(loss('mse'), {}, 'mean', opts);
    const text = perSampleCsv(ev);
    // rows kept: lines 2 and 4; loss (ŷ−y)²: 0 and 4; gradient 2(ŷ−y): 0 and 4.
    assert.equal(text, 'row,line,loss,residual ŷ − y,per_sample_grad_norm\n0,2,0,0,0\n1,4,4,2,4\n');
  });
});
