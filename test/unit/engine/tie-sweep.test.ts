/**
 * The tie sweep (issue #14): every loss of the catalog at its special points (tie-points.ts),
 * on every backend. Where the loss is smooth the gradient must equal central finite differences;
 * where it is not, it must be PyTorch's choice (the golden case) and the loss's spec must say so.
 * The table is checked against the registry, so a loss added without tie points fails here, and
 * against the golden fixtures, so every golden tie case is judged and sits exactly on its point.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../../src/engine/backend';
import { getLoss, LOSSES } from '../../../src/engine/registry';
import type { LossSpec } from '../../../src/engine/spec';
import { backendsUnderTest } from '../../helpers/backends';
import { checkGradientFD } from '../../helpers/finite-diff';
import { goldenFamilies, loadGolden, toInputs, type GoldenCase } from '../../helpers/golden';
import { assertMatchesGolden } from '../../helpers/golden-check';
import { TIE_POINTS, type TiePoint } from './tie-points';

const TIES = 'ties: ';
const tieCases = goldenFamilies()
  .flatMap(loadGolden)
  .filter((c) => c.name.includes(TIES));
const labelOf = (c: GoldenCase): string => c.name.slice(c.name.indexOf(TIES) + TIES.length);
const casesOf = (id: string, t: TiePoint): GoldenCase[] => tieCases.filter((c) => c.loss === id && t.golden.includes(labelOf(c)) && (t.applies?.(c) ?? true));

/** Everything a loss's spec says: where its choices at non-differentiable points are stated. */
const specText = (s: LossSpec): string => [s.doc, s.formula, s.reference, s.convention, ...s.params.map((p) => p.doc)].join(' ');

describe('tie sweep: the table of special points covers the catalog', () => {
  it('every loss of the registry has tie points, and the table names no other loss', () => {
    const ids = LOSSES.map((l) => l.id);
    const missing = ids.filter((id) => !(TIE_POINTS[id]?.length > 0));
    assert.deepEqual(missing, [], `losses without tie points: add them to test/unit/engine/tie-points.ts (and their golden cases)`);
    assert.deepEqual(Object.keys(TIE_POINTS).filter((id) => !getLoss(id)), [], 'tie points of losses not in the registry');
  });

  for (const { id } of LOSSES) {
    const points = TIE_POINTS[id] ?? [];
    it(`${id}: every tie point has golden cases sitting exactly on it, and every golden tie case of ${id} is judged`, () => {
      for (const t of points) {
        const cs = casesOf(id, t);
        assert.ok(cs.length > 0, `${id} at ${t.point}: no golden case named "... ${TIES}${t.golden.join('" or "')}"`);
        for (const c of cs) assert.equal(t.sits(c), null, `${c.name} is not on the point ${t.point}`);
      }
      const judged = new Set(points.flatMap((t) => casesOf(id, t)));
      const orphans = tieCases.filter((c) => c.loss === id && !judged.has(c)).map((c) => c.name);
      assert.deepEqual(orphans, [], `golden tie cases of ${id} that no tie point judges`);
    });

    for (const t of points) {
      if (t.check.kind === 'smooth') continue;
      const stated = t.check.stated;
      it(`${id}: its spec states the gradient at ${t.point}`, () => {
        assert.ok(specText(getLoss(id)!).includes(stated), `the spec of ${id} (doc, formula, convention, parameters) does not say "${stated}"`);
      });
    }
  }
});

for (const backend of backendsUnderTest()) {
  describe(`tie sweep on the ${backend} backend`, () => {
    before(async () => {
      const info = await initBackend({ backend });
      assert.equal(info.name, backend);
    });

    for (const { id } of LOSSES) {
      for (const t of TIE_POINTS[id] ?? []) {
        for (const c of casesOf(id, t)) {
          const check = t.check;
          if (check.kind === 'smooth') {
            it(`${id} at ${t.point} is smooth: its gradient equals central differences (${c.name})`, async () => {
              const fd = { eps: 1e-3, rtol: 1e-3, atol: 1e-3, ...check.fd };
              await checkGradientFD(getLoss(id)!, toInputs(c), c.params, c.reduction, fd);
            });
          } else if (check.kind === 'value') {
            it(`${id} at ${t.point} has no gradient: its value is the reference's, ranked as its spec states (${c.name})`, () => assertMatchesGolden(c));
          } else if (check.kind === 'kink') {
            // lambdamart's golden reference is the transcription of LightGBM (gen_lambdamart.py)
            const whose = id === 'lambdamart' ? "LightGBM's (transcribed)" : "PyTorch's";
            it(`${id} at ${t.point} is not differentiable: its gradient is ${whose} choice, as its spec states (${c.name})`, () => assertMatchesGolden(c));
          } else {
            it(`${id} at ${t.point}: its gradient is PyTorch's (${check.why}) (${c.name})`, () => assertMatchesGolden(c));
          }
        }
      }
    }
  });
}
