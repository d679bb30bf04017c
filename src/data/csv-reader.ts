/**
 * Reading a CSV file into numeric columns, from one byte array or a stream of chunks (the CLI's
 * `fs.createReadStream`, the panel's `vscode.workspace.fs.readFile`). One pass, no object per row.
 *
 * What a file may hold: a header row (required), then records separated by LF, CRLF or CR;
 * delimiter comma, semicolon or tab (detected from the header); RFC 4180 quotes with `""` escapes and
 * delimiters or line breaks inside; a UTF-8 BOM; blank lines (skipped); numbers in any decimal or
 * scientific notation; `nan`/`NaN`/`inf`/`-inf`/`Infinity` as numpy and pandas write them; empty
 * cells and pandas' missing markers (`NA`, `null`, ...) as NaN. A cell that is not a number marks
 * its column non-numeric (the first such cell is remembered): that is an error only if the column
 * is used. Ragged rows, unterminated quotes, empty files and inputs past the bounds of
 * input-limits.ts (a field, a row, the columns) are errors, placed in the file.
 *
 * The input is never written to.
 */
import type { HeaderInfo } from './column-mapping';
import { ColumnStore, type ColumnValues, type StoreLayout, type StoredBlock } from './column-store';
import { readHeader, skipBlankLines, type CsvHeader, type Delimiter } from './csv-header';
import { CsvScanner, type NonNumericCell } from './csv-scanner';
import { DataError } from './data-error';
import { streamTooLarge } from './input-limits';

export interface CsvReadOptions {
  /** Shown in messages (`file:line:column`). */
  readonly fileName: string;
  readonly signal?: AbortSignal;
  /** Called after each chunk with the bytes read so far and the total when known. */
  readonly onProgress?: (bytesDone: number, bytesTotal?: number) => void;
  /** Size of a streamed input when known (progress, and one allocation instead of many). */
  readonly bytesTotal?: number;
  /**
   * Called once the header is read: which columns to store, and which to store together row-major
   * (see `StoreLayout`). Default: every column, each in its own Float32Array. May throw (a mapping
   * error stops the read before the data is parsed).
   */
  readonly layout?: (header: HeaderInfo) => StoreLayout | undefined;
  /**
   * Refuse the input past this many bytes, with a DataError at the line being read (the CLI gives
   * MAX_STREAM_BYTES for standard input). Other bounds (a field, a row, the columns) always apply;
   * see input-limits.ts.
   */
  readonly maxBytes?: number;
}

export interface CsvColumn {
  readonly name: string;
  /** 0-based field index; its column number in messages is `index + 1`. */
  readonly index: number;
  /**
   * One value per row; NaN where the cell is empty or missing. For a column stored in a group it is
   * copied out on first use; reading it for a column that was not stored is an error, and so it is
   * for a non-numeric column (its values are dropped at its first text cell: see ColumnStore.drop).
   */
  readonly values: ColumnValues;
  /** Where the cells are (`values[i] === data[i * stride + offset]`), or null when not stored (or not numeric). */
  readonly stored: { readonly data: ColumnValues; readonly stride: number; readonly offset: number } | null;
  /** The first cell that is not a number, if any (then the column is not numeric). */
  readonly nonNumeric?: NonNumericCell;
  /** Holds integers float32 cannot represent (2^24 < |v| < 2^53: ids, timestamps); its values are float64. */
  readonly wide: boolean;
}

export interface CsvTable {
  readonly fileName: string;
  readonly delimiter: Delimiter;
  /** 1-based line of the header row. */
  readonly headerLine: number;
  readonly columns: readonly CsvColumn[];
  readonly rows: number;
  /** 1-based file line where each data row starts. */
  readonly lines: Int32Array;
  readonly bytes: number;
  /** The stored blocks (one per column unless a layout was given). */
  readonly blocks: readonly StoredBlock[];
}

/**
 * Longest kept partial row that `stitch` completes in place. A longer one (a big quoted cell with
 * line breaks) waits, appended, until the kept bytes have doubled: stitching it would parse it
 * again for every chunk, quadratic in its length.
 */
const STITCH_MAX = 1 << 16;

/** Slice size when the whole file is given as one array: progress, cancellation and yielding between slices. */
const SLICE = 4 << 20;
const EMPTY = new Uint8Array(0);

