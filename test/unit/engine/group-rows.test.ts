/**
 * Issue #13, class 5: rows are grouped by id by sorting, with no Set or Map, so that more than
 * 2^24 distinct ids (V8's limit on a Set or Map) are grouped too: query ids that fit in float32
 * (the ranking metrics and analysis) and wide ids renumbered to float32 codes (the data layer).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { renumberIds } from '../../../src/data/renumber-ids';
import { groupOf, groupRows, rowsOf } from '../../../src/engine/group-rows';
import { queryRows } from '../../../src/engine/metrics/ranking';

const BIG = 2 ** 24 + 100;

/** The grouping as a Map would give it: ids ascending, rows of each id in input order. */
function reference(values: readonly number[]): Array<[number, number[]]> {
  const m = new Map<number, number[]>();
  values.forEach((v, i) => (m.get(v) ?? m.set(v, []).get(v)!).push(i));
  return [...m.entries()].sort((a, b) => a[0] - b[0]);
}

describe('grouping rows by id', () => {
  it('equals a Map-based grouping on 2 000 random id columns (seeded), -0 and 0 as one id', () => {
    const id = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constantFrom(-0, 2 ** 24, -(2 ** 24), 2 ** 40 + 1, 0.5));
    fc.assert(
      fc.property(fc.array(id, { maxLength: 40 }), (values) => {
        const g = groupRows(values);
        const ref = reference(values);
        assert.equal(g.count, ref.length);
        assert.deepEqual(Array.from(g.ids), ref.map((e) => e[0] + 0));
        ref.forEach(([v, rows], q) => {
          assert.deepEqual(Array.from(rowsOf(g, q)), rows);
          assert.equal(groupOf(g, v), q);
          for (const i of rows) assert.equal(g.group[i], q);
        });
        assert.equal(groupOf(g, 1e9), -1);
      }),
      { numRuns: 2000, seed: 13 },
    );
  });

  it(`groups ${BIG} distinct float32 query ids (over 2^24; a Map threw "Map maximum size exceeded")`, () => {
    // every integer id in [-2^23, 2^23 + 100), in descending order, with one repeat at the end
    const q = new Float32Array(BIG + 1);
    for (let i = 0; i < BIG; i++) q[i] = 2 ** 23 + 99 - i;
    q[BIG] = 7;
    const g = queryRows(q);
    assert.equal(g.count, BIG);
    assert.equal(g.ids[0], -(2 ** 23));
    assert.deepEqual(Array.from(rowsOf(g, groupOf(g, 7))), [2 ** 23 + 92, BIG]);
    assert.deepEqual(Array.from(rowsOf(g, BIG - 1)), [0]);
  });

  it(`renumbers ${BIG} distinct wide ids to float32 codes from -2^24, each code exact (a Set threw "Set maximum size exceeded")`, () => {
    const v = new Float64Array(BIG);
    for (let i = 0; i < BIG; i++) v[i] = 2 ** 40 + 3 * (BIG - 1 - i);
    const r = renumberIds(v)!;
    assert.equal(r.first, -(2 ** 24));
    assert.equal(r.ids.length, BIG);
    // descending ids: row i has the (BIG - 1 - i)-th smallest id
    for (const i of [0, 1, 12345, BIG - 2, BIG - 1]) {
      assert.equal(r.codes[i], BIG - 1 - i - 2 ** 24);
      assert.equal(r.ids[r.codes[i] - r.first], v[i]);
    }
    assert.notEqual(r.codes[BIG - 2], r.codes[BIG - 1]);
  });

  it('renumbers 0..k-1 up to 2^24 + 1 ids and refuses more than the limit (tested at an injected limit of 1000)', () => {
    const v = Float64Array.from({ length: 1001 }, (_, i) => 2 ** 30 + i);
    assert.equal(renumberIds(v, 1000), null);
    const r = renumberIds(v.subarray(0, 1000), 1000)!;
    assert.equal(r.first, 0);
    assert.deepEqual([r.codes[0], r.codes[999]], [0, 999]);
  });
});
