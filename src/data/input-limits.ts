/**
 * Bounds on what one CSV input may hold (README "Input files"), defined once for the CLI and the
 * panel. Without them an input with no line break (`/dev/zero` on standard input, a binary file)
 * was buffered whole as one endless header or cell until memory ran out (issue #13). Going past
 * a bound is a DataError at the place where it happened: the row's line and the field's number.
 *
 * The bounds are far above what real tables need (a row of 4096-wide embeddings for three triplet
 * roles is about 250 kB) and low enough that a hostile input is refused after reading a few
 * megabytes.
 */
import { DataError } from './data-error';

/** One field: a column name or a cell, quotes included. */
export const MAX_FIELD_BYTES = 1 << 20;
/** One row, the header row included, line breaks inside quoted fields included. */
export const MAX_ROW_BYTES = 1 << 24;
/** Columns of the header row. */
export const MAX_COLUMNS = 1 << 16;
/** A stream of unknown size (standard input); a file of known size has no bound but memory. */
export const MAX_STREAM_BYTES = 2 ** 31;
/** File lines (line numbers are stored as 32-bit integers). */
export const MAX_LINES = 2 ** 31 - 1;

const LF = 10;
const CR = 13;
const QUOTE = 34;

/** `1 MiB (1048576 bytes)`. */
export function describeBytes(n: number): string {
  const units: Array<[number, string]> = [[2 ** 30, 'GiB'], [2 ** 20, 'MiB'], [2 ** 10, 'KiB']];
  const [size, unit] = units.find(([s]) => n >= s && n % s === 0) ?? [1, 'bytes'];
  return size === 1 ? `${n} bytes` : `${n / size} ${unit} (${n} bytes)`;
}

/**
 * Checks one row (complete, or the start of one that has not ended yet) against the field, row
 * and, for the header, column bounds; throws a placed DataError at the first bound passed. `from`
 * is the row's first byte, on file line `line`; the scan stops at `end` or at the row's end (a
 * line break outside quotes). Costs one pass over the row: callers call it only for rows longer
 * than MAX_FIELD_BYTES, which are rare, and a growing unfinished row at most once per doubling.
 */
export function checkRowBounds(b: Uint8Array, from: number, end: number, delim: number, line: number, file: string, header: boolean): void {
  const what = header ? 'header row' : 'row';
  let field = 0;
  let fieldStart = from;
  let fieldLine = line;
  let l = line;
  let inQuote = false;
  const fieldEnds = (at: number): void => {
    if (at - fieldStart > MAX_FIELD_BYTES) {
      const thing = header ? 'column name' : 'field';
      throw new DataError(
        `${thing} too long: more than ${describeBytes(MAX_FIELD_BYTES)} in one ${thing}, the most a field may hold (is this a CSV file?)`,
        file,
        fieldLine,
        field + 1,
      );
    }
  };
  let i = from;
  for (; i < end; i++) {
    const c = b[i];
    if (inQuote) {
      if (c === QUOTE) {
        if (i + 1 < end && b[i + 1] === QUOTE) i++;
        else inQuote = false;
      } else if (c === LF) l++;
    } else if (c === QUOTE) inQuote = true;
    else if (c === delim) {
      fieldEnds(i);
      field++;
      fieldStart = i + 1;
      fieldLine = l;
      if (header && field >= MAX_COLUMNS) {
        throw new DataError(`too many columns: the header row has more than ${MAX_COLUMNS}, the most a file may have`, file, line, MAX_COLUMNS + 1);
      }
    } else if (c === LF || c === CR) break;
    if (i - fieldStart > MAX_FIELD_BYTES) fieldEnds(i);
    if (i - from >= MAX_ROW_BYTES) {
      throw new DataError(`${what} too long: more than ${describeBytes(MAX_ROW_BYTES)} before the ${what} ends, the most a row may hold`, file, line, field + 1);
    }
  }
  fieldEnds(i);
}

/** The error for a stream that passed MAX_STREAM_BYTES (or the bound the caller chose). */
export function streamTooLarge(file: string, maxBytes: number, line: number): DataError {
  return new DataError(`input too large: more than ${describeBytes(maxBytes)} read from a stream of unknown size, the most one may hold; save it to a file and read that`, file, line);
}
