/**
 * The header row: found after any leading blank lines, its delimiter detected (comma, semicolon or
 * tab, whichever occurs most outside quotes; comma on a tie or when there is none), its fields
 * decoded as UTF-8 names.
 */
import { DataError } from './data-error';
import { checkRowBounds, MAX_COLUMNS, MAX_FIELD_BYTES } from './input-limits';

export type Delimiter = ',' | ';' | '\t';

export interface CsvHeader {
  readonly names: string[];
  readonly delimiter: Delimiter;
  /** 1-based line of the header row. */
  readonly line: number;
  /** Byte offset just after the header row's line break. */
  readonly end: number;
  /** 1-based line where the data starts (after the header's line break). */
  readonly nextLine: number;
}

const LF = 10;
const CR = 13;
const QUOTE = 34;
const CANDIDATES: ReadonlyArray<[number, Delimiter]> = [[44, ','], [9, '\t'], [59, ';']];

const utf8 = new TextDecoder('utf-8');

export const UNTERMINATED = 'unterminated quote: the quoted field that opens here never closes';

/**
 * Skips the blank lines (LF, CRLF or CR) at `p`; stops before a CR that ends the bytes unless
 * `final` (it may be the first half of a CRLF).
 */
export function skipBlankLines(b: Uint8Array, p: number, end: number, final: boolean): { end: number; lines: number } {
  let lines = 0;
  while (p < end && (b[p] === LF || b[p] === CR)) {
    if (b[p] === CR && p + 1 >= end && !final) break;
    p += b[p] === CR && p + 1 < end && b[p + 1] === LF ? 2 : 1;
    lines++;
  }
  return { end: p, lines };
}

/**
 * Reads the header starting at `p` (after any BOM) on line `line`. Returns null when the bytes end
 * before the header row does and more input may come (`final` false). Throws a DataError for an
 * unterminated quote at the end of input. Returns `names: []` for an input with no header at all.
 */
export function readHeader(b: Uint8Array, p: number, end: number, line: number, final: boolean, file: string): CsvHeader | null {
  // Skip blank lines before the header, as pandas does.
  while (p < end && (b[p] === LF || b[p] === CR)) {
    if (b[p] === CR && p + 1 < end && b[p + 1] === LF) p++;
    else if (b[p] === CR && p + 1 >= end && !final) return null;
    p++;
    line++;
  }
  if (p >= end) return final ? { names: [], delimiter: ',', line, end, nextLine: line } : null;
  const start = p;
  const headerLine = line;

  // Find the end of the first record (line breaks inside quotes belong to the field), counting
  // the candidate delimiters outside quotes.
  const counts = [0, 0, 0];
  const bestSoFar = (): number => CANDIDATES[counts.indexOf(Math.max(...counts))][0];
  // The header row has not ended in the bytes so far: wait for more, unless it is already past a
  // bound (an input with no line break, such as /dev/zero, would be buffered without end).
  const incomplete = (): null => {
    if (end - start > MAX_FIELD_BYTES) checkRowBounds(b, start, end, bestSoFar(), headerLine, file, true);
    return null;
  };
  let inQuote = false;
  let quoteLine = line;
  let quoteCounts = counts;
  let l = line;
  let i = p;
  for (; i < end; i++) {
    const c = b[i];
    if (inQuote) {
      if (c === QUOTE) {
        if (i + 1 < end && b[i + 1] === QUOTE) i++;
        else if (i + 1 >= end && !final) return incomplete();
        else inQuote = false;
      } else if (c === LF) l++;
      continue;
    }
    if (c === QUOTE) {
      inQuote = true;
      quoteLine = l;
      quoteCounts = counts.slice();
    } else if (c === LF || c === CR) break;
    else {
      for (let k = 0; k < CANDIDATES.length; k++) {
        if (c === CANDIDATES[k][0]) counts[k]++;
      }
    }
  }
  let best = 0;
  for (let k = 1; k < CANDIDATES.length; k++) if (counts[k] > counts[best]) best = k;
  if (inQuote) {
    if (!final) return incomplete();
    throw new DataError(UNTERMINATED, file, quoteLine, quoteCounts[best] + 1);
  }
  if (i >= end && !final) return incomplete();
  if (i < end && b[i] === CR && i + 1 >= end && !final) return incomplete();
  const [delimByte, delimiter] = CANDIDATES[best];
  if (i - start > MAX_FIELD_BYTES || counts[best] >= MAX_COLUMNS) checkRowBounds(b, start, i, delimByte, headerLine, file, true);
  const names = splitFields(b, p, i, delimByte);
  let next = i;
  if (next < end && b[next] === CR) next++;
  if (next < end && b[next] === LF) next++;
  return { names, delimiter, line, end: next, nextLine: l + 1 };
}

/** Splits one record (no line break outside quotes) into unquoted, decoded fields. */
function splitFields(b: Uint8Array, p: number, end: number, delim: number): string[] {
  const out: string[] = [];
  let i = p;
  for (;;) {
    let text = '';
    if (i < end && b[i] === QUOTE) {
      i++;
      let s = i;
      for (; i < end; i++) {
        if (b[i] !== QUOTE) continue;
        text += utf8.decode(b.subarray(s, i));
        if (i + 1 < end && b[i + 1] === QUOTE) {
          text += '"';
          i++;
          s = i + 1;
        } else {
          i++;
          break;
        }
      }
      // Text between the closing quote and the delimiter is kept, as Python's csv module does.
      const s2 = i;
      while (i < end && b[i] !== delim) i++;
      text += utf8.decode(b.subarray(s2, i));
    } else {
      const s = i;
      while (i < end && b[i] !== delim) i++;
      text = utf8.decode(b.subarray(s, i));
    }
    out.push(text);
    if (i >= end) return out;
    i++; // the delimiter
  }
}
