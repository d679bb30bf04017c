/**
 * Query groups of a batch. With `batching: 'group'` the engine hands a ranking loss whole queries,
 * rows sorted by query id (stably, so rows of one query keep their input order) and contiguous.
 */
export interface Groups {
  /** Number of queries in the batch. */
  readonly count: number;
  /** Start position of each query, plus the batch length at the end (count + 1 entries). */
  readonly starts: Int32Array;
  /** Query index (0..count-1) of each row. */
  readonly seg: Int32Array;
  /** Query id of each query. */
  readonly ids: Float32Array;
}

export function queryGroups(query: Float32Array): Groups {
  const n = query.length;
  const starts: number[] = [];
  const seg = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (i > 0 && query[i] < query[i - 1]) {
      throw new Error('internal: ranking loss got rows not grouped by query (needs batching "group")');
    }
    if (i === 0 || query[i] !== query[i - 1]) starts.push(i);
    seg[i] = starts.length - 1;
  }
  const ids = Float32Array.from(starts, (s) => query[s]);
  starts.push(n);
  return { count: starts.length - 1, starts: Int32Array.from(starts), seg, ids };
}
