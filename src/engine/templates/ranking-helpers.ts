/**
 * Pieces the ranking losses' templates share: the notes on long data, pairs and per-query values,
 * and the per-query bookkeeping written the same way in every listwise template.
 */
export const LONG_DATA_NOTE = 'Long data: one row per (query, document); rows of a query need not be contiguous.';
export const PAIRS_NOTE = 'Pairs (i, j) of one query with rel_i > rel_j; tied pairs are skipped; mean over all pairs of all queries.';
export const LISTWISE_NOTE = 'One value per query (ascending id); mean over queries.';

/**
 * Python (Keras `ops` or `jnp`), after `same` (same-query matrix), `n` and per-row `terms`: `loss`
 * holds each row's query total and `first` marks one row per query, for a masked reduction
 * (`mask: 'first', sortBy: 'query'`).
 */
export const PY_QUERY_TOTAL = {
  jnp: [
    'earlier = jnp.arange(n)[None, :] < jnp.arange(n)[:, None]',
    'first = ~jnp.any(same & earlier, axis=1)',
    'loss = jnp.sum(jnp.where(same, terms[None, :], 0.0), axis=1)',
  ].join('\n'),
  ops: [
    'earlier = ops.arange(n)[None, :] < ops.arange(n)[:, None]',
    'first = ops.logical_not(ops.any(ops.logical_and(same, earlier), axis=1))',
    'loss = ops.sum(ops.where(same, terms[None, :], 0.0), axis=1)',
  ].join('\n'),
};

/**
 * tfjs: the query ids in ascending order (`ids`) and each row's position among them (`segment`),
 * read on the host (query ids are data, not differentiated), for `tf.unsortedSegmentSum`.
 */
export const TFJS_QUERY_SEGMENTS = [
  'const q = Array.from(query.dataSync());',
  'const ids = [...new Set(q)].sort((u, w) => u - w);',
  "const segment = tf.tensor1d(q.map((v) => ids.indexOf(v)), 'int32');",
].join('\n');

/**
 * tfjs: the pairs (i, j) of one query with rel_i > rel_j, formed on the host (`I`, `J`; no gradient
 * flows through them), and `diff` = s_i − s_j on the tape. `ts` writes the TypeScript annotation.
 */
export function tfjsPairDiff(ts: (annotation: string) => string): string {
  return [
    'const q = query.dataSync();',
    'const rel = relevance.dataSync();',
    `const I${ts(': number[]')} = [];`,
    `const J${ts(': number[]')} = [];`,
    'for (let i = 0; i < q.length; i++) {',
    '  for (let j = 0; j < q.length; j++) {',
    '    if (q[i] === q[j] && rel[i] > rel[j]) {',
    '      I.push(i);',
    '      J.push(j);',
    '    }',
    '  }',
    '}',
    "const diff = tf.sub(tf.gather(score, tf.tensor1d(I, 'int32')), tf.gather(score, tf.tensor1d(J, 'int32')));",
  ].join('\n');
}
