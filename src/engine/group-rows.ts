/**
 * Rows grouped by an id column (query ids, renumbered wide ids), by sorting, with no Set or Map.
 *
 * A Set or Map holds at most 2^24 entries in V8 ("Set maximum size exceeded"), fewer than a
 * float32 id column can tell apart (every integer in [-2^24, 2^24], 2^25 + 1 of them) and fewer
 * than a large ranking file has queries (issue #13: 16.8 M distinct query ids exited with an
 * internal error). Sorting typed arrays has no such limit: the distinct ids come from a native
 * numeric sort of a float64 copy, each row's group from a binary search among them (skipped when a
 * row has the id of the row before, the usual case in grouped files), and the rows in group order
 * from a counting sort, which keeps each group's rows in input order.
 */

export interface RowGroups {
  /** Number of groups (distinct ids). */
  readonly count: number;
  /** The distinct ids, ascending; group g holds the rows whose id is `ids[g]`. */
  readonly ids: Float64Array;
  /** Group of each row. */
  readonly group: Int32Array;
  /** Rows in group order (ascending id), each group's rows in input order. */
  readonly order: Int32Array;
  /** Where each group starts in `order`, plus the row count at the end (count + 1 entries). */
  readonly starts: Int32Array;
}

/** Groups the rows of `values` by value (NaN-free input; -0 and 0 are one id). */
export function groupRows(values: ArrayLike<number>): RowGroups {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  let count = 0;
  for (let i = 0; i < n; i++) {
    // -0 and 0 compare equal and the id is +0, as in a Set
    if (i === 0 || sorted[i] !== sorted[count - 1]) sorted[count++] = sorted[i] + 0;
  }
  const ids = sorted.slice(0, count);
  const group = new Int32Array(n);
  const sizes = new Int32Array(count + 1);
  let prev = NaN;
  let g = -1;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== prev) {
      g = search(ids, v);
      prev = v;
    }
    group[i] = g;
    sizes[g + 1]++;
  }
  const starts = sizes;
  for (let k = 0; k < count; k++) starts[k + 1] += starts[k];
  const next = starts.slice(0, count);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[next[group[i]]++] = i;
  return { count, ids, group, order, starts };
}

/** Index of the first of the ascending, duplicate-free `ids` not below `v` (the last if all are). */
function search(ids: Float64Array, v: number): number {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The group of id `v`, or -1 when no row has it. */
export function groupOf(groups: RowGroups, v: number): number {
  if (groups.count === 0) return -1;
  const g = search(groups.ids, v);
  return groups.ids[g] === v ? g : -1;
}

/** The rows of group `g` (a view of `order`), in input order. */
export function rowsOf(groups: RowGroups, g: number): Int32Array {
  return groups.order.subarray(groups.starts[g], groups.starts[g + 1]);
}
