/** Histograms, worst-unit selection and decimation. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { histogram, quantile } from '../../../src/lab/analysis/histogram';
import fc from 'fast-check';
import { decimate, float32Point, gradientNorms, topIndices } from '../../../src/lab/analysis/per-row';

describe('histogram and per-row helpers', () => {
  it('bins [0, 1, 2, 3, 4] into 4 equal bins, the last one closed: counts [1, 1, 1, 2]', () => {
    const h = histogram([0, 1, 2, 3, 4], { bins: 4 });
    assert.deepEqual(h.edges, [0, 1, 2, 3, 4]);
    assert.deepEqual(h.counts, [1, 1, 1, 2]);
  });

  it('skips NaN and infinities, and a constant input gets one bin around the value', () => {
    assert.deepEqual(histogram([1, NaN, 2, Infinity, -Infinity], { bins: 1 }).counts, [2]);
    const c = histogram([3, 3, 3], { bins: 2 });
    assert.deepEqual(c.counts.reduce((s, x) => s + x, 0), 3);
    assert.ok(c.edges[0] < 3 && c.edges[2] > 3);
    assert.deepEqual(histogram([NaN]), { edges: [], counts: [] });
  });

  it('quantile is the nearest-rank value of the finite values', () => {
    assert.equal(quantile([5, 1, 4, 2, 3, NaN], 0.5), 3);
    assert.equal(quantile([5, 1, 4, 2, 3], 0.99), 5);
    assert.equal(quantile([5, 1, 4, 2, 3], 0), 1);
  });

  it('quantile (counting bins, then a quickselect in one bin) equals the sorted nearest rank on random, tied, skewed and non-finite data', () => {
    let seed = 1;
    const rnd = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const draw = [
      () => Math.floor(rnd() * 3), // ties
      () => Math.exp(rnd() * 40 - 20), // skewed over 17 decades
      () => (rnd() < 0.1 ? [NaN, Infinity, -Infinity][Math.floor(rnd() * 3)] : rnd() * 2 - 1),
      () => 7, // constant
      () => (rnd() - 0.5) * 1e30,
    ];
    for (let t = 0; t < 1000; t++) {
      const v = Float64Array.from({ length: Math.floor(rnd() * 300) }, draw[t % draw.length]);
      const sorted = Array.from(v).filter(Number.isFinite).sort((a, b) => a - b);
      for (const q of [0, 0.01, 0.5, 0.99, 1, rnd()]) {
        const want = sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] : NaN;
        assert.equal(quantile(v, q), want, `case ${t}, q ${q}`);
      }
    }
  });

  it('topIndices returns the k largest finite values, largest first, earlier index first on ties', () => {
    assert.deepEqual(topIndices([3, 9, NaN, 9, 1, 7], 3), [1, 3, 5]);
    assert.deepEqual(topIndices([1, 2], 5), [1, 0]);
    assert.deepEqual(topIndices([1, 2], 0), []);
  });

  it('decimate keeps everything when small, else at most `size` sorted unique indices including the kept ones', () => {
    assert.deepEqual(decimate(4, 10), [0, 1, 2, 3]);
    const d = decimate(1_000_000, 1000, [999_999, 123_457]);
    assert.ok(d.length <= 1000 && d.length > 990);
    assert.ok(d.includes(999_999) && d.includes(123_457));
    assert.deepEqual(d, [...d].sort((a, b) => a - b));
    assert.equal(new Set(d).size, d.length);
  });

  it('gradient norms are the L2 norm of each row summed over roles', () => {
    // row 0: √(3² + 4² + 0² + 0²) = 5; row 1: √(0² + 1² + 2² + 2²) = 3.
    const n = gradientNorms(
      [
        { data: Float32Array.of(3, 4, 0, 1), cols: 2 },
        { data: Float32Array.of(0, 0, 2, 2), cols: 2 },
      ],
      2,
    );
    assert.deepEqual(Array.from(n), [5, 3]);
  });

  it('float32Point: the float32 of the value, in its shortest decimal (hand-worked)', () => {
    // float32(0.10061) = 0.100610002875328063964...: 0.10061 reads back as it.
    assert.equal(float32Point(Math.fround(0.10061)), 0.10061);
    // float32(1/3) = 0.3333333432674408; the shortest decimal that reads back is 0.33333334.
    assert.equal(float32Point(1 / 3), 0.33333334);
    assert.equal(float32Point(16777217), 16777216); // 2^24 + 1 is not a float32
    assert.equal(float32Point(0), 0);
    assert.equal(float32Point(1e39), Infinity); // beyond float32's range
  });

  it('float32Point reads back as the same float32 and is never longer than its 17-digit text', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, min: -3e38, max: 3e38 }), (x) => {
        const p = float32Point(x);
        assert.equal(Math.fround(p), Math.fround(x));
        assert.ok(String(p).length <= String(Math.fround(x)).length);
      }),
      { numRuns: 5000 },
    );
  });
});
