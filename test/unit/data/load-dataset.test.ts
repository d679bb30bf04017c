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
import { getLoss } from '../../../src/engine/registry';
import type { LossSpec } from '../../../src/engine/spec';
import { placeInputError, buildDataset } from '../../../src/data/load-dataset';
import { mapColumns } from '../../../src/data/column-mapping';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'csv');

function loss(id: string): LossSpec {
  const s = getLoss(id);
  assert.ok(s, `${id} is in the registry`);
  return s;
}

function fixture(name: string): Uint8Array {
  return readFileSync(join(FIXTURES, name));
}

function load(id: string, text: string | Uint8Array, opts: { map?: Record<string, string>; strict?: boolean; params?: Record<string, unknown>; fileName?: string } = {}): Promise<LoadedCsv> {
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
    assert.deepEqual(Array.from(ds.idValues!.query!), [16777216, 16777217]);
    assert.deepEqual(ds.notes, ['column qid holds ids above 2^24, which float32 cannot tell apart; role query uses them renumbered 0..1 in increasing order (same groups, same order)']);
    const ref = await load('ranknet', small);
    const spec = loss('ranknet');
    const a = await evaluate(spec, ds.inputs, {}, { perSample: true });
    const b = await evaluate(spec, ref.inputs, {}, { perSample: true });
    assert.equal(a.value, b.value);
    assert.equal(a.count, 2);
  });
});
