/** Reply results are valibot schemas in src/shared/results.ts: what the lab produces passes them, malformed results do not. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../../src/engine/backend';
import { getLoss, LOSSES } from '../../../src/engine/registry';
import { curvesFor } from '../../../src/lab/curves-request';
import { parseResult } from '../../../src/shared/results';
import { sessionOf } from './sample-csv';

const viaJson = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

describe('reply result schemas', () => {
  before(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('the curves of every loss pass the curves schema', async () => {
    for (const l of LOSSES) {
      const r = parseResult('curves', viaJson(await curvesFor({ seq: 1, loss: l.id, params: {}, reduction: l.defaultReduction, compare: [] })));
      assert.ok(r.ok, `${l.id}: ${r.ok ? '' : r.message}`);
    }
  });

  it('a data result, a file description and a sweep pass theirs; malformed ones are refused with the path at fault', async () => {
    const s = await sessionOf('classification.csv');
    const ce = getLoss('cross_entropy')!;
    const { result } = await s.evaluate(ce, {}, 'mean', { seq: 2, sampleSize: 1000 });
    const data = parseResult('evaluateData', viaJson(result));
    assert.ok(data.ok, data.ok ? '' : data.message);
    assert.ok(parseResult('loadCsv', viaJson(s.info(ce))).ok);
    const sweep = await s.sweep(ce, {}, 'mean', 'label_smoothing', { seq: 3, points: 3 });
    assert.ok(parseResult('sweep', viaJson(sweep)).ok);

    const broken = viaJson(result) as { scatter: { y: number[] } };
    broken.scatter.y.pop();
    const bad = parseResult('evaluateData', broken);
    assert.equal(bad.ok, false);
    assert.match(bad.ok ? '' : bad.message, /scatter/);
    assert.equal(parseResult('sweep', { ...sweep, x: [1, 2] }).ok, false, 'x and value differ in length');
    assert.equal(parseResult('code', { framework: 'fortran', language: 'f', code: '' }).ok, false);
  });
});
