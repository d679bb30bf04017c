/**
 * The document pairs of the pairwise ranking losses (RankNet, LambdaRank), formed on the host.
 *
 * Pair order (the order of per-pair losses in `perSample`): queries in ascending id; within a
 * query, by the input row order of the more relevant document i, then of the less relevant j.
 * Only pairs with rel_i > rel_j are formed: tied pairs carry no preference and are skipped.
 */
import { InputError } from '../../inputs';
import type { Groups } from './groups';

/** Pairs one batch may form (two Int32 index arrays and a few float32 tensors of this length). */
export const MAX_PAIRS_PER_BATCH = 1 << 24;

export interface Pairs {
  /** Batch position of the more relevant document of each pair. */
  readonly i: Int32Array;
  /** Batch position of the less relevant document. */
  readonly j: Int32Array;
}

/** How many ordered pairs (i, j) have v_i > v_j, in O(m log m): sort, then count what lies below each value. */
export function countOrderedPairs(values: ArrayLike<number>): number {
  const r = Float64Array.from(values).sort();
  let count = 0;
  let below = 0;
  for (let t = 0; t < r.length; t++) {
    if (t > 0 && r[t] !== r[t - 1]) below = t;
    count += below;
  }
  return count;
}

/**
 * Ordered pairs (i, j) of rows of one query, grouped by query, then by i, then j (input row order):
 * with `rel`, the pairs with rel_i > rel_j (the pairwise losses; tied pairs carry no preference);
 * with null, every pair i ≠ j (approx_ndcg's smooth ranks). Counted per query before any O(m²)
 * work: more than MAX_PAIRS_PER_BATCH in one batch is refused, naming the largest query.
 */
export function queryPairs(groups: Groups, rel: Float32Array | null, lossId: string): Pairs {
  let total = 0;
  let worst = { id: 0, docs: 0, pairs: -1 };
  for (let g = 0; g < groups.count; g++) {
    const a = groups.starts[g];
    const b = groups.starts[g + 1];
    const c = rel ? countOrderedPairs(rel.subarray(a, b)) : (b - a) * (b - a - 1);
    total += c;
    if (c > worst.pairs) worst = { id: groups.ids[g], docs: b - a, pairs: c };
  }
  if (total > MAX_PAIRS_PER_BATCH) {
    throw new InputError(
      `${lossId}: the queries form ${total} ${rel ? 'document pairs' : 'ordered document pairs'} in one batch, more than the ${MAX_PAIRS_PER_BATCH} it can hold ` +
        `(largest: query ${worst.id}, ${worst.docs} documents, ${worst.pairs} pairs); ` +
        'use fewer or smaller queries, or listnet/listmle, which are linear in the number of documents',
      'query',
    );
  }
  const pi = new Int32Array(total);
  const pj = new Int32Array(total);
  let k = 0;
  for (let g = 0; g < groups.count; g++) {
    const a = groups.starts[g];
    const b = groups.starts[g + 1];
    for (let i = a; i < b; i++) {
      for (let j = a; j < b; j++) {
        if (rel ? rel[i] > rel[j] : i !== j) {
          pi[k] = i;
          pj[k] = j;
          k++;
        }
      }
    }
  }
  return { i: pi, j: pj };
}

/** The pairs with rel_i > rel_j of the pairwise losses. */
export function rankingPairs(groups: Groups, rel: Float32Array, lossId: string): Pairs {
  return queryPairs(groups, rel, lossId);
}
