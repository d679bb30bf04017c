/**
 * The byte-level CSV state machine: data records to numeric columns in one pass, no object per
 * row and no string per numeric cell (numbers are parsed from the bytes by `scanNumber`; only
 * unusual cells such as `nan`, quoted or padded text are decoded).
 *
 * Streaming: `parse` consumes whole records and returns the offset of the first incomplete one;
 * the caller keeps those bytes and hands them back with the next chunk. An incomplete record may
 * already have written cells into its row slot; they are simply overwritten on the retry.
 */
import type { ColumnStore } from './column-store';
import { DataError } from './data-error';
import { UNTERMINATED } from './csv-header';
import { checkRowBounds, MAX_FIELD_BYTES, MAX_LINES } from './input-limits';
import { parseCellText, scanNumber, type NumberScan } from './number-parse';

const LF = 10;
const CR = 13;
const QUOTE = 34;
const F32_EXACT = 16777216; // 2^24: above it float32 cannot hold every integer

/** The first cell of a column that is not a number. */
export interface NonNumericCell {
  readonly line: number;
  readonly column: number;
  /** The cell's text (shortened). */
  readonly text: string;
}

const utf8 = new TextDecoder('utf-8');

export class CsvScanner {
  rows = 0;
  /** 1-based line of the next record to parse. */
  line: number;
  readonly nonNumeric: Array<NonNumericCell | undefined>;
  readonly wide: boolean[];
  /** Columns that cannot be widened (stored in a group, or not stored). */
  private readonly narrow: Uint8Array;
  private readonly st: NumberScan = { end: 0, ok: false };

  constructor(
    private readonly file: string,
    private readonly delim: number,
    private readonly ncols: number,
    readonly store: ColumnStore,
    firstLine: number,
    /** Called on growth: a guess of the total row count from the bytes read so far (0 if unknown). */
    private readonly estimateRows: (rows: number, offset: number) => number,
  ) {
    this.line = firstLine;
    this.nonNumeric = new Array<NonNumericCell | undefined>(ncols).fill(undefined);
    this.wide = new Array<boolean>(ncols).fill(false);
    this.narrow = new Uint8Array(ncols);
  }

