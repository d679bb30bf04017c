/**
 * NumPy `.npy` files (format version 1.0), for per-sample values and gradients too large for JSON:
 * `--grad` on 1e7 rows of 10 logits printed 1.4 GB of JSON in about 27 s, where the same values as
 * float32 `.npy` are 400 MB written as they are in memory, and `np.load` reads them in a blink.
 *
 * Format (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html): the magic
 * `\x93NUMPY`, version 1.0, a little-endian uint16 header length, then a Python dict literal
 * `{'descr': '<f4', 'fortran_order': False, 'shape': (n, c), }` padded with spaces and ended by a
 * newline so that the data starts at a multiple of 64 bytes; then the values, C order, little-endian.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { endianness } from 'node:os';

export type NpyArray = Float32Array | Int32Array | Float64Array;

/** NumPy's type string for each array kind (always little-endian; see `bytesLE`). */
function descrOf(a: NpyArray | BigInt64Array): string {
  if (a instanceof Float32Array) return '<f4';
  if (a instanceof Int32Array) return '<i4';
  if (a instanceof Float64Array) return '<f8';
  return '<i8';
}

/** The header (magic, version, length, dict, padding) for an array of `descr` and `shape`. */
export function npyHeader(descr: string, shape: readonly number[]): Uint8Array {
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${dims}, }`;
  const unpadded = 10 + dict.length + 1;
  const total = Math.ceil(unpadded / 64) * 64;
  const text = dict + ' '.repeat(total - unpadded) + '\n';
  const out = new Uint8Array(total);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]); // \x93NUMPY, version 1.0
  const len = total - 10;
  out[8] = len & 0xff;
  out[9] = len >> 8;
  for (let i = 0; i < text.length; i++) out[10 + i] = text.charCodeAt(i);
  return out;
}

/** The array's bytes in little-endian order: the memory itself on a little-endian machine. */
function bytesLE(a: NpyArray | BigInt64Array): Uint8Array {
  const raw = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  if (endianness() === 'LE') return raw;
  const size = a.BYTES_PER_ELEMENT;
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i += size) for (let k = 0; k < size; k++) out[i + k] = raw[i + size - 1 - k];
  return out;
}

/**
 * Integer ids (up to 2^53 in magnitude, as float64) as int64 values: numpy's natural dtype for
 * ids, exact where float32 or int32 would not be.
 */
export function int64Of(values: ArrayLike<number>): BigInt64Array {
  const out = new BigInt64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = BigInt(values[i]);
  return out;
}

/** Writes `data` shaped `shape` (rows first; the product must be its length) to `path`. */
export function writeNpy(path: string, data: NpyArray | BigInt64Array, shape: readonly number[]): void {
  if (shape.reduce((p, d) => p * d, 1) !== data.length) throw new Error(`internal: npy shape (${shape.join(', ')}) does not hold ${data.length} values`);
  const fd = openSync(path, 'w');
  try {
    writeAll(fd, npyHeader(descrOf(data), shape));
    writeAll(fd, bytesLE(data));
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  // writeSync may write less than asked (and at most 2 GB at once)
  for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, Math.min(bytes.length - off, 1 << 30));
}
