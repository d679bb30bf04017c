/**
 * Issue #13 in the panel: the data view reads files through the same data layer as the CLI, so a
 * hostile CSV is refused (or read) with the same bounds and the same placed message, which the
 * panel sends to the data view as a `data_error` with its location. The read yields to the event
 * loop between 4 MB slices and gives up within the first slice or two, so the extension host is
 * never blocked for long. (The in-host check is test/integration/suite/hostile-csv.test.ts.)
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../../src/engine/backend';
import { getLoss } from '../../../src/engine/registry';
import { DataSession } from '../../../src/lab/data-session';
import { errorData } from '../../../src/lab/error-data';
import type { ErrorData } from '../../../src/shared/protocol';
import { assertLinearWork } from '../../helpers/work-bound';

const enc = new TextEncoder();
const ref = { path: 'data/hostile.csv', folder: null };

/** Reads `bytes` as the panel does; returns the error data it would send, and the bytes parsed before it. */
async function refusal(bytes: Uint8Array): Promise<{ error: ErrorData; parsed: number }> {
  let parsed = 0;
  try {
    await DataSession.read(bytes, ref, { onProgress: (done) => (parsed = done) });
  } catch (e) {
    return { error: errorData(e), parsed };
  }
  assert.fail('the hostile file was read without an error');
}

describe('hostile CSVs in the panel', () => {
  before(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('64 MB of NUL bytes: a data_error at 1:1 after parsing at most the first 4 MB slice', async () => {
    const { error, parsed } = await refusal(new Uint8Array(64 << 20));
    assert.equal(error.code, 'data_error');
    assert.match(error.message, /^column name too long: more than 1 MiB \(1048576 bytes\) in one column name/);
    assert.deepEqual(error.location, { file: 'data/hostile.csv', line: 1, column: 1 });
    assert.ok(parsed <= 4 << 20, `parsed ${parsed} bytes first`);
  });

  it('a quoted cell that never ends: a data_error at the line and field where it opens', async () => {
    const { error } = await refusal(enc.encode(`y_pred,y_true\n1,2\n3,"${'x\n'.repeat(3 << 19)}`));
    assert.match(error.message, /^field too long:/);
    assert.deepEqual(error.location, { file: 'data/hostile.csv', line: 3, column: 2 });
  });

  it('a header of 70 000 columns: refused at column 65 537', async () => {
    const { error } = await refusal(enc.encode(Array.from({ length: 70_000 }, (_, i) => `c${i}`).join(',') + '\n1\n'));
    assert.match(error.message, /^too many columns/);
    assert.deepEqual(error.location, { file: 'data/hostile.csv', line: 1, column: 65537 });
  });

  it('a 10^5-digit cell followed by a letter: read; in a used column, a short placed message in the data view', async () => {
    const s = await DataSession.read(enc.encode(`y_pred,y_true,note\n1,2,${'1'.repeat(100_000)}x\n1,${'1'.repeat(100_000)}x,a\n`), ref);
    assert.equal(s.info(getLoss('mse')!).rows, 2);
    const error = await s.evaluate(getLoss('mse')!, {}, 'mean', { seq: 1, sampleSize: 100 }).then(
      () => assert.fail('evaluated a non-numeric target'),
      (e: unknown) => errorData(e),
    );
    assert.equal(error.code, 'data_error');
    assert.equal(error.message, `non-numeric cell "${'1'.repeat(37)}..." in column y_true (role target): expected a number (data/hostile.csv:3:2)`);
    assert.deepEqual(error.location, { file: 'data/hostile.csv', line: 3, column: 2 });
  });

  it('a column name of 10^5 characters: mapping, suggestions and messages stay short', async () => {
    const s = await DataSession.read(enc.encode(`${'logit_'.repeat(20_000)},y_pred,y_true\n1,2,3\n`), ref);
    const info = s.info(getLoss('cross_entropy')!);
    assert.ok((info.mappingError ?? '').length < 1000, `${(info.mappingError ?? '').length} characters`);
    assert.equal(s.suggestLoss(getLoss('cross_entropy')!), 'mse');
  });

  it('a mapping of 4096 column names from the webview against 65 536 columns costs about what one name does', async () => {
    const names = Array.from({ length: 65_535 }, (_, i) => `f_${i}`);
    const s = await DataSession.read(enc.encode(`${names.join(',')},label\n${names.map(() => '0.5').join(',')},1\n`), ref);
    const spec = getLoss('triplet_mined')!;
    const many = { embedding: names.filter((_, i) => i % 16 === 0).slice(0, 4096), label: ['label'] };
    s.setMapping(spec, many);
    assert.equal(s.info(spec).mapping!.embedding!.length, 4096);
    assertLinearWork('setMapping with 4096 names', () => s.setMapping(spec, many), () => s.setMapping(spec, { embedding: ['f_7'], label: ['label'] }));
  });
});
