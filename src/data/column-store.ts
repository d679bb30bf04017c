/**
 * Growable numeric columns for the CSV scanner: one Float32Array per column plus the file line of
 * each row. Memory stays close to 4 bytes per cell: capacity grows geometrically (or jumps to an
 * estimate from the file size), one column at a time so a resize never holds two copies of every
 * column at once, and the arrays are trimmed at the end.
 *
 * A column holding integers float32 cannot represent (2^24 < |v| < 2^53, e.g. query ids, timestamps)
 * is widened to a Float64Array so that ids stay distinct; see `load-dataset.ts` for what happens
 * when such a column is used.
 */
export type ColumnValues = Float32Array | Float64Array;

const MIN_CAPACITY = 1024;

export class ColumnStore {
  readonly cols: ColumnValues[];
  lines: Int32Array;
  cap: number;

  constructor(ncols: number, cap = MIN_CAPACITY) {
    this.cap = Math.max(16, cap);
    this.cols = [];
    for (let i = 0; i < ncols; i++) this.cols.push(new Float32Array(this.cap));
    this.lines = new Int32Array(this.cap);
  }

  /** Makes room for at least one more row; `estimate` is a guess of the final row count (or 0). */
  grow(estimate: number): void {
    let next = Math.ceil(this.cap * 1.5);
    // Jump straight to an estimate from the bytes read so far, with a little headroom, when it is
    // larger: one resize instead of many for a file of known size.
    if (estimate > next) next = Math.ceil(estimate * 1.02) + 64;
    for (let i = 0; i < this.cols.length; i++) this.cols[i] = resized(this.cols[i], next);
    this.lines = resized(this.lines, next);
    this.cap = next;
  }

  /** Switches column `i` to float64 (values so far are kept). */
  widen(i: number): void {
    const old = this.cols[i];
    if (old instanceof Float64Array) return;
    const w = new Float64Array(this.cap);
    w.set(old);
    this.cols[i] = w;
  }

  /** The first `rows` rows, copied to exact size when the spare capacity is worth freeing. */
  trim(rows: number): { cols: ColumnValues[]; lines: Int32Array } {
    const copy = this.cap - rows > (rows >> 4) + 4096;
    const cut = <T extends ColumnValues | Int32Array>(a: T): T => (copy ? a.slice(0, rows) : a.subarray(0, rows)) as T;
    const cols: ColumnValues[] = [];
    for (let i = 0; i < this.cols.length; i++) {
      cols.push(cut(this.cols[i]));
      // drop our reference so the old buffer can be collected before the next column is copied
      this.cols[i] = cols[i];
    }
    this.lines = cut(this.lines);
    this.cap = rows;
    return { cols, lines: this.lines };
  }
}

function resized<T extends ColumnValues | Int32Array>(a: T, cap: number): T {
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a.subarray(0, Math.min(a.length, cap)) as never);
  return b;
}
