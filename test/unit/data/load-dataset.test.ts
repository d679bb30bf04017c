/**
 * From a CSV table to the engine's inputs: skipped rows counted by reason (or an error with
 * strict), non-numeric and out-of-domain cells placed at file:line:column, multi-column roles
 * interleaved, ids beyond float32 renumbered, kept rows traced back to their lines.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readCsv } from '../../../src/data/csv-reader';
import { DataError } from '../../../src/data/data-error';
import { loadCsv, type LoadedCsv } from '../../../src/data/load-csv';
import { evaluate } from '../../../src/engine/evaluate';
import { InputError } from '../../../src/engine/inputs';
import type { ResolvedParams } from '../../../src/engine/spec';
import { placeInputError, buildDataset, buildDatasetAsync } from '../../../src/data/load-dataset';
import { mapColumns } from '../../../src/data/column-mapping';
import { loss } from '../../helpers/losses';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'csv');

function fixture(name: string): Uint8Array {
  return readFileSync(join(FIXTURES, name));
}

function load(id: string, text: string | Uint8Array, opts: { map?: Record<string, string>; strict?: boolean; params?: ResolvedParams; fileName?: string } = {}): Promise<LoadedCsv> {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  return loadCsv(loss(id), bytes, { fileName: opts.fileName ?? 't.csv', ...opts });
}

async function rejectsWith(p: Promise<unknown>, message: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof DataError, `expected a DataError, got ${String(e)}`);
    assert.equal(e.message, message);
    return true;
  });
}

describe('dataset: rows with missing or non-finite values', () => {
  it('skips them, counting each reason with its first line, and keeps the lines of the rows used', async () => {
    // regression-missing.csv: id 2 has y_pred nan, id 3 an empty y_true, id 4 y_pred inf, id 6
    // y_pred 1e400 (infinite in float32); ids 1, 5, 7 (lines 2, 6, 8) are complete.
    const ds = await load('mse', fixture('regression-missing.csv'), { fileName: 'regression-missing.csv' });
    assert.equal(ds.rowsRead, 7);
    assert.equal(ds.n, 3);
    assert.deepEqual(Array.from(ds.lines), [2, 6, 8]);
    assert.deepEqual(Array.from(ds.keptRows!), [0, 4, 6]);
    assert.deepEqual(Array.from(ds.inputs.prediction!.data), [0.5, -1, 3]);
    assert.deepEqual(Array.from(ds.inputs.target!.data), [1, 0, 2.5]);
    assert.deepEqual(ds.skipped, {
      count: 4,
      reasons: [
        { reason: 'missing or NaN value in prediction (column y_pred)', count: 1, firstLine: 3 },
        { reason: 'infinite value in prediction (column y_pred)', count: 2, firstLine: 5 },
        { reason: 'missing or NaN value in target (column y_true)', count: 1, firstLine: 4 },
      ],
    });
    // the text column "comment" is not used, so it is no error
  });

  it('with strict, makes the first such row an error at its cell', async () => {
    await rejectsWith(
      load('mse', fixture('regression-missing.csv'), { strict: true, fileName: 'regression-missing.csv' }),
      'missing or NaN value in prediction (column y_pred); strict mode allows none (without it such rows are skipped and counted) (regression-missing.csv:3:2)',
    );
  });

  it('only looks at the columns used', async () => {
    const ds = await load('mse', 'y_pred,y_true,other\n1,2,nan\n3,4,\n');
    assert.equal(ds.n, 2);
    assert.equal(ds.skipped.count, 0);
  });

  it('rejects a file where no row is complete', async () => {
    await rejectsWith(
      load('mse', 'y_pred,y_true\nnan,1\n2,inf\n'),
      'no rows left: all 2 data rows have missing or non-finite values in the columns used (missing or NaN value in prediction (column y_pred); infinite value in target (column y_true)) (t.csv:2:1)',
    );
  });
});

describe('dataset: placed errors', () => {
  it('rejects a used column with a non-numeric cell at that cell', async () => {
    await rejectsWith(load('mse', fixture('bad-nonnumeric.csv'), { fileName: 'bad-nonnumeric.csv' }), 'non-numeric cell "n/a?" in column y_true (role target): expected a number (bad-nonnumeric.csv:4:2)');
    await rejectsWith(
      load('mse', fixture('regression-missing.csv'), { map: { prediction: 'comment' }, fileName: 'r.csv' }),
      'non-numeric cell "ok" in column comment (role prediction): expected a number (r.csv:2:4)',
    );
  });

  it('suggests a decimal point when a semicolon file uses decimal commas', async () => {
    await rejectsWith(
      load('mse', 'y_pred;y_true\n1,5;2\n'),
      'non-numeric cell "1,5" in column y_pred (role prediction): expected a number (a decimal comma? numbers must use a decimal point) (t.csv:2:1)',
    );
  });

  it('places a class index out of range at its file line and column', async () => {
    await rejectsWith(
      load('cross_entropy', fixture('bad-class-range.csv'), { fileName: 'bad-class-range.csv' }),
      'column label (role target): expected a class index in [0, 2] or ignore_index -100, got 3 (bad-class-range.csv:3:4)',
    );
  });

  it('places a label outside {0, 1} at its file line and column', async () => {
    await rejectsWith(load('bce_with_logits', fixture('bad-binary-label.csv'), { fileName: 'bad-binary-label.csv' }), 'column label (role target): expected a label 0 or 1, got 2 (bad-binary-label.csv:4:2)');
  });

  it('places a cell outside a domain that holds only under a parameter (poisson_nll rate with log_input = false), not otherwise', async () => {
    const text = 'rate,count\n0.5,1\nnan,2\n-0.5,3\n';
    const map = { prediction: 'rate', target: 'count' };
    await rejectsWith(
      load('poisson_nll', text, { map, params: { log_input: false, full: false, eps: 1e-8 } }),
      'column rate (role prediction): expected a value >= 0 (with log_input = false the prediction is the rate λ; for a log-rate set log_input = true), got -0.5 (t.csv:4:1)',
    );
    const ds = await load('poisson_nll', text, { map, params: { log_input: true, full: false, eps: 1e-8 } });
    assert.deepEqual(Array.from(ds.inputs.prediction!.data), [0.5, -0.5]);
  });

  it("refuses more rows than the loss's bound (info_nce: 1024) at the line of the first kept row beyond it; skipped rows do not count", async () => {
    const rows = (k: number): string => 'a,b\n' + Array.from({ length: k }, (_, i) => (i === 2 ? 'nan,1' : `${i % 7},${(i * 3) % 5}`)).join('\n') + '\n';
    const map = { x1: 'a', x2: 'b' };
    // 1026 data rows, the third (line 4) skipped: 1025 kept, the 1025th of them on line 1027.
    await rejectsWith(
      load('info_nce', rows(1026), { map }),
      `info_nce takes at most 1024 rows (${loss('info_nce').maxRows!.why}), got 1025 rows; use a sample of at most 1024 rows (for example one training batch) (t.csv:1027:1)`,
    );
    const ds = await load('info_nce', rows(1025), { map });
    assert.equal(ds.n, 1024);
  });

  it('counts skipped rows when placing a domain error (row index -> file line)', async () => {
    await rejectsWith(load('bce_with_logits', 'logit,label\nnan,1\n\n0.5,1\n0.2,5\n'), 'column label (role target): expected a label 0 or 1, got 5 (t.csv:5:2)');
  });

  it('places a domain error of a multi-column role at the column of the offending cell', async () => {
    const spec = loss('mse');
    const table = await readCsv(new TextEncoder().encode('y_pred,y_true\n1,2\n\n3,4\n'), { fileName: 'x.csv' });
    const ds = buildDataset(table, spec, mapColumns(spec, table));
    const e = placeInputError(new InputError('role target: expected a value >= 0, got -1', 'target', 1, 0), ds);
    assert.ok(e instanceof DataError);
    assert.equal(e.message, 'column y_true (role target): expected a value >= 0, got -1 (x.csv:4:2)');
    const plain = new InputError('mse: no rows to compute on');
    assert.equal(placeInputError(plain, ds), plain);
  });
});

describe('dataset: engine inputs', () => {
  it('interleaves a multi-column role row-major, in mapping order', async () => {
    const ds = await load('cross_entropy', fixture('classification.csv'));
    assert.equal(ds.inputs.logits!.cols, 3);
    assert.deepEqual(Array.from(ds.inputs.logits!.data), [2, 0.5, -1, 0.1, 0.2, 3, -1, 1, 0, 1.5, 1.5, 1.5].map(Math.fround));
    assert.deepEqual(Array.from(ds.inputs.target!.data), [0, 2, 1, 1]);
    assert.deepEqual(ds.inputs.logits!.columns, ['logit_0', 'logit_1', 'logit_2']);
    const swapped = await load('cross_entropy', fixture('classification.csv'), { map: { logits: 'logit_2,logit_0,logit_1' } });
    assert.deepEqual(Array.from(swapped.inputs.logits!.data.subarray(0, 3)), [-1, 2, 0.5]);
  });

  it('hands a complete single column to the engine without copying it', async () => {
    const table = await readCsv(new TextEncoder().encode('y_pred,y_true\n1,2\n3,4\n'), { fileName: 'x.csv' });
    const spec = loss('mse');
    const ds = buildDataset(table, spec, mapColumns(spec, table));
    assert.equal(ds.inputs.prediction!.data, table.columns[0].values);
    assert.equal(ds.keptRows, null);
  });

  it('renumbers query ids that float32 cannot tell apart, keeping groups and order, and evaluates as with small ids', async () => {
    // 16777217 and 16777216 are the same number in float32
    const big = 'qid,score,rel\n16777217,0.9,2\n16777217,0.3,0\n16777216,0.5,1\n16777216,0.2,0\n';
    const small = 'qid,score,rel\n2,0.9,2\n2,0.3,0\n1,0.5,1\n1,0.2,0\n';
    const ds = await load('ranknet', big);
    assert.deepEqual(Array.from(ds.inputs.query!.data), [1, 1, 0, 0]);
    assert.deepEqual(Array.from(ds.idValues!.query!.ids), [16777216, 16777217]);
    assert.deepEqual(ds.notes, ['column qid holds ids above 2^24, which float32 cannot tell apart; role query uses them renumbered 0..1 in increasing order (same groups, same order)']);
    const ref = await load('ranknet', small);
    const spec = loss('ranknet');
    const a = await evaluate(spec, ds.inputs, {}, { perSample: true });
    const b = await evaluate(spec, ref.inputs, {}, { perSample: true });
    assert.equal(a.value, b.value);
    assert.equal(a.count, 2);
  });
});

/**
 * loadCsv maps the columns as soon as the header is read and stores only what the mapping uses,
 * each multi-column role row-major in one array that becomes the engine's input (compacted in
 * place when rows are skipped). Reference: the plain route (every column read on its own, then
 * mapped and copied by buildDataset), which the panel uses.
 */