  /**
   * Parses records of `b` from `start`; returns the offset where an incomplete record starts
   * (`b.length` when everything was consumed). With `final`, the end of `b` ends the input.
   */
  parse(b: Uint8Array, start: number, final: boolean): number {
    const end = b.length;
    const delim = this.delim;
    const ncols = this.ncols;
    const st = this.st;
    const store = this.store;
    let dst = store.dst;
    const stride = store.stride;
    const offset = store.offset;
    let row = this.rows;
    let line = this.line;
    let p = start;
    let c = 0;
    records: while (p < end) {
      const recStart = p;
      const recLine = line;
      c = b[p];
      if (c === LF || c === CR) {
        // blank line: skipped
        if (c === CR && p + 1 >= end && !final) break;
        p += c === CR && p + 1 < end && b[p + 1] === LF ? 2 : 1;
        line++;
        continue;
      }
      if (row === store.cap) {
        this.grow(row, recStart, recLine);
        dst = store.dst;
      }
      let f = 0;
      for (;;) {
        if (f === ncols) {
          const found = countFields(b, recStart, end, delim, final);
          if (found < 0) {
            p = recStart;
            line = recLine;
            break records;
          }
          throw new DataError(`ragged row: ${found} fields, but the header has ${ncols}`, this.file, recLine, ncols + 1);
        }
        let v: number;
        if (p >= end) {
          if (!final) {
            p = recStart;
            line = recLine;
            break records;
          }
          v = NaN;
        } else {
          c = b[p];
          if (c === delim || c === LF || c === CR) v = NaN;
          else if (c === QUOTE) {
            const cellLine = line;
            // find the closing quote; "" is an escaped quote; line breaks inside belong to the cell
            let q = p + 1;
            let escaped = false;
            for (;;) {
              if (q >= end) {
                if (!final) {
                  p = recStart;
                  line = recLine;
                  break records;
                }
                throw new DataError(UNTERMINATED, this.file, cellLine, f + 1);
              }
              c = b[q];
              if (c === QUOTE) {
                if (q + 1 < end && b[q + 1] === QUOTE) {
                  escaped = true;
                  q += 2;
                  continue;
                }
                if (q + 1 >= end && !final) {
                  p = recStart;
                  line = recLine;
                  break records;
                }
                break;
              }
              if (c === LF) line++;
              q++;
            }
            const contentEnd = q;
            let t = q + 1;
            while (t < end && (c = b[t]) !== delim && c !== LF && c !== CR) t++;
            if (t >= end && !final) {
              p = recStart;
              line = recLine;
              break records;
            }
            v = NaN;
            let fast = false;
            if (!escaped && t === contentEnd + 1 && contentEnd > p + 1) {
              v = scanNumber(b, p + 1, contentEnd, st);
              fast = st.ok && st.end === contentEnd;
            }
            if (!fast) {
              let text = utf8.decode(b.subarray(p + 1, contentEnd));
              if (escaped) text = text.replace(/""/g, '"');
              if (t > contentEnd + 1) text += utf8.decode(b.subarray(contentEnd + 1, t));
              v = this.cellValue(text, f, cellLine);
            }
            p = t;
          } else {
            v = scanNumber(b, p, end, st);
            let q = st.end;
            if (q >= end && !final) {
              p = recStart;
              line = recLine;
              break records;
            }
            if (!(st.ok && (q >= end || (c = b[q]) === delim || c === LF || c === CR))) {
              // not a plain number: decode the whole cell and take the slow path
              q = p;
              while (q < end && (c = b[q]) !== delim && c !== LF && c !== CR) q++;
              if (q >= end && !final) {
                p = recStart;
                line = recLine;
                break records;
              }
              v = this.cellValue(utf8.decode(b.subarray(p, q)), f, line);
            }
            p = q;
          }
        }
        dst[f][row * stride[f] + offset[f]] = v;
        if ((v > F32_EXACT || v < -F32_EXACT) && !this.wide[f] && !this.narrow[f] && Number.isSafeInteger(v) && Math.fround(v) !== v) {
          if (store.widen(f)) {
            this.wide[f] = true;
            dst = store.dst;
            dst[f][row] = v;
          } else this.narrow[f] = 1; // grouped or not stored: stays float32
        }
        f++;
        if (p >= end) break; // end of input ends the record
        c = b[p];
        if (c === delim) {
          p++;
          continue;
        }
        if (c === CR) {
          if (p + 1 < end) p += b[p + 1] === LF ? 2 : 1;
          else if (!final) {
            p = recStart;
            line = recLine;
            break records;
          } else p++;
        } else p++;
        line++;
        break;
      }
      if (f !== ncols) {
        throw new DataError(`ragged row: ${f} field${f === 1 ? '' : 's'}, but the header has ${ncols}`, this.file, recLine, f + 1);
      }
      // One comparison per row; the full check only for the rare row that could break a bound.
      if (p - recStart > MAX_FIELD_BYTES) checkRowBounds(b, recStart, p, delim, recLine, this.file, false);
      if (recLine > MAX_LINES) throw new DataError(`too many lines: a file may have at most ${MAX_LINES}`, this.file, recLine);
      store.lines[row] = recLine;
      row++;
    }
    this.rows = row;
    this.line = line;
    // An unfinished row waits for more input: refuse it once it cannot be within the bounds (an
    // endless field or row would otherwise be buffered until memory runs out).
    if (end - p > MAX_FIELD_BYTES) checkRowBounds(b, p, end, delim, line, this.file, false);
    return p;
  }

  /** Makes room for another row; memory running out is a placed error, not a crash. */
  private grow(row: number, at: number, line: number): void {
    try {
      this.store.grow(this.estimateRows(row, at));
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      throw new DataError(`out of memory: cannot hold more than ${row} rows of this file (${e.message})`, this.file, line);
    }
  }

  /** Slow path: a decoded cell's value; remembers the column's first non-numeric cell. */
  private cellValue(text: string, f: number, line: number): number {
    const v = parseCellText(text);
    if (v !== undefined) return v;
    if (!this.nonNumeric[f]) {
      const short = text.length > 40 ? text.slice(0, 37) + '...' : text;
      this.nonNumeric[f] = { line, column: f + 1, text: short };
      // Not numeric: its values are of no use (see ColumnStore.drop); `store.dst` is changed in
      // place, so the row being parsed writes the rest of this column nowhere.
      if (this.store.drop(f)) this.narrow[f] = 1;
    }
    return NaN;
  }
}

/**
 * Counts the fields of the record starting at `p` (quotes respected), for the ragged-row message.
 * Returns -1 when the record is not complete in `b` and more input may come.
 */
function countFields(b: Uint8Array, p: number, end: number, delim: number, final: boolean): number {
  let n = 1;
  let inQuote = false;
  for (let i = p; i < end; i++) {
    const c = b[i];
    if (inQuote) {
      if (c === QUOTE) {
        if (i + 1 < end && b[i + 1] === QUOTE) i++;
        else inQuote = false;
      }
    } else if (c === QUOTE) inQuote = true;
    else if (c === delim) n++;
    else if (c === LF || c === CR) return n;
  }
  return final ? n : -1;
}
