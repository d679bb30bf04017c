/**
 * Writing the result JSON: one object, with large arrays streamed in pieces (a gradient of 1e7 x 10
 * values would not fit in one JavaScript string). Float32 results are printed with few digits that
 * read back as the same float32 (0.1, not 0.10000000149011612); float64 results with the shortest
 * round-trip double. Non-finite numbers, which JSON cannot hold, are written as null.
 *
 * Arrays are formatted straight into one reused byte buffer, with no string per number: printing
 * the 1e7 gradient values of a 1e6 x 10 cross-entropy took 2.4 s with `toPrecision` and string
 * building, and about 0.5 s this way (and the output no longer grows the JavaScript heap).
 */

const P10 = Array.from({ length: 23 }, (_, i) => 10 ** i); // exact doubles
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const LOWER_E = 101;
const PLUS = 43;

/** Bytes `putFloat32` may write for one value. */
const MAX_NUMBER_BYTES = 32;

/**
 * The digits of a float32 value as an integer `m` of `p` digits and the decimal exponent `e` of its
 * first digit (x ≈ m × 10^(e - p + 1)), for the first p of 7, 8, 9 that reads back as the same
 * float32, written to `out`; false when the scaling is not exact in doubles (|x| below about
 * 1e-14 or above 1e22) or no p round-trips that way, where the caller falls back to `toPrecision`.
 */
function digits(a: number, out: { m: number; e: number }): boolean {
  let e = Math.floor(Math.log10(a));
  for (let p = 7; p <= 9; p++) {
    for (let tries = 0; tries < 2; tries++) {
      const j = p - 1 - e;
      if (j > 22 || j < -22) return false;
      const m = Math.round(j >= 0 ? a * P10[j] : a / P10[-j]);
      // log10 can be one off next to a power of ten; then m has a digit too many or too few
      if (m >= P10[p]) {
        e++;
        continue;
      }
      if (m < P10[p - 1]) {
        e--;
        continue;
      }
      if (Math.fround(j >= 0 ? m / P10[j] : m * P10[-j]) === a) {
        out.m = m;
        out.e = e;
        return true;
      }
      break;
    }
  }
  return false;
}

const scratch = { m: 0, e: 0 };
const digitBuf = new Uint8Array(10);

/**
 * Writes the JSON text of float32 `x` at `pos` (at most MAX_NUMBER_BYTES bytes); returns the new
 * position. Digits: the first of 7, 8 or 9 significant digits that reads back as the same float32,
 * trailing zeros dropped (rarely one digit longer than the shortest). Notation: JavaScript's
 * (`String(x)`): plain for 1e-6 <= |x| < 1e21, else exponential (`1.5e-7`, `1e+21`).
 */
export function putFloat32(buf: Uint8Array, pos: number, x: number): number {
  if (x !== x || x === Infinity || x === -Infinity) return putAscii(buf, pos, 'null');
  if (x === 0) {
    buf[pos] = ZERO;
    return pos + 1;
  }
  if (x < 0) {
    buf[pos++] = MINUS;
    x = -x;
  }
  if (!digits(x, scratch)) return putAscii(buf, pos, slowFloat32(x));
  let m = scratch.m;
  // digits of m, trailing zeros dropped
  let k = 0;
  while (m % 10 === 0) m /= 10;
  while (m > 0) {
    const q = Math.floor(m / 10);
    digitBuf[k++] = ZERO + (m - q * 10);
    m = q;
  }
  // digitBuf holds the k digits in reverse; n is the position of the decimal point
  const n = scratch.e + 1;
  if (n >= k && n <= 21) {
    for (let i = k - 1; i >= 0; i--) buf[pos++] = digitBuf[i];
    for (let i = k; i < n; i++) buf[pos++] = ZERO;
  } else if (n > 0 && n <= 21) {
    for (let i = k - 1; i >= k - n; i--) buf[pos++] = digitBuf[i];
    buf[pos++] = DOT;
    for (let i = k - n - 1; i >= 0; i--) buf[pos++] = digitBuf[i];
  } else if (n > -6 && n <= 0) {
    buf[pos++] = ZERO;
    buf[pos++] = DOT;
    for (let i = n; i < 0; i++) buf[pos++] = ZERO;
    for (let i = k - 1; i >= 0; i--) buf[pos++] = digitBuf[i];
  } else {
    buf[pos++] = digitBuf[k - 1];
    if (k > 1) {
      buf[pos++] = DOT;
      for (let i = k - 2; i >= 0; i--) buf[pos++] = digitBuf[i];
    }
    buf[pos++] = LOWER_E;
    let ex = n - 1;
    if (ex < 0) {
      buf[pos++] = MINUS;
      ex = -ex;
    } else buf[pos++] = PLUS;
    if (ex >= 10) buf[pos++] = ZERO + Math.floor(ex / 10);
    buf[pos++] = ZERO + (ex % 10);
  }
  return pos;
}

/** The same text through `toPrecision`, for magnitudes `digits` cannot scale exactly. */
function slowFloat32(a: number): string {
  for (const p of [7, 8]) {
    const t = a.toPrecision(p);
    if (Math.fround(Number(t)) === a) return String(Number(t));
  }
  return String(Number(a.toPrecision(9)));
}

