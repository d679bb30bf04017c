/**
 * Column-name globs (`logit_*`, `emb_?_*`): `*` stands for any run of characters (none included),
 * `?` for one character (one UTF-16 code unit), anything else for itself. The whole name must match.
 *
 * Matched without a regular expression. The former translation to `^...$` with `.*` for each `*`
 * backtracked through every way of splitting the name between the stars: with k stars, about n^k
 * steps on a name of n characters (16 s for 8 stars; issue #13). Here the pattern is split at its
 * stars: the first piece must start the name, the last must end it, and each piece between is
 * placed at its leftmost occurrence after the previous one. Leftmost is always right (it leaves the
 * most room for the pieces after it), so nothing is ever undone: one left-to-right pass over the
 * name, each position tried once per piece, at most (name length × longest piece) character
 * comparisons, and about the name's length for patterns of short pieces.
 */
import type { CharSource } from '../shared/decimal-text';

const QUESTION = 63;

/** Whether `p` is a glob (has `*` or `?`) rather than a plain name. */
export function isGlob(p: string): boolean {
  return p.includes('*') || p.includes('?');
}

/** A matcher for `pattern`; with `ignoreCase`, pattern and names are compared lowercased. */
export function globMatcher(pattern: string, ignoreCase: boolean): (name: string) => boolean {
  const pieces = (ignoreCase ? pattern.toLowerCase() : pattern).split('*');
  return (name) => matchPieces(pieces, ignoreCase ? name.toLowerCase() : name);
}

/** Whether `piece` (with `?` for any character) occurs in `s` at `at` (the caller checked the length). */
function pieceAt(piece: string, s: CharSource, at: number): boolean {
  for (let k = 0; k < piece.length; k++) {
    const c = piece.charCodeAt(k);
    if (c !== QUESTION && c !== s.charCodeAt(at + k)) return false;
  }
  return true;
}

/**
 * Whether `s` matches the pattern whose pieces (the text between its stars) are `pieces`: one
 * piece means no star. Exported for tests, which count the characters read.
 */
export function matchPieces(pieces: readonly string[], s: CharSource): boolean {
  const n = s.length;
  const first = pieces[0];
  if (pieces.length === 1) return first.length === n && pieceAt(first, s, 0);
  const last = pieces[pieces.length - 1];
  if (first.length + last.length > n) return false;
  if (!pieceAt(first, s, 0) || !pieceAt(last, s, n - last.length)) return false;
  const limit = n - last.length;
  let pos = first.length;
  for (let k = 1; k < pieces.length - 1; k++) {
    const piece = pieces[k];
    let at = pos;
    while (at + piece.length <= limit && !pieceAt(piece, s, at)) at++;
    if (at + piece.length > limit) return false;
    pos = at + piece.length;
  }
  return true;
}
