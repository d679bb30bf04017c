/**
 * Id columns (query ids, class labels of `triplet_mined`) holding integers above 2^24, which
 * float32 cannot tell apart, become dense codes in increasing order of id: same groups, same
 * order. Sort-based (src/engine/group-rows.ts), so any number of distinct ids is grouped; a
 * Set of them stopped at 2^24 with an internal error (issue #13).
 *
 * Codes are float32 integers, exact in [-2^24, 2^24]: up to 2^24 + 1 distinct ids they are
 * 0..k-1; up to 2^25 + 1 they start at -2^24 instead; more cannot be told apart in float32 and are
 * refused (that is over 33 million distinct ids, so a file of at least that many rows).
 */
import { groupRows } from '../engine/group-rows';

const F32_EXACT = 16777216;
/** Most distinct ids float32 codes can tell apart (every integer in [-2^24, 2^24]). */
export const MAX_DISTINCT_IDS = 2 * F32_EXACT + 1;

export interface RenumberedIds {
  /** The float32 code of each value. */
  readonly codes: Float32Array;
  /** The distinct ids, ascending: code c stands for `ids[c - first]`. */
  readonly ids: Float64Array;
  /** The code of `ids[0]`: 0, or -2^24 when there are more than 2^24 + 1 ids. */
  readonly first: number;
}

/** Dense codes for the values, or null when there are more than `maxDistinct` distinct ones. */
export function renumberIds(v: Float32Array | Float64Array, maxDistinct = MAX_DISTINCT_IDS): RenumberedIds | null {
  const g = groupRows(v);
  if (g.count > maxDistinct) return null;
  const first = g.count > F32_EXACT + 1 ? -F32_EXACT : 0;
  const codes = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) codes[i] = g.group[i] + first;
  return { codes, ids: g.ids, first };
}