/** Writes any double as JSON (`formatFloat64`), integers below 2^31 digit by digit (line numbers, ids). */
function putFloat64(buf: Uint8Array, pos: number, x: number): number {
  if (!(x >= 0 && x < 2147483648 && (x | 0) === x)) return putAscii(buf, pos, formatFloat64(x));
  let k = 0;
  do {
    const q = (x / 10) | 0;
    digitBuf[k++] = ZERO + (x - q * 10);
    x = q;
  } while (x > 0);
  while (k > 0) buf[pos++] = digitBuf[--k];
  return pos;
}

function putAscii(buf: Uint8Array, pos: number, s: string): number {
  for (let i = 0; i < s.length; i++) buf[pos++] = s.charCodeAt(i);
  return pos;
}

/** `putFloat32` as a string (tests, small outputs). */
export function formatFloat32(x: number): string {
  const b = new Uint8Array(MAX_NUMBER_BYTES);
  return String.fromCharCode(...b.subarray(0, putFloat32(b, 0, x)));
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
  /** float32 values (short round-trip digits) or any doubles (integers, line numbers). */
  readonly float32: boolean;
}

export function f32Array(data: ArrayLike<number>, cols = 1): ArrayValue {
  return { kind: 'array', data, cols, float32: true };
}

/** Any doubles, shortest round-trip digits. */
export function f64Array(data: ArrayLike<number>): ArrayValue {
  return { kind: 'array', data, cols: 1, float32: false };
}

export function intArray(data: ArrayLike<number>): ArrayValue {
  return { kind: 'array', data, cols: 1, float32: false };
}

export type JsonField = ArrayValue | number | string | boolean | null | object | undefined;

/**
 * Where output goes: text or bytes. The bytes are a view of a buffer that is reused once the
 * returned promise resolves, so an implementation that keeps them must copy them.
 */
export type JsonOut = (chunk: string | Uint8Array) => Promise<void>;

const CHUNK = 1 << 18;
const encoder = new TextEncoder();

/** Output in CHUNK-byte pieces from one buffer. */
class ByteSink {
  private readonly buf = new Uint8Array(CHUNK + 4096);
  pos = 0;
  constructor(private readonly out: JsonOut) {}

  async text(s: string): Promise<void> {
    if (this.pos + s.length * 3 > this.buf.length) {
      await this.flush();
      if (s.length * 3 > this.buf.length) return this.out(s);
    }
    this.pos += encoder.encodeInto(s, this.buf.subarray(this.pos)).written;
  }

  /** The buffer to write into at `pos`, after flushing a full chunk (room for one more number). */
  async room(): Promise<Uint8Array> {
    if (this.pos >= CHUNK) await this.flush();
    return this.buf;
  }

  async flush(): Promise<void> {
    if (this.pos === 0) return;
    await this.out(this.buf.subarray(0, this.pos));
    this.pos = 0;
  }
}

function isArrayValue(v: JsonField): v is ArrayValue {
  return typeof v === 'object' && v !== null && (v as ArrayValue).kind === 'array' && 'float32' in v;
}

const plain = (v: unknown): string => JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? null : x));

/** Writes `{"k": v, ...}` followed by a newline; undefined fields are left out. */
export async function writeJsonObject(out: JsonOut, fields: ReadonlyArray<[string, JsonField]>): Promise<void> {
  const sink = new ByteSink(out);
  await sink.text('{');
  let first = true;
  for (const [k, v] of fields) {
    if (v === undefined) continue;
    await sink.text(`${first ? '' : ','}${JSON.stringify(k)}:`);
    first = false;
    if (isArrayValue(v)) await writeArray(sink, v);
    else if (typeof v === 'number') await sink.text(formatFloat64(v));
    else if (typeof v === 'object' && v !== null && Object.values(v).some((x) => isArrayValue(x as JsonField))) {
      // an object of arrays (grad by role)
      let f = true;
      await sink.text('{');
      for (const [k2, v2] of Object.entries(v)) {
        await sink.text(`${f ? '' : ','}${JSON.stringify(k2)}:`);
        f = false;
        if (isArrayValue(v2 as JsonField)) await writeArray(sink, v2 as ArrayValue);
        else await sink.text(plain(v2));
      }
      await sink.text('}');
    } else await sink.text(plain(v));
  }
  await sink.text('}\n');
  await sink.flush();
}

const COMMA = 44;
const OPEN = 91;
const CLOSE = 93;

async function writeArray(sink: ByteSink, v: ArrayValue): Promise<void> {
  const { data, cols, float32 } = v;
  const rows = Math.floor(data.length / cols);
  let buf = await sink.room();
  let pos = sink.pos;
  buf[pos++] = OPEN;
  for (let i = 0; i < rows; i++) {
    if (i > 0) buf[pos++] = COMMA;
    if (cols === 1) pos = float32 ? putFloat32(buf, pos, data[i]) : putFloat64(buf, pos, data[i]);
    else {
      buf[pos++] = OPEN;
      for (let c = 0; c < cols; c++) {
        if (c > 0) buf[pos++] = COMMA;
        const x = data[i * cols + c];
        pos = float32 ? putFloat32(buf, pos, x) : putFloat64(buf, pos, x);
        if (pos >= CHUNK) {
          sink.pos = pos;
          buf = await sink.room();
          pos = sink.pos;
        }
      }
      buf[pos++] = CLOSE;
    }
    if (pos >= CHUNK) {
      sink.pos = pos;
      buf = await sink.room();
      pos = sink.pos;
    }
  }
  buf[pos++] = CLOSE;
  sink.pos = pos;
}
