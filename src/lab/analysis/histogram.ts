/**
 * Histograms and order statistics of large float arrays, in one or two passes, skipping values
 * that are not finite (they are counted by the caller's skip logic, never binned).
 */
import type { Histogram } from '../../shared/results';

export interface HistogramOptions {
  readonly bins?: number;
  /** Fixed range; by default [min, max] of the finite values. */
  readonly range?: readonly [number, number];
}

export function finiteRange(values: ArrayLike<number>): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  // NaN fails both comparisons; ±Infinity would make the range useless, so recompute if present.
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    lo = Infinity;
    hi = -Infinity;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

/** Equal-width bins; the last bin includes its right edge. A constant input gets one bin around it. */
export function histogram(values: ArrayLike<number>, opts: HistogramOptions = {}): Histogram {
  const bins = opts.bins ?? 40;
  const range = opts.range ?? finiteRange(values);
  if (!range) return { edges: [], counts: [] };
  let [lo, hi] = range;
  if (hi === lo) {
    const pad = lo === 0 ? 0.5 : Math.abs(lo) * 0.05;
    lo -= pad;
    hi += pad;
  }
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v) || v < lo || v > hi) continue;
    counts[Math.min(bins - 1, Math.floor((v - lo) / width))]++;
  }
  const edges = Array.from({ length: bins + 1 }, (_, k) => (k === bins ? hi : lo + k * width));
  return { edges, counts };
}

/** Bins of quantile's counting pass. */
const QUANTILE_BINS = 4096;

/**
 * The q-quantile (0..1) of the finite values, nearest rank, in O(n) without copying them: a pass
 * for the range and count, one counting the values into 4096 equal-width bins, then the bin that
 * holds the wanted rank is copied out (about n/4096 values on spread data) and quickselected. A
 * float64 copy of all values for the quickselect was 80 MB of fresh memory per call at 1e7 rows
 * (slow to touch on this kind of VM: issue #10 §6); sorting a million values took over a second.
 */
export function quantile(values: ArrayLike<number>, q: number): number {
  // Plain loops: TypedArray.prototype.filter with a callback took 1.5 s on 1e6 values here.
  // (`v - v === 0` is Number.isFinite(v) for numbers.)
  const range = finiteRange(values);
  if (!range) return NaN;
  const [lo, hi] = range;
  if (hi === lo) return lo;
  const scale = QUANTILE_BINS / (hi - lo);
  const binOf = (v: number): number => Math.min(QUANTILE_BINS - 1, Math.floor((v - lo) * scale));
  const counts = new Float64Array(QUANTILE_BINS);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v - v === 0) {
      counts[binOf(v)]++;
      n++;
    }
  }
  const k = Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1));
  // The bin holding rank k, and k's rank within it.
  let b = 0;
  let below = 0;
  while (below + counts[b] <= k) below += counts[b++];
  const inBin = new Float64Array(counts[b]);
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v - v === 0 && binOf(v) === b) inBin[m++] = v;
  }
  return select(inBin, k - below);
}

/** The k-th smallest (0-based) of `a`, which it reorders: quickselect, median-of-three pivot, Hoare partition. */
function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const pivot = Math.max(Math.min(a[lo], a[mid]), Math.min(Math.max(a[lo], a[mid]), a[hi]));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

export function mean(values: ArrayLike<number>): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) {
      s += v;
      n++;
    }
  }
  return n ? s / n : NaN;
}