describe('dataset: reading only what the loss uses (loadCsv layout)', () => {
  const enc = (s: string) => new TextEncoder().encode(s);

  async function plain(id: string, text: string, map: Record<string, string> = {}) {
    const table = await readCsv(enc(text), { fileName: 't.csv' });
    return buildDataset(table, loss(id), mapColumns(loss(id), table, map));
  }

  /** A random CSV: C logit columns, a target, extra unused columns, some empty/nan/inf cells. */
  function randomCsv(seed: number, rows: number, C: number): string {
    let s = seed;
    const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const cell = (v: string) => (rnd() < 0.03 ? ['', 'nan', 'inf', '-inf'][Math.floor(rnd() * 4)] : v);
    const head = ['note', ...Array.from({ length: C }, (_, c) => `logit_${c}`), 'extra', 'target'];
    const lines = [head.join(',')];
    for (let i = 0; i < rows; i++) {
      if (rnd() < 0.05) lines.push(''); // blank lines shift file lines
      const z = Array.from({ length: C }, () => cell((rnd() * 8 - 4).toFixed(3)));
      lines.push([`"n ${i}"`, ...z, cell(String(rnd() * 1e9)), cell(String(Math.floor(rnd() * C)))].join(','));
    }
    return lines.join('\n') + '\n';
  }

  for (const seed of [1, 2, 3, 4, 5]) {
    it(`gives the same inputs, lines and skip counts as the plain route (random file ${seed})`, async () => {
      const text = randomCsv(seed, 300 + seed * 37, 2 + seed);
      const maps: Array<Record<string, string>> = [{}, { logits: [...Array(2 + seed).keys()].reverse().map((c) => `logit_${c}`).join(',') }];
      for (const map of maps) {
        const a = await load('cross_entropy', text, { map });
        const b = await plain('cross_entropy', text, map);
        assert.ok(a.skipped.count > 0, 'the file has rows to skip');
        assert.deepEqual(a.skipped, b.skipped);
        assert.deepEqual(Array.from(a.lines), Array.from(b.lines));
        assert.deepEqual(Array.from(a.inputs.logits!.data), Array.from(b.inputs.logits!.data));
        assert.deepEqual(Array.from(a.inputs.target!.data), Array.from(b.inputs.target!.data));
        assert.equal(a.n, b.n);
      }
    });
  }

  it('stores a multi-column role row-major as read and uses that array, leaving unused columns out', async () => {
    const spec = loss('cross_entropy');
    const table = await readCsv(enc('id,logit_0,logit_1,target\n7,1,2,0\n8,3,4,1\n9,5,6,1\n'), {
      fileName: 't.csv',
      layout: () => ({ blocks: [[1, 2], [3]] }),
    });
    assert.deepEqual(Array.from(table.blocks[0].data), [1, 2, 3, 4, 5, 6]);
    assert.equal(table.columns[0].stored, null);
    assert.throws(() => table.columns[0].values, /column id was not stored/);
    assert.deepEqual(Array.from(table.columns[2].values), [2, 4, 6], 'a grouped column reads out on demand');
    const ds = buildDataset(table, spec, mapColumns(spec, table), { consumeTable: true });
    assert.equal(ds.inputs.logits!.data, table.blocks[0].data, 'no copy');
  });

  it('compacts a consumed block in place when rows are skipped', async () => {
    const spec = loss('cross_entropy');
    const table = await readCsv(enc('logit_0,logit_1,target\n1,2,0\nnan,4,1\n5,6,1\n7,,0\n9,10,1\n'), { fileName: 't.csv', layout: () => ({ blocks: [[0, 1], [2]] }) });
    const block = table.blocks[0].data;
    const ds = buildDataset(table, spec, mapColumns(spec, table), { consumeTable: true });
    assert.deepEqual(Array.from(ds.inputs.logits!.data), [1, 2, 5, 6, 9, 10]);
    assert.equal(ds.inputs.logits!.data.buffer, block.buffer, 'same memory');
    assert.deepEqual(Array.from(ds.lines), [2, 4, 6]);
  });

  it('widens a lone id column beyond 2^24 but keeps grouped columns float32', async () => {
    const table = await readCsv(enc('a,b,c\n16777217,16777217,1\n'), { fileName: 't.csv', layout: () => ({ blocks: [[0], [1, 2]] }) });
    assert.equal(table.columns[0].wide, true);
    assert.equal(table.columns[0].values[0], 16777217);
    assert.equal(table.columns[1].wide, false);
    assert.equal(table.columns[1].values[0], 16777216);
  });

  it('maps a column given to two roles once per role (stored alone, copied)', async () => {
    const a = await load('mse', 'y_pred,y_true\n1,2\n3,4\n', { map: { prediction: 'y_pred', target: 'y_pred' } });
    assert.deepEqual(Array.from(a.inputs.prediction!.data), [1, 3]);
    assert.deepEqual(Array.from(a.inputs.target!.data), [1, 3]);
    // with rows skipped, each role gets the kept rows once (not compacted twice)
    const b = await load('mse', 'y_pred,y_true\n1,2\nnan,4\n5,6\n7,\n9,10\n', { map: { prediction: 'y_pred', target: 'y_pred' } });
    assert.deepEqual(Array.from(b.inputs.prediction!.data), [1, 5, 7, 9]);
    assert.deepEqual(Array.from(b.inputs.target!.data), [1, 5, 7, 9]);
  });

  it('reports a mapping error when the header is read, before the rest of the input', async () => {
    async function* input() {
      yield enc('y_pred,other\n1,2\n');
      throw new Error('read past the header');
    }
    await assert.rejects(loadCsv(loss('mse'), input(), { fileName: 'h.csv' }), (e: unknown) => e instanceof DataError && /^no column for role target/.test(e.message));
  });
});

