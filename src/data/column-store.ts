/**
 * Growable numeric storage for the CSV scanner, plus the file line of each row. Memory stays close
 * to 4 bytes per stored cell: capacity grows geometrically (or jumps to an estimate from the file
 * size), one block at a time so a resize never holds two copies of everything at once, and the
 * arrays are trimmed at the end.
 *
 * Cells are stored in blocks. By default every column is a block of its own (one Float32Array per
 * column). A layout can instead store a group of columns row-major in one block, which is exactly
 * the engine's input for a multi-column role (10 logits, a 64-wide embedding): the data is then
 * used as it was read, with no second copy. A layout may also leave columns out (not stored), so
 * reading for one loss holds only the columns that loss uses.
 *
 * A single-column block holding integers float32 cannot represent (2^24 < |v| < 2^53, e.g. query
 * ids, timestamps) is widened to a Float64Array so that ids stay distinct; see `load-dataset.ts` for
 * what happens when such a column is used. Grouped columns stay float32 (they feed float32 tensors).
 */
export type ColumnValues = Float32Array | Float64Array;

/** Which columns to store and how: each block lists its columns, stored row-major; columns in no block are not stored. */
export interface StoreLayout {
  readonly blocks: ReadonlyArray<readonly number[]>;
}

export interface StoredBlock {
  readonly columns: readonly number[];
  /** Row-major: `data[row * columns.length + k]` is column `columns[k]`. */
  readonly data: ColumnValues;
}

const MIN_CAPACITY = 1024;
/** Cells the first allocation holds at most (4 MB of float32). */
const INITIAL_CELLS = 1 << 20;
/** Where the cells of a column that is not stored go. */
const NOWHERE = new Float32Array(1);

export class ColumnStore {
  /** Per column: the array its cells are written to, at `row * stride[f] + offset[f]`. */
  readonly dst: ColumnValues[];
  readonly stride: Int32Array;
  readonly offset: Int32Array;
  private readonly blocks: Array<{ columns: readonly number[]; data: ColumnValues }>;
  lines: Int32Array;
  cap: number;

  constructor(ncols: number, cap?: number, layout?: StoreLayout) {
    const blocks = layout ? layout.blocks : Array.from({ length: ncols }, (_, i) => [i]);
    // A wide table starts with fewer rows: 65536 columns x 1024 rows would be 256 MB before the
    // first row is read.
    const width = blocks.reduce((s, b) => s + b.length, 0);
    this.cap = Math.max(16, cap ?? Math.min(MIN_CAPACITY, Math.floor(INITIAL_CELLS / Math.max(1, width))));
    this.dst = new Array<ColumnValues>(ncols).fill(NOWHERE);
    this.stride = new Int32Array(ncols);
    this.offset = new Int32Array(ncols);
    this.blocks = [];
    const seen = new Set<number>();
    for (const columns of blocks) {
      if (columns.length === 0) throw new Error('internal: empty block in a store layout');
      for (const c of columns) {
        if (!(c >= 0 && c < ncols) || seen.has(c)) throw new Error(`internal: bad store layout (column ${c})`);
        seen.add(c);
      }
      this.blocks.push({ columns, data: new Float32Array(this.cap * columns.length) });
    }
    this.point();
    this.lines = new Int32Array(this.cap);
  }

  /** Whether column `f` is stored at all. */
  isStored(f: number): boolean {
    return this.stride[f] !== 0;
  }

  private point(): void {
    for (const b of this.blocks) {
      b.columns.forEach((c, k) => {
        this.dst[c] = b.data;
        this.stride[c] = b.columns.length;
        this.offset[c] = k;
      });
    }
  }

  /** Makes room for at least one more row; `estimate` is a guess of the final row count (or 0). */
  grow(estimate: number): void {
    let next = Math.ceil(this.cap * 1.5);
    // Jump straight to an estimate from the bytes read so far, with a little headroom, when it is
    // larger: one resize instead of many for a file of known size.
    if (estimate > next) next = Math.ceil(estimate * 1.02) + 64;
    for (const b of this.blocks) {
      b.data = resized(b.data, next * b.columns.length);
      this.point();
    }
    this.lines = resized(this.lines, next);
    this.cap = next;
  }

  /**
   * Switches column `f` to float64 (values so far are kept). Only a column stored alone can be
   * widened; returns whether it was.
   */
  widen(f: number): boolean {
    const b = this.blocks.find((x) => x.columns.length === 1 && x.columns[0] === f);
    if (!b) return false;
    if (b.data instanceof Float64Array) return true;
    const w = new Float64Array(this.cap);
    w.set(b.data);
    b.data = w;
    this.point();
    return true;
  }

  /**
   * Stops storing column `f` and frees its array, when it is stored alone (returns whether it was).
   * Its later cells go nowhere. The reader drops a column at its first non-numeric cell: no loss
   * can use it (mapping it is an error that names that cell, see load-dataset.ts) and no view
   * shows its cells, so its values would be memory held for nothing (a text column of a 1e7-row
   * file is 40 MB of NaN).
   */
  drop(f: number): boolean {
    const i = this.blocks.findIndex((x) => x.columns.length === 1 && x.columns[0] === f);
    if (i < 0) return false;
    this.blocks.splice(i, 1);
    this.dst[f] = NOWHERE;
    this.stride[f] = 0;
    this.offset[f] = 0;
    return true;
  }

  /** The first `rows` rows, copied to exact size when the spare capacity is worth freeing. */
  trim(rows: number): { blocks: StoredBlock[]; lines: Int32Array } {
    const copy = this.cap - rows > (rows >> 4) + 4096;
    const cut = <T extends ColumnValues | Int32Array>(a: T, n: number): T => (copy ? a.slice(0, n) : a.subarray(0, n)) as T;
    const out: StoredBlock[] = [];
    for (const b of this.blocks) {
      // replace our reference first, so the old buffer can be collected before the next block is copied
      b.data = cut(b.data, rows * b.columns.length);
      out.push({ columns: b.columns, data: b.data });
    }
    this.point();
    this.lines = cut(this.lines, rows);
    this.cap = rows;
    return { blocks: out, lines: this.lines };
  }
}

function resized<T extends ColumnValues | Int32Array>(a: T, cap: number): T {
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a.subarray(0, Math.min(a.length, cap)) as never);
  return b;
}
