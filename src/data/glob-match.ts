/**
 * Column-name globs (`logit_*`, `emb_?_*`): `*` stands for any run of characters (none included),
 * `?` for one character (one UTF-16 code unit), anything else for itself. The whole name must match.
 *
 * Matched without a regular expression. The former translation to `^...$` with `.*` for each `*`
 * backtracked through every way of splitting the name between the stars: with k stars, about n^k
 * steps on a name of n characters (16 s for 8 stars; issue #13). Here the pattern is split at its
 * stars: the first piece must start the name, the last must end it, and each piece between is
 * placed at its leftmost occurrence after the previous one. Leftmost is always right (it leaves the
 * most room for the pieces after it), so nothing is ever undone.
 *
 * Each piece is found by Knuth–Morris–Pratt search, linear in the name whatever the piece (a naive
 * search costs name × piece on `aaa...ab` in `aaaa...`). A piece with `?` is cut at its `?`s into
 * literal segments, each found the same way, and placed where all of them occur at their offsets:
 * (name length) × (segments + 1) steps. So one name costs at most about
 * `(n + m) × (1 + number of ?)` steps for a pattern of m characters; `globWork` states it for the
 * caller's budget.
 */
import type { CharSource } from '../text/decimal-text';

const QUESTION = 63;

/** Whether `p` is a glob (has `*` or `?`) rather than a plain name. */
export function isGlob(p: string): boolean {
  return p.includes('*') || p.includes('?');
}

/** A literal run of a piece, at `offset` in it, with its KMP failure table. */
interface Segment {
  readonly offset: number;
  readonly text: string;
  readonly fail: Int32Array;
}

/** The text between two stars: its length and literal segments (one, at 0, when it has no `?`). */
interface Piece {
  readonly text: string;
  readonly segments: readonly Segment[];
}

/** KMP failure table: fail[k] = length of the longest proper border of text[0..k]. */
function failure(t: string): Int32Array {
  const f = new Int32Array(t.length);
  for (let k = 1, b = 0; k < t.length; k++) {
    while (b > 0 && t.charCodeAt(k) !== t.charCodeAt(b)) b = f[b - 1];
    if (t.charCodeAt(k) === t.charCodeAt(b)) b++;
    f[k] = b;
  }
  return f;
}

function pieceOf(text: string): Piece {
  const segments: Segment[] = [];
  for (let k = 0; k < text.length; ) {
    if (text.charCodeAt(k) === QUESTION) {
      k++;
      continue;
    }
    let e = k;
    while (e < text.length && text.charCodeAt(e) !== QUESTION) e++;
    const t = text.slice(k, e);
    segments.push({ offset: k, text: t, fail: failure(t) });
    k = e;
  }
  return { text, segments };
}

/** The steps matching one name of `n` characters may take, per character, for `pattern` (see the module comment). */
export function globWork(pattern: string): number {
  let q = 0;
  for (let k = 0; k < pattern.length; k++) if (pattern.charCodeAt(k) === QUESTION) q++;
  return 2 * (1 + q);
}

/** A matcher for `pattern`; with `ignoreCase`, pattern and names are compared lowercased. */
export function globMatcher(pattern: string, ignoreCase: boolean): (name: string) => boolean {
  const pieces = compileGlob(ignoreCase ? pattern.toLowerCase() : pattern);
  return (name) => matchPieces(pieces, ignoreCase ? name.toLowerCase() : name);
}

/** The pattern's pieces (exported for tests, which count the characters read). */
export function compileGlob(pattern: string): readonly Piece[] {
  return pattern.split('*').map(pieceOf);
}

/** Whether `piece` (with `?` for any character) occurs in `s` at `at` (the caller checked the length). */
function pieceAt(piece: string, s: CharSource, at: number): boolean {
  for (let k = 0; k < piece.length; k++) {
    const c = piece.charCodeAt(k);
    if (c !== QUESTION && c !== s.charCodeAt(at + k)) return false;
  }
  return true;
}

/** Leftmost start of `seg` in s[from, end) by KMP, or -1: the scan of kmpAll, stopped at the first hit. */
function kmpFind(seg: Segment, s: CharSource, from: number, end: number): number {
  let found = -1;
  kmpAll(seg, s, from, end, (start) => {
    found = start;
    return true;
  });
  return found;
}

/**
 * Calls `hit` with the start of every occurrence of `seg` in s[from, end), in one KMP pass; a `hit`
 * that returns true ends the pass.
 */
function kmpAll(seg: Segment, s: CharSource, from: number, end: number, hit: (start: number) => boolean | void): void {
  const t = seg.text;
  const m = t.length;
  for (let i = from, b = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    while (b > 0 && c !== t.charCodeAt(b)) b = seg.fail[b - 1];
    if (c === t.charCodeAt(b)) b++;
    if (b === m) {
      if (hit(i - m + 1) === true) return;
      b = seg.fail[m - 1];
    }
  }
}

/** Leftmost start x in [from, limit - piece length] where `piece` occurs in `s`, or -1. */
function findPiece(piece: Piece, s: CharSource, from: number, limit: number): number {
  const m = piece.text.length;
  const last = limit - m;
  if (last < from) return -1;
  const segs = piece.segments;
  if (segs.length === 0) return from; // only `?`s
  if (segs.length === 1 && segs[0].text.length === m) return kmpFind(segs[0], s, from, limit);
  // Every occurrence of every segment votes for the start it implies; a start with all votes matches.
  const votes = new Int32Array(last - from + 1);
  for (const seg of segs) kmpAll(seg, s, from + seg.offset, last + seg.offset + seg.text.length, (p) => {
    votes[p - seg.offset - from]++;
  });
  for (let x = 0; x < votes.length; x++) if (votes[x] === segs.length) return from + x;
  return -1;
}

/** Whether `s` matches the pattern whose pieces (the text between its stars) are `pieces`. */
export function matchPieces(pieces: readonly Piece[], s: CharSource): boolean {
  const n = s.length;
  const first = pieces[0].text;
  if (pieces.length === 1) return first.length === n && pieceAt(first, s, 0);
  const last = pieces[pieces.length - 1].text;
  if (first.length + last.length > n) return false;
  if (!pieceAt(first, s, 0) || !pieceAt(last, s, n - last.length)) return false;
  const limit = n - last.length;
  let pos = first.length;
  for (let k = 1; k < pieces.length - 1; k++) {
    const at = findPiece(pieces[k], s, pos, limit);
    if (at < 0) return false;
    pos = at + pieces[k].text.length;
  }
  return true;
}