/**
 * The panel builds its dataset in steps between which the extension host runs (issue #10 §6): the
 * same dataset as the one-call build, and an abort ends it at the next step.
 */
describe('dataset: the stepped build for the panel (buildDatasetAsync)', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  const ROWS = 150_000; // more than two copy steps of 2^16 rows
  let table: Awaited<ReturnType<typeof readCsv>> | null = null;
  async function bigTable() {
    if (table) return table;
    const lines = ['logit_0,logit_1,logit_2,logit_3,target'];
    for (let i = 0; i < ROWS; i++) lines.push(`${i % 7},${(i * 3) % 11},${i % 5 === 0 && i % 1000 === 0 ? 'nan' : i % 13},${-i % 3},${i % 4}`);
    return (table = await readCsv(enc(lines.join('\n') + '\n'), { fileName: 'big.csv' }));
  }

  it('gives the same inputs, lines and skip counts as buildDataset, in several steps', async () => {
    const t = await bigTable();
    const spec = loss('cross_entropy');
    const a = buildDataset(t, spec, mapColumns(spec, t));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const b = await buildDatasetAsync(t, spec, mapColumns(spec, t)).finally(() => clearInterval(timer));
    assert.ok(a.skipped.count > 0, 'some rows are skipped');
    assert.deepEqual(b.skipped, a.skipped);
    assert.equal(b.n, a.n);
    assert.deepEqual(b.lines, a.lines);
    assert.deepEqual(b.inputs.logits!.data, a.inputs.logits!.data);
    assert.deepEqual(b.inputs.target!.data, a.inputs.target!.data);
    assert.ok(ticks >= 1, 'the event loop ran during the build');
  });

  it('an abort during the build rejects at the next step, with the signal\'s reason', async () => {
    const t = await bigTable();
    const spec = loss('cross_entropy');
    const c = new AbortController();
    const reason = Object.assign(new Error('cancelled'), { name: 'AbortError' });
    let abortedAt = 0;
    setImmediate(() => {
      abortedAt = performance.now();
      c.abort(reason);
    });
    await assert.rejects(buildDatasetAsync(t, spec, mapColumns(spec, t), { signal: c.signal }), (e: unknown) => e === reason);
    const ms = performance.now() - abortedAt;
    assert.ok(abortedAt > 0, 'the build had started and yielded before the abort');
    assert.ok(ms < 150, `rejected ${ms.toFixed(0)} ms after the abort (one step is a few ms)`);
  });

  it('an already aborted signal rejects before any work', async () => {
    const t = await bigTable();
    const spec = loss('cross_entropy');
    const c = new AbortController();
    c.abort(new Error('gone'));
    await assert.rejects(buildDatasetAsync(t, spec, mapColumns(spec, t), { signal: c.signal }), /gone/);
  });
});
