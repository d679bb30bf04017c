/**
 * The file's own query ids beside the engine's query codes. A query column with ids above 2^24
 * reaches the engine renumbered (src/data/renumber-ids.ts: float32 cannot tell such ids apart);
 * what the user reads and types is the file's id, so figures map codes back and a typed id maps
 * forward. Other query columns are their own codes.
 */
import type { RenumberedIds } from '../data/renumber-ids';

export interface QueryIds {
  /** The file's id of a code. */
  readonly idOf: (code: number) => number;
  /** The code of a file id, or null when no query has it. */
  readonly codeOf: (id: number) => number | null;
}

export function queryIds(ren: RenumberedIds | undefined): QueryIds {
  if (!ren) return { idOf: (c) => c, codeOf: (id) => id };
  const ids = ren.ids;
  return {
    idOf: (c) => ids[c - ren.first] ?? c,
    codeOf: (id) => {
      let lo = 0;
      let hi = ids.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (ids[mid] < id) lo = mid + 1;
        else hi = mid;
      }
      return ids.length && ids[lo] === id ? lo + ren.first : null;
    },
  };
}
