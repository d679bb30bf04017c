/**
 * One evaluation resolves the params, maps the columns and checks the value domains once each: the
 * built dataset and the resolved params are passed on (to the engine, to the file's description),
 * not recomputed on the other side (#10 §3).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { evalCommand } from '../../../src/cli/eval';
import { initBackend } from '../../../src/engine/backend';
import { callCounts, resetCallCounts } from '../../../src/engine/call-count';
import { getLoss } from '../../../src/engine/registry';
import type { LossSpec } from '../../../src/engine/spec';
import { sessionOf, SAMPLES } from './sample-csv';

const loss = (id: string): LossSpec => getLoss(id)!;
const opts = { seq: 1, sampleSize: 1000 };
const ONCE = { resolveParams: 1, checkDomains: 1, mapColumns: 1 };

describe('each check runs once per evaluation', () => {
  before(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('the panel: the first evaluation (dataset built) and the next (dataset reused, params re-checked) each map, resolve and check once', async () => {
    const s = await sessionOf('classification.csv');
    const ce = loss('cross_entropy');
    resetCallCounts();
    await s.evaluate(ce, { label_smoothing: 0.1 }, 'mean', opts);
    assert.deepEqual(callCounts(), ONCE, 'first evaluation');
    resetCallCounts();
    await s.evaluate(ce, { label_smoothing: 0.2 }, 'mean', opts);
    assert.deepEqual(callCounts(), ONCE, 'evaluation on the cached dataset');
  });

  it('the CLI: loss-lab eval resolves, maps and checks once', async () => {
    let out = '';
    resetCallCounts();
    await evalCommand.run(['--loss', 'huber', '--data', join(SAMPLES, 'regression.csv'), '--param', 'delta=0.5'], {
      out: async (c) => {
        out += typeof c === 'string' ? c : Buffer.from(c).toString();
      },
      env: {},
    });
    assert.match(out, /"value"/);
    assert.deepEqual(callCounts(), ONCE);
  });
});
