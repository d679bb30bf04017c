/** One range per numeric hyperparameter: the slider (catalog `ui`) and the sweep cover the same span. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LOSSES } from '../../../src/engine/registry';
import { catalogLoss } from '../../../src/lab/catalog-data';
import { sweepGrid } from '../../../src/lab/data-session';
import { paramRange } from '../../../src/lab/param-range';

describe('paramRange', () => {
  it('every sweepable parameter of every loss is swept over exactly its slider range', () => {
    let checked = 0;
    for (const spec of LOSSES) {
      const cat = catalogLoss(spec);
      for (const p of spec.params) {
        if ((p.kind !== 'number' && p.kind !== 'integer') || !p.sweep) continue;
        const ui = cat.params.find((q) => q.name === p.name) as { ui: { min: number; max: number } };
        assert.deepEqual(ui.ui, paramRange(p), `${spec.id}.${p.name}: catalog ui is paramRange`);
        const g = sweepGrid(p, 25);
        const nudge = (ui.ui.max - ui.ui.min) / 24 / 10 + 1e-12;
        assert.ok(Math.abs(g[0]! - Math.max(ui.ui.min, p.min)) <= nudge, `${spec.id}.${p.name}: sweep starts at the slider's min`);
        assert.ok(Math.abs(g[g.length - 1]! - Math.min(ui.ui.max, p.max)) <= nudge, `${spec.id}.${p.name}: sweep ends at the slider's max`);
        checked++;
      }
    }
    assert.ok(checked >= 8, `checked ${checked} sweepable params`);
  });

  it('an unbounded integer count without a hint sweeps the same 50-step span its slider shows', () => {
    const k = { name: 'k', kind: 'integer' as const, default: 10, min: 1, max: 1e6, sweep: true, doc: '' };
    assert.deepEqual(paramRange(k), { min: 1, max: 50, step: 1 });
    const g = sweepGrid(k, 25);
    assert.equal(g[0], 1);
    assert.equal(g[g.length - 1], 50);
  });
});
