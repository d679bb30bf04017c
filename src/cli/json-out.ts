/**
 * Writing the result JSON: one object, with large arrays streamed in pieces (a gradient of 1e7 x 10
 * values would not fit in one JavaScript string). Float32 results are printed with few digits that
 * read back as the same float32 (0.1, not 0.10000000149011612); float64 results with
 * the shortest round-trip double. Non-finite numbers, which JSON cannot hold, are written as null.
 */

/**
 * A short decimal that reads back as the same float32 value: 7, 8 or 9 significant digits (the
 * first that round-trips), trailing zeros dropped (0.25, not 0.2500000). Rarely one digit longer
 * than the shortest; about 1 µs per value, which matters for a gradient of 10^7 values.
 */
export function formatFloat32(x: number): string {
  if (!Number.isFinite(x)) return 'null';
  if (x === 0) return '0';
  let t = x.toPrecision(7);
  if (Math.fround(Number(t)) === x) return dropZeros(t);
  t = x.toPrecision(8);
  if (Math.fround(Number(t)) === x) return dropZeros(t);
  return dropZeros(x.toPrecision(9));
}

/** `0.2500000` -> `0.25`, `1.000000e+21` -> `1e+21`. */
function dropZeros(t: string): string {
  const e = t.indexOf('e');
  const m = e < 0 ? t : t.slice(0, e);
  if (m.indexOf('.') < 0) return t;
  let k = m.length;
  while (m.charCodeAt(k - 1) === 48) k--;
  if (m.charCodeAt(k - 1) === 46) k--;
  return e < 0 ? m.slice(0, k) : m.slice(0, k) + t.slice(e);
}

export function formatFloat64(x: number): string {
  return Number.isFinite(x) ? String(x) : 'null';
}

/** A value that is written as a (possibly huge) JSON array. */
export interface ArrayValue {
  readonly kind: 'array';
  readonly data: ArrayLike<number>;
  /** Values per row: 1 writes a flat array, more writes an array of rows. */
  readonly cols: number;
  readonly format: (x: number) => string;
}

export function f32Array(data: ArrayLike<number>, cols = 1): ArrayValue {
  return { kind: 'array', data, cols, format: formatFloat32 };
}

export function intArray(data: ArrayLike<number>): ArrayValue {
  return { kind: 'array', data, cols: 1, format: formatFloat64 };
}

export type JsonField = ArrayValue | number | string | boolean | null | object | undefined;

const PIECE = 1 << 16;

function isArrayValue(v: JsonField): v is ArrayValue {
  return typeof v === 'object' && v !== null && (v as ArrayValue).kind === 'array' && 'format' in v;
}

/** Writes `{"k": v, ...}` followed by a newline; undefined fields are left out. */
export async function writeJsonObject(out: (text: string) => Promise<void>, fields: ReadonlyArray<[string, JsonField]>): Promise<void> {
  let buf = '{';
  let first = true;
  for (const [k, v] of fields) {
    if (v === undefined) continue;
    buf += `${first ? '' : ','}${JSON.stringify(k)}:`;
    first = false;
    if (isArrayValue(v)) {
      buf = await writeArray(out, buf, v);
    } else if (typeof v === 'number') buf += formatFloat64(v);
    else if (typeof v === 'object' && v !== null && Object.values(v).some((x) => isArrayValue(x as JsonField))) {
      // an object of arrays (grad by role)
      buf += '{';
      let f = true;
      for (const [k2, v2] of Object.entries(v)) {
        buf += `${f ? '' : ','}${JSON.stringify(k2)}:`;
        f = false;
        buf = isArrayValue(v2 as JsonField) ? await writeArray(out, buf, v2 as ArrayValue) : buf + JSON.stringify(v2);
      }
      buf += '}';
    } else buf += JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? null : x));
  }
  await out(buf + '}\n');
}

async function writeArray(out: (text: string) => Promise<void>, buf: string, v: ArrayValue): Promise<string> {
  const { data, cols, format } = v;
  const rows = Math.floor(data.length / cols);
  buf += '[';
  for (let i = 0; i < rows; i++) {
    if (i > 0) buf += ',';
    if (cols === 1) buf += format(data[i]);
    else {
      buf += '[';
      for (let c = 0; c < cols; c++) buf += (c ? ',' : '') + format(data[i * cols + c]);
      buf += ']';
    }
    if (buf.length > PIECE) {
      await out(buf);
      buf = '';
    }
  }
  return buf + ']';
}
