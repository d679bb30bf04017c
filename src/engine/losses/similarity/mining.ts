/**
 * Online triplet mining from labelled embeddings and their distance matrix (host code).
 *
 * Triplets (a, p, n): p ≠ a of a's class, n of another class. Order (the order of per-triplet
 * losses in `perSample`): anchors by row, then p by row, then n by row.
 * - batch_hard: per anchor, the farthest positive and the nearest negative (equal distances: the
 *   lowest row); anchors without a positive or without a negative are skipped. One triplet per
 *   remaining anchor, even when its loss is 0.
 * - semi_hard: every triplet with d_ap < d_an < d_ap + margin (each has a loss in (0, margin)).
 * - all: every triplet, including those with loss 0.
 * Counts: mined, and the mined triplets split into hard (d_an ≤ d_ap), semi_hard
 * (d_ap < d_an < d_ap + margin) and easy (d_an ≥ d_ap + margin, loss 0).
 */
import { InputError } from '../../inputs';

export type Mining = 'batch_hard' | 'semi_hard' | 'all';
export const MINING_MODES: readonly Mining[] = ['batch_hard', 'semi_hard', 'all'];

/** Candidate triplets semi_hard and all may examine (and all may return). */
export const MAX_TRIPLET_CANDIDATES = 1 << 25;

export interface Triplets {
  readonly a: Int32Array;
  readonly p: Int32Array;
  readonly n: Int32Array;
  readonly counts: { mined: number; hard: number; semi_hard: number; easy: number };
}

/** d + margin rounded to float32, as the comparison happens on float32 tensors in PyTorch. */
const plusMargin = (d: number, margin: number): number => Math.fround(d + Math.fround(margin));

export function mineTriplets(dist: Float32Array, labels: Float32Array, mining: Mining, margin: number): Triplets {
  const n = labels.length;
  const classSize = new Map<number, number>();
  for (const y of labels) classSize.set(y, (classSize.get(y) ?? 0) + 1);
  const counts = { mined: 0, hard: 0, semi_hard: 0, easy: 0 };
  const classify = (dap: number, dan: number): void => {
    if (dan <= dap) counts.hard++;
    else if (dan < plusMargin(dap, margin)) counts.semi_hard++;
    else counts.easy++;
  };

  if (mining === 'batch_hard') {
    const A: number[] = [];
    const P: number[] = [];
    const N: number[] = [];
    for (let a = 0; a < n; a++) {
      let p = -1;
      let q = -1;
      for (let x = 0; x < n; x++) {
        if (x === a) continue;
        const d = dist[a * n + x];
        if (labels[x] === labels[a]) {
          if (p < 0 || d > dist[a * n + p]) p = x;
        } else if (q < 0 || d < dist[a * n + q]) q = x;
      }
      if (p < 0 || q < 0) continue;
      A.push(a);
      P.push(p);
      N.push(q);
      classify(dist[a * n + p], dist[a * n + q]);
    }
    counts.mined = A.length;
    return { a: Int32Array.from(A), p: Int32Array.from(P), n: Int32Array.from(N), counts };
  }

  let candidates = 0;
  for (let a = 0; a < n; a++) {
    const m = classSize.get(labels[a])!;
    candidates += (m - 1) * (n - m);
  }
  if (candidates > MAX_TRIPLET_CANDIDATES) {
    throw new InputError(
      `triplet_mined: mining=${mining} examines every (anchor, positive, negative) triplet, ${candidates} here, ` +
        `more than ${MAX_TRIPLET_CANDIDATES}; use mining=batch_hard (one triplet per anchor) or fewer rows`,
      'embedding',
    );
  }
  const keep = (dap: number, dan: number): boolean => mining === 'all' || (dap < dan && dan < plusMargin(dap, margin));
  // Two passes: count, then fill typed arrays (up to 2^25 triplets would not fit as JS arrays).
  let total = 0;
  const visit = (emit: (a: number, p: number, q: number) => void): void => {
    for (let a = 0; a < n; a++) {
      for (let p = 0; p < n; p++) {
        if (p === a || labels[p] !== labels[a]) continue;
        const dap = dist[a * n + p];
        for (let q = 0; q < n; q++) {
          if (labels[q] === labels[a]) continue;
          if (keep(dap, dist[a * n + q])) emit(a, p, q);
        }
      }
    }
  };
  visit(() => total++);
  const A = new Int32Array(total);
  const P = new Int32Array(total);
  const N = new Int32Array(total);
  let k = 0;
  visit((a, p, q) => {
    A[k] = a;
    P[k] = p;
    N[k] = q;
    k++;
    classify(dist[a * n + p], dist[a * n + q]);
  });
  counts.mined = total;
  return { a: A, p: P, n: N, counts };
}