/** Reads a whole CSV input; see the module comment for what it accepts. */
export async function readCsv(input: Uint8Array | AsyncIterable<Uint8Array>, opts: CsvReadOptions): Promise<CsvTable> {
  const total = input instanceof Uint8Array ? input.length : opts.bytesTotal;
  const reader = new CsvStreamReader(opts.fileName, total, opts.layout, opts.maxBytes);
  let done = 0;
  if (input instanceof Uint8Array) {
    for (let off = 0; off < input.length; off += SLICE) {
      opts.signal?.throwIfAborted();
      const piece = input.subarray(off, Math.min(input.length, off + SLICE));
      reader.feed(piece, false);
      done += piece.length;
      opts.onProgress?.(done, total);
      if (done < input.length) await yieldToEventLoop();
    }
  } else {
    for await (const chunk of input) {
      opts.signal?.throwIfAborted();
      reader.feed(chunk, false);
      done += chunk.length;
      opts.onProgress?.(done, total);
    }
  }
  opts.signal?.throwIfAborted();
  reader.feed(EMPTY, true);
  return reader.finish();
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
}

/**
 * The incremental reader behind `readCsv`: feed chunks, then `finish`. Bytes of an incomplete
 * record are kept and parsed again with the next chunk; when that record is long (a big quoted
 * cell), parsing waits until the kept bytes have doubled, so the re-scans stay linear overall.
 */
export class CsvStreamReader {
  private pend = new Uint8Array(0);
  private pendLen = 0;
  private need = 0;
  /** File offset of the first byte of the buffer being parsed. */
  private base = 0;
  private bomChecked = false;
  private header: CsvHeader | null = null;
  private dataStart = 0;
  private scanner: CsvScanner | null = null;
  private bytes = 0;
  /** Bytes of the current chunk consumed by `stitch`. */
  private stitched = 0;
  /** Blank lines before the header consumed so far. */
  private blankLines = 0;

  constructor(
    private readonly file: string,
    private readonly bytesTotal?: number,
    private readonly layout?: CsvReadOptions['layout'],
    /** Refuse the input past this many bytes (a stream of unknown size; see MAX_STREAM_BYTES). */
    private readonly maxBytes?: number,
  ) {}

  feed(data: Uint8Array, final: boolean): void {
    if (this.maxBytes !== undefined && this.bytes + data.length > this.maxBytes) {
      throw streamTooLarge(this.file, this.maxBytes, this.scanner?.line ?? 1 + this.blankLines);
    }
    // A plain Uint8Array view of a Node Buffer (no copy): the scanner then only ever sees one
    // array type, which keeps its element accesses monomorphic (measured: the hot loop deopted on
    // "wrong map" when Buffers and Uint8Arrays alternated).
    const chunk = Object.getPrototypeOf(data) === Uint8Array.prototype ? data : new Uint8Array(data.buffer, data.byteOffset, data.length);
    this.bytes += chunk.length;
    let buf: Uint8Array;
    if (this.pendLen === 0) buf = chunk;
    else if (this.scanner && this.pendLen < this.need && this.pendLen <= STITCH_MAX && this.stitch(chunk)) buf = chunk.subarray(this.stitched);
    else {
      this.append(chunk);
      if (!final && this.pendLen < this.need) return;
      buf = this.pend.subarray(0, this.pendLen);
    }
    let p = 0;
    if (!this.bomChecked) {
      if (buf.length < 3 && !final) return this.keep(buf, 0, 3);
      if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) p = 3;
      this.bomChecked = true;
    }
    if (!this.header) {
      // Blank lines before the header are consumed here, so that an endless run of them is not kept.
      const blank = skipBlankLines(buf, p, buf.length, final);
      p = blank.end;
      this.blankLines += blank.lines;
      const h = readHeader(buf, p, buf.length, 1 + this.blankLines, final, this.file);
      if (!h) return this.keep(buf, p, 2 * (buf.length - p));
      this.header = h;
      p = h.end;
      this.dataStart = this.base + p;
      if (h.names.length > 0) {
        const layout = this.layout?.({ fileName: this.file, headerLine: h.line, columns: h.names.map((name, index) => ({ name, index })) });
        const store = new ColumnStore(h.names.length, undefined, layout);
        const delim = h.delimiter.charCodeAt(0);
        this.scanner = new CsvScanner(this.file, delim, h.names.length, store, h.nextLine, (rows, at) => this.estimate(rows, at));
      }
    }
    if (this.scanner) p = this.scanner.parse(buf, p, final);
    if (final && p < buf.length) throw new Error(`internal: CSV scanner stopped at byte ${this.base + p} of ${this.base + buf.length}`);
    this.keep(buf, p, 2 * (buf.length - p));
  }

  /**
   * Completes the kept partial record with the start of `chunk` up to its first line break, without
   * copying the whole chunk. Returns false (nothing consumed) when that does not complete it (a
   * line break inside quotes, or no line break); then the caller appends the chunk as usual.
   */
  private stitch(chunk: Uint8Array): boolean {
    const lf = chunk.indexOf(10);
    if (lf < 0) return false;
    const s = this.scanner!;
    const line = s.line;
    const rows = s.rows;
    this.ensure(this.pendLen + lf + 1);
    this.pend.set(chunk.subarray(0, lf + 1), this.pendLen);
    const len = this.pendLen + lf + 1;
    const p = s.parse(this.pend.subarray(0, len), 0, false);
    if (p < len) {
      // not complete: undo and let the caller append the whole chunk
      s.line = line;
      s.rows = rows;
      return false;
    }
    this.base += len;
    this.pendLen = 0;
    this.stitched = lf + 1;
    return true;
  }

  /** Rows expected in the whole input, from the bytes per row so far (0 when the size is unknown). */
  private estimate(rows: number, at: number): number {
    const done = this.base + at - this.dataStart;
    if (!this.bytesTotal || done <= 0 || rows === 0) return 0;
    return Math.ceil((rows * (this.bytesTotal - this.dataStart)) / done);
  }

  /** Keeps `buf[from..]` for the next feed; parse again once `need` bytes are pending. */
  private keep(buf: Uint8Array, from: number, need: number): void {
    const tail = buf.length - from;
    this.base += from;
    if (tail === 0) {
      this.pendLen = 0;
      return;
    }
    if (buf.buffer === this.pend.buffer && buf.byteOffset === this.pend.byteOffset) this.pend.copyWithin(0, from, buf.length);
    else {
      this.ensure(tail);
      this.pend.set(buf.subarray(from));
    }
    this.pendLen = tail;
    this.need = need;
  }

  private append(chunk: Uint8Array): void {
    this.ensure(this.pendLen + chunk.length);
    this.pend.set(chunk, this.pendLen);
    this.pendLen += chunk.length;
  }

  private ensure(n: number): void {
    if (this.pend.length >= n) return;
    const next = new Uint8Array(Math.max(n, this.pend.length * 2, 1 << 16));
    next.set(this.pend.subarray(0, this.pendLen));
    this.pend = next;
  }

  finish(): CsvTable {
    const h = this.header;
    if (!h || h.names.length === 0) {
      throw new DataError('empty file: expected a header row with column names', this.file, 1, 1);
    }
    const s = this.scanner!;
    if (s.rows === 0) {
      throw new DataError('no data rows: the file has a header row but nothing below it', this.file, s.line, 1);
    }
    const { blocks, lines } = s.store.trim(s.rows);
    const names = h.names.map((name, index) => ({ name, wide: s.wide[index], nonNumeric: s.nonNumeric[index] }));
    return { fileName: this.file, delimiter: h.delimiter, headerLine: h.line, columns: columnsOf(names, blocks, s.rows), rows: s.rows, lines, bytes: this.bytes, blocks };
  }
}

