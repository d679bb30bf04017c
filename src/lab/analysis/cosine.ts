/**
 * Figures of the losses on cosine similarities, with the losses' own cosines (host-side, float64):
 * - cosine_embedding: cos(x1_i, x2_i) with PyTorch's 1e-12 in each squared norm; histograms of
 *   similar (y = 1) and dissimilar (y = −1) pairs, against the margin; the share of dissimilar pairs
 *   above it (they carry loss and gradient).
 * - info_nce: cosines of F.normalize'd rows (x / max(‖x‖, 1e-12)); per anchor its positive's cosine
 *   and its hardest negative's (the most similar other row of x2), and whether the positive is the
 *   nearest row of x2 (top-1 retrieval, CLIP's accuracy), over up to COSINE_ANCHORS anchors spread
 *   over the rows (each costs a pass over all rows).
 * - supcon: per row the mean cosine to its positives, for every row in O(N·D) from class sums of the
 *   normalised rows: (ẑ_i · Σ_{class} ẑ − ẑ_i · ẑ_i) / (n_class − 1); per sampled anchor its hardest
 *   negative and whether its nearest other row is of its class (1-nearest-neighbour accuracy).
 */
import type { CosineAnalysis } from '../../shared/results';
import type { EvalInputs, ResolvedParams } from '../../engine/spec';
import { histogram } from './histogram';
import { decimate } from './per-row';
import { rowUnits, type UnitView } from './unit-view';

export const COSINE_ANCHORS = 256;
const RANGE: [number, number] = [-1, 1];

function dot(a: Float32Array, i: number, b: Float32Array, j: number, dim: number): number {
  let s = 0;
  for (let k = 0; k < dim; k++) s += a[i * dim + k] * b[j * dim + k];
  return s;
}

/** max(‖row‖, 1e-12) of every row (F.normalize's divisor). */
function norms(a: Float32Array, dim: number): Float64Array {
  const n = a.length / dim;
  return Float64Array.from({ length: n }, (_, i) => Math.max(Math.sqrt(dot(a, i, a, i, dim)), 1e-12));
}

const mean = (xs: ArrayLike<number>): number | null => {
  if (xs.length === 0) return null;
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
};

function group(name: string, values: Float64Array | number[]): CosineAnalysis['groups'][number] {
  return { name, counts: histogram(values, { range: RANGE }).counts, count: values.length, mean: mean(values) };
}
const edges = (): number[] => histogram([], { range: RANGE }).edges;

export function analyzeCosinePairs(inputs: EvalInputs, params: ResolvedParams): { analysis: CosineAnalysis; view: UnitView } {
  const { data: x1, cols: dim } = inputs.x1!;
  const x2 = inputs.x2!.data;
  const label = inputs.label!.data;
  const margin = typeof params.margin === 'number' ? params.margin : 0;
  const n = label.length;
  const cos = new Float64Array(n);
  const g = new Uint8Array(n);
  const sim: number[] = [];
  const dis: number[] = [];
  let above = 0;
  for (let i = 0; i < n; i++) {
    cos[i] = dot(x1, i, x2, i, dim) / Math.sqrt((dot(x1, i, x1, i, dim) + 1e-12) * (dot(x2, i, x2, i, dim) + 1e-12));
    g[i] = label[i] > 0 ? 0 : 1;
    if (g[i] === 0) sim.push(cos[i]);
    else {
      dis.push(cos[i]);
      if (cos[i] > margin) above++;
    }
  }
  return {
    analysis: {
      kind: 'cosine',
      margin,
      edges: edges(),
      groups: [group('similar (y = 1)', sim), group('dissimilar (y = −1)', dis)],
      shares: [{ label: 'dissimilar pairs above the margin (they carry loss)', value: dis.length ? above / dis.length : null }],
      note: `every pair: ${sim.length} similar, ${dis.length} dissimilar`,
    },
    view: rowUnits('cos(x1, x2)', 'the cosine similarity of the pair', cos, { names: ['similar', 'dissimilar'], group: g }),
  };
}

