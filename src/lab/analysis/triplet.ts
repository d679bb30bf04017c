/**
 * Triplet figures: the shares of easy (d_an ≥ d_ap + m, no loss), semi-hard (d_ap < d_an < d_ap + m)
 * and hard (d_an ≤ d_ap) triplets, with the miner's definitions (src/engine/losses/similarity/mining.ts).
 * - Given triplets (anchor, positive, negative rows): each row, with the loss's p-norm and swap.
 * - Mined (embedding + class label): every (a, p, n) triplet of up to MINED_ANCHORS anchors spread
 *   over the rows, counted per anchor by sorting its negative distances (O(n log n) per anchor,
 *   not O(n²)). The engine's own counts of the triplets it mined are reported beside (`counts`).
 */
import type { TripletAnalysis } from '../../shared/results';
import type { EvalInputs, ResolvedParams } from '../../engine/spec';
import { distance, rowDistances } from './distances';
import { decimate } from './per-row';
import { rowUnits, type UnitView } from './unit-view';

export const MINED_ANCHORS = 500;

function classify(dap: number, dan: number, margin: number): 0 | 1 | 2 {
  if (dan <= dap) return 2;
  return dan < dap + margin ? 1 : 0;
}

export function analyzeTriplets(inputs: EvalInputs, params: ResolvedParams): { analysis: TripletAnalysis; view: UnitView } {
  const margin = typeof params.margin === 'number' ? params.margin : 1;
  const p = typeof params.p === 'number' ? params.p : 2;
  const { data: a, cols: dim } = inputs.anchor!;
  const pos = inputs.positive!.data;
  const neg = inputs.negative!.data;
  const dap = rowDistances(a, pos, dim, p);
  const dan = rowDistances(a, neg, dim, p);
  if (params.swap === true) {
    const dpn = rowDistances(pos, neg, dim, p);
    for (let i = 0; i < dan.length; i++) dan[i] = Math.min(dan[i], dpn[i]);
  }
  const tally = [0, 0, 0];
  const delta = new Float64Array(dap.length);
  for (let i = 0; i < dap.length; i++) {
    tally[classify(dap[i], dan[i], margin)]++;
    delta[i] = dap[i] - dan[i];
  }
  return {
    analysis: { kind: 'triplet', margin, easy: tally[0], semiHard: tally[1], hard: tally[2], total: dap.length, note: 'one triplet per row' },
    view: rowUnits('d(a,p) − d(a,n)', 'd(a,p) − d(a,n), the anchor–positive minus the anchor–negative distance', delta),
  };
}

/**
 * The mined triplets as units (the engine's unitRows: anchor, positive, negative rows of each, in
 * perSample order): variable d(a,p) − d(a,n), computed only for the units asked for; the unit
 * points at its anchor's row and names the three CSV lines.
 */
export function minedTripletUnits(inputs: EvalInputs, rows: Readonly<Record<string, Int32Array>>, lines: ArrayLike<number>): UnitView | null {
  const { anchor, positive, negative } = rows;
  if (!anchor || !positive || !negative) return null;
  const { data: e, cols: dim } = inputs.embedding!;
  const line = (row: number): string => (row >= 0 && row < lines.length ? String(lines[row]) : '?');
  return {
    label: 'd(a,p) − d(a,n)',
    about: 'd(a,p) − d(a,n) of each mined triplet',
    variableOf: (units) => units.map((u) => distance(e, anchor[u], e, positive[u], dim) - distance(e, anchor[u], e, negative[u], dim)),
    rowOf: (units) => units.map((u) => anchor[u]),
    describe: (u) => `triplet: anchor line ${line(anchor[u])}, positive ${line(positive[u])}, negative ${line(negative[u])}`,
  };
}

export function analyzeMinedTriplets(inputs: EvalInputs, params: ResolvedParams): { analysis: TripletAnalysis } {
  const margin = typeof params.margin === 'number' ? params.margin : 1;
  const { data: e, cols: dim } = inputs.embedding!;
  const label = inputs.label!.data;
  const n = label.length;
  const anchors = decimate(n, MINED_ANCHORS);
  const tally = [0, 0, 0];
  const dNeg: number[] = [];
  const dPos: number[] = [];
  for (const i of anchors) {
    dNeg.length = 0;
    dPos.length = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const d = distance(e, i, e, j, dim);
      if (label[j] === label[i]) dPos.push(d);
      else dNeg.push(d);
    }
    if (dPos.length === 0 || dNeg.length === 0) continue;
    dNeg.sort((x, y) => x - y);
    for (const dap of dPos) {
      // hard: d_an ≤ d_ap; semi-hard: d_ap < d_an < d_ap + m; easy: the rest.
      const hard = upperBound(dNeg, dap);
      const below = lowerBound(dNeg, dap + margin);
      tally[2] += hard;
      tally[1] += Math.max(0, below - hard);
      tally[0] += dNeg.length - Math.max(hard, below);
    }
  }
  const total = tally[0] + tally[1] + tally[2];
  return {
    analysis: {
      kind: 'triplet',
      margin,
      easy: tally[0],
      semiHard: tally[1],
      hard: tally[2],
      total,
      note:
        anchors.length < n
          ? `every (positive, negative) of ${anchors.length} anchors spread over the ${n} rows`
          : 'every triplet (anchor, positive of its class, negative of another class)',
    },
  };
}

/** Count of sorted values ≤ x. */
function upperBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (sorted[m] <= x) lo = m + 1;
    else hi = m;
  }
  return lo;
}

/** Count of sorted values < x. */
function lowerBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (sorted[m] < x) lo = m + 1;
    else hi = m;
  }
  return lo;
}