/** The first `rows` rows of a table: views of the same memory, blocks and columns cut alike. */
export function headRows(t: CsvTable, rows: number): CsvTable {
  if (t.rows <= rows) return t;
  const blocks = t.blocks.map((b) => ({ columns: b.columns, data: b.data.subarray(0, rows * b.columns.length) }));
  return { ...t, rows, lines: t.lines.subarray(0, rows), blocks, columns: columnsOf(t.columns, blocks, rows) };
}

type ColumnFacts = Pick<CsvColumn, 'name' | 'wide' | 'nonNumeric'>;

function columnsOf(facts: readonly ColumnFacts[], blocks: readonly StoredBlock[], rows: number): CsvColumn[] {
  const where: Array<CsvColumn['stored']> = facts.map(() => null);
  for (const b of blocks) b.columns.forEach((c, k) => (where[c] = { data: b.data, stride: b.columns.length, offset: k }));
  return facts.map((f, index) => column(f.name, index, where[index], rows, f.wide, f.nonNumeric));
}

function column(name: string, index: number, stored: CsvColumn['stored'], rows: number, wide: boolean, nonNumeric: NonNumericCell | undefined): CsvColumn {
  const base = { name, index, stored, wide, ...(nonNumeric ? { nonNumeric } : {}) };
  if (stored && stored.stride === 1) return { ...base, values: stored.data };
  let copy: ColumnValues | undefined;
  return {
    ...base,
    get values(): ColumnValues {
      if (!stored && nonNumeric) throw new Error(`internal: column ${name} is not numeric (line ${nonNumeric.line}: "${nonNumeric.text}"), its values are not kept`);
      if (!stored) throw new Error(`internal: column ${name} was not stored (not in the read layout)`);
      if (!copy) {
        const { data, stride, offset } = stored;
        copy = new Float32Array(rows);
        for (let i = 0; i < rows; i++) copy[i] = data[i * stride + offset];
      }
      return copy;
    },
  };
}
