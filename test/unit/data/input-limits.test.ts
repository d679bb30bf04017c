/**
 * Issue #13, class 4: what one field, one row, the header and a stream may hold is bounded, and
 * going past a bound is a placed DataError raised after reading little more than the bound (an
 * endless input is refused, not buffered until memory runs out). Streamed in chunks (the CLI) and
 * as one array (the panel), the same message.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CsvStreamReader, readCsv } from '../../../src/data/csv-reader';
import { DataError } from '../../../src/data/data-error';
import { MAX_COLUMNS, MAX_FIELD_BYTES, MAX_ROW_BYTES } from '../../../src/data/input-limits';
import { assertLinearWork } from '../../helpers/work-bound';

const enc = new TextEncoder();
const MiB = 1 << 20;

/**
 * Feeds `head`, then `unit` repeated without end, in 64 KiB chunks (standard input's size), until
 * the reader throws; returns the error and how many bytes it took. Fails past `maxBytes`.
 */
function feedEndless(head: string, unit: string | Uint8Array, maxBytes = 40 * MiB): { error: DataError; bytes: number } {
  const reader = new CsvStreamReader('stdin');
  const u = typeof unit === 'string' ? enc.encode(unit) : unit;
  const chunk = new Uint8Array(64 * 1024);
  for (let i = 0; i < chunk.length; i++) chunk[i] = u[i % u.length];
  let bytes = 0;
  try {
    const h = enc.encode(head);
    reader.feed(h, false);
    bytes += h.length;
    while (bytes < maxBytes) {
      reader.feed(chunk, false);
      bytes += chunk.length;
    }
  } catch (e) {
    assert.ok(e instanceof DataError, `expected a DataError, got ${String(e)}`);
    return { error: e, bytes };
  }
  assert.fail(`no error after ${bytes} bytes`);
}

function expectEndless(head: string, unit: string | Uint8Array, message: RegExp, maxBytes: number): void {
  const { error, bytes } = feedEndless(head, unit, maxBytes + 2 * MiB);
  assert.match(error.message, message);
  assert.ok(bytes <= maxBytes, `refused after ${bytes} bytes`);
}

async function rejectsWhole(text: Uint8Array, message: RegExp): Promise<void> {
  await assert.rejects(readCsv(text, { fileName: 'f.csv' }), (e: unknown) => {
    assert.ok(e instanceof DataError, String(e));
    assert.match(e.message, message);
    return true;
  });
}

describe('input bounds', () => {
  it('refuses endless NUL bytes (/dev/zero) as a column name longer than 1 MiB, after reading at most 3 MiB', () => {
    expectEndless('', new Uint8Array([0]), /^column name too long: more than 1 MiB \(1048576 bytes\) in one column name, the most a field may hold \(is this a CSV file\?\) \(stdin:1:1\)$/, 3 * MiB);
  });

  it('refuses an endless header of short names as more columns than 65536', () => {
    expectEndless('', 'ab,', /^too many columns: the header row has more than 65536, the most a file may have \(stdin:1:65537\)$/, 3 * MiB);
  });

  it('refuses an endless quoted cell with line breaks at the line where it opens', () => {
    expectEndless('y_pred,y_true\n1,2\n3,"', 'x\n', /^field too long: more than 1 MiB \(1048576 bytes\) in one field, .* \(stdin:3:2\)$/, 3 * MiB);
  });

  it('refuses an endless run of digits in a cell', () => {
    expectEndless('a,b\n1,', '7', /^field too long: .* \(stdin:2:2\)$/, 3 * MiB);
  });

  it('refuses an endless row of short fields as a row longer than 16 MiB', () => {
    expectEndless(`${Array.from({ length: 64 }, (_, i) => `c${i}`).join(',')}\n`, 'x'.repeat(1000) + ',', /^row too long: more than 16 MiB \(16777216 bytes\) before the row ends, the most a row may hold \(stdin:2:\d+\)$/, 36 * MiB);
  });

  it('refuses a stream past the byte bound given (standard input in the CLI), at the line being read', () => {
    const reader = new CsvStreamReader('stdin', undefined, undefined, 1000);
    reader.feed(enc.encode('a,b\n'), false);
    assert.throws(
      () => {
        for (let k = 0; k < 10_000; k++) reader.feed(enc.encode('1,2\n'), false);
      },
      (e: unknown) => e instanceof DataError && /^input too large: more than 1000 bytes read from a stream of unknown size, .*\(stdin:251\)$/.test(e.message),
    );
  });

  it('accepts a field of exactly 1 MiB, a header of exactly 65536 columns and blank lines without end before the header', async () => {
    const cell = '1'.repeat(MAX_FIELD_BYTES - 1) + '2';
    const t = await readCsv(enc.encode(`a,b\n${cell},3\n`), { fileName: 'f.csv' });
    assert.equal(t.columns[0].nonNumeric, undefined);
    const names = Array.from({ length: MAX_COLUMNS }, (_, i) => `c${i}`);
    const wide = await readCsv(enc.encode(`${names.join(',')}\n${names.map(() => '1').join(',')}\n`), { fileName: 'f.csv' });
    assert.equal(wide.columns.length, MAX_COLUMNS);
    const reader = new CsvStreamReader('stdin');
    const blanks = new Uint8Array(64 * 1024).fill(10);
    for (let k = 0; k < 256; k++) reader.feed(blanks, false);
    reader.feed(enc.encode('a\n1\n'), true);
    assert.equal(reader.finish().headerLine, 256 * 64 * 1024 + 1);
  });

  it('gives the same messages for a file read as one array (the panel)', async () => {
    await rejectsWhole(new Uint8Array(2 * MiB), /^column name too long: .* \(f\.csv:1:1\)$/);
    await rejectsWhole(enc.encode(`a,b\n1,"${'x'.repeat(MAX_FIELD_BYTES + 5)}"\n`), /^field too long: .* \(f\.csv:2:2\)$/);
    const names = Array.from({ length: 40 }, (_, i) => `c${i}`);
    await rejectsWhole(enc.encode(`${names.join(',')}\n${names.map(() => '9'.repeat(MAX_ROW_BYTES / 32)).join(',')}\n`), /^row too long: .* \(f\.csv:2:32\)$/);
  });

  // Each chunk used to re-parse the whole kept part of an unfinished row (quadratic: a 10.8 MB
  // row of quoted cells with line breaks took 9.4 s in 64 KiB chunks, 0.5 s now).
  it('reads a 900 KiB quoted cell with line breaks, fed in 256-byte chunks, in linear work', async () => {
    const cell = 'abcdefghi\n'.repeat(92_000);
    const quoted = enc.encode(`a,b\n1,"${cell}"\n`);
    const plain = enc.encode(`a,b\n${'1,2\n'.repeat(quoted.length / 4)}`);
    const feedAll = (b: Uint8Array): void => {
      const r = new CsvStreamReader('t.csv');
      for (let i = 0; i < b.length; i += 256) r.feed(b.subarray(i, i + 256), false);
      r.feed(new Uint8Array(0), true);
    };
    assertLinearWork('900 KiB quoted cell in 256-byte chunks', () => feedAll(quoted), () => feedAll(plain));
  });
});