export function analyzeInfoNce(inputs: EvalInputs): { analysis: CosineAnalysis; view: UnitView } {
  const { data: x1, cols: dim } = inputs.x1!;
  const x2 = inputs.x2!.data;
  const n1 = norms(x1, dim);
  const n2 = norms(x2, dim);
  const n = n1.length;
  const cos = (i: number, j: number): number => dot(x1, i, x2, j, dim) / (n1[i] * n2[j]);
  const anchors = decimate(n, COSINE_ANCHORS);
  const pos: number[] = [];
  const hard: number[] = [];
  let top1 = 0;
  for (const i of anchors) {
    const p = cos(i, i);
    let h = -Infinity;
    for (let j = 0; j < n; j++) if (j !== i) h = Math.max(h, cos(i, j));
    pos.push(p);
    if (h > -Infinity) hard.push(h);
    // a tie with a negative is not a retrieval
    if (p > h) top1++;
  }
  return {
    analysis: {
      kind: 'cosine',
      margin: null,
      edges: edges(),
      groups: [group('positive', pos), group('hardest negative', hard)],
      shares: [{ label: 'anchors whose positive is the nearest row of x2 (top-1)', value: anchors.length ? top1 / anchors.length : null }],
      note: `${anchors.length} of ${n} anchors${anchors.length < n ? ', spread over the rows' : ''}; each against all ${n} rows of x2`,
    },
    view: rowUnits('cos(x1_i, x2_i)', 'the cosine similarity of the anchor and its positive', (i) => cos(i, i)),
  };
}

export function analyzeSupcon(inputs: EvalInputs): { analysis: CosineAnalysis; view: UnitView } {
  const { data: e, cols: dim } = inputs.embedding!;
  const label = inputs.label!.data;
  const nrm = norms(e, dim);
  const n = nrm.length;
  const cos = (i: number, j: number): number => dot(e, i, e, j, dim) / (nrm[i] * nrm[j]);
  // Class sums of the normalised rows.
  const sums = new Map<number, { count: number; sum: Float64Array }>();
  for (let i = 0; i < n; i++) {
    let c = sums.get(label[i]);
    if (!c) sums.set(label[i], (c = { count: 0, sum: new Float64Array(dim) }));
    c.count++;
    for (let k = 0; k < dim; k++) c.sum[k] += e[i * dim + k] / nrm[i];
  }
  const meanPositive = (i: number): number => {
    const c = sums.get(label[i])!;
    if (c.count < 2) return NaN;
    let s = 0;
    for (let k = 0; k < dim; k++) s += (e[i * dim + k] / nrm[i]) * c.sum[k];
    return (s - cos(i, i)) / (c.count - 1);
  };
  const anchors = decimate(n, COSINE_ANCHORS).filter((i) => sums.get(label[i])!.count > 1);
  const pos: number[] = [];
  const hard: number[] = [];
  let nn = 0;
  for (const i of anchors) {
    pos.push(meanPositive(i));
    let h = -Infinity;
    let best = -Infinity;
    let bestSame = false;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const c = cos(i, j);
      const same = label[j] === label[i];
      if (!same) h = Math.max(h, c);
      // ties: a row of another class wins (not counted as a hit)
      if (c > best || (c === best && !same)) {
        best = c;
        bestSame = same;
      }
    }
    if (h > -Infinity) hard.push(h);
    if (bestSame) nn++;
  }
  return {
    analysis: {
      kind: 'cosine',
      margin: null,
      edges: edges(),
      groups: [group('mean positive', pos), group('hardest negative', hard)],
      shares: [{ label: 'anchors whose nearest other row is of their class (1-NN)', value: anchors.length ? nn / anchors.length : null }],
      note: `${anchors.length} anchors with a positive${anchors.length < n ? ', spread over the rows' : ''}; each against all ${n} rows`,
    },
    view: rowUnits('mean cos to positives', 'the mean cosine similarity of the row to its positives', meanPositive),
  };
}
