/**
 * The CSV reader: every edge case of the format it accepts, each bad input with its exact message
 * and place, and the same result whatever the chunking of the input.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readCsv, type CsvTable } from '../../../src/data/csv-reader';
import { DataError } from '../../../src/data/data-error';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'csv');
const enc = new TextEncoder();

async function* chunks(b: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < b.length; i += size) yield b.slice(i, i + size);
}

function read(text: string | Uint8Array, chunk = 0): Promise<CsvTable> {
  const b = typeof text === 'string' ? enc.encode(text) : text;
  return readCsv(chunk ? chunks(b, chunk) : b, { fileName: 't.csv' });
}

/** The table as plain data: NaN stays NaN under deepEqual; Infinity too. Non-numeric columns keep no values (null here). */
function plain(t: CsvTable): unknown {
  return {
    delimiter: t.delimiter,
    headerLine: t.headerLine,
    rows: t.rows,
    lines: Array.from(t.lines),
    columns: t.columns.map((c) => ({ name: c.name, values: c.nonNumeric ? null : Array.from(c.values), nonNumeric: c.nonNumeric, wide: c.wide })),
  };
}

async function col(text: string, name: string): Promise<number[]> {
  const t = await read(text);
  return Array.from(t.columns.find((c) => c.name === name)!.values);
}

async function rejects(text: string | Uint8Array, message: string, where: [number, number]): Promise<void> {
  // the same error whether the input comes in one piece or byte by byte
  for (const chunk of [0, 1, 3]) {
    await assert.rejects(read(text, chunk), (e: unknown) => {
      assert.ok(e instanceof DataError, `expected a DataError, got ${String(e)}`);
      assert.equal(e.message, `${message} (t.csv:${where[0]}:${where[1]})`);
      assert.equal(e.detail, message);
      assert.deepEqual([e.file, e.line, e.column], ['t.csv', ...where]);
      return true;
    });
  }
}

describe('CSV reader: format', () => {
  it('reads a comma-separated header and numeric columns with each row\'s file line', async () => {
    const t = await read('a,b\n1,2\n3.5,-4\n');
    assert.deepEqual(plain(t), {
      delimiter: ',',
      headerLine: 1,
      rows: 2,
      lines: [2, 3],
      columns: [
        { name: 'a', values: [1, 3.5], nonNumeric: undefined, wide: false },
        { name: 'b', values: [2, -4], nonNumeric: undefined, wide: false },
      ],
    });
  });

  it('detects semicolon and tab delimiters from the header line', async () => {
    assert.equal((await read('a;b\n1;2\n')).delimiter, ';');
    assert.equal((await read('a\tb\n1\t2\n')).delimiter, '\t');
    // commas inside a quoted header name do not count
    const t = await read('"x,y";z;w\n1;2;3\n');
    assert.equal(t.delimiter, ';');
    assert.deepEqual(t.columns.map((c) => c.name), ['x,y', 'z', 'w']);
  });

  it('treats a header without any delimiter as a single column', async () => {
    const t = await read('loss\n0.5\n1.5\n');
    assert.deepEqual(t.columns.map((c) => [c.name, Array.from(c.values)]), [['loss', [0.5, 1.5]]]);
  });

  it('reads quoted fields with "" escapes, delimiters and line breaks inside, keeping line numbers right', async () => {
    const t = await read('id,"note, with ""quotes""",v\n1,"a\nb, ""c""",10\n2,"",20\n');
    assert.equal(t.columns[1].name, 'note, with "quotes"');
    assert.deepEqual(Array.from(t.columns[2].values), [10, 20]);
    // row 2 starts on line 4 because the quoted cell of row 1 spans lines 2-3
    assert.deepEqual(Array.from(t.lines), [2, 4]);
    assert.deepEqual(t.columns[1].nonNumeric, { line: 2, column: 2, text: 'a\nb, "c"' });
  });

  it('parses quoted numbers as numbers', async () => {
    assert.deepEqual(await col('a,b\n"1.25","-2e3"\n', 'b'), [-2000]);
    assert.deepEqual(await col('a,b\n"1.25","-2e3"\n', 'a'), [1.25]);
  });

  it('accepts CRLF, bare CR line ends and a UTF-8 BOM', async () => {
    const t = await read('\ufeffa,b\r\n1,2\r\n3,4\r5,6');
    assert.deepEqual(t.columns.map((c) => c.name), ['a', 'b']);
    assert.deepEqual(Array.from(t.columns[1].values), [2, 4, 6]);
    assert.deepEqual(Array.from(t.lines), [2, 3, 4]);
  });

  it('skips blank lines, before the header and between rows, counting them in line numbers', async () => {
    const t = await read('\n\na,b\n\n1,2\r\n\r\n\n3,4\n\n');
    assert.equal(t.headerLine, 3);
    assert.deepEqual(Array.from(t.lines), [5, 8]);
  });

  it('reads the last row without a final line break', async () => {
    assert.deepEqual(await col('a,b\n1,2\n3,4', 'b'), [2, 4]);
  });

  it('parses decimal and scientific notation exactly as float32(float64(text))', async () => {
    const texts = ['0', '-0', '+3', '.5', '5.', '1e3', '1E-3', '2.5e+2', '-7.25E-1', '0.1', '3.4028235e38', '1.401298464324817e-45', '0.000012345678901234567', '1.234567890123456789e-01', '123456789012345678901234'];
    const got = await col(`v\n${texts.join('\n')}\n`, 'v');
    assert.deepEqual(got, texts.map((s) => Math.fround(Number(s))));
    assert.ok(Object.is(got[1], -0));
  });

  it('rounds values beyond float32 range to infinity and tiny ones to zero, as float32 does', async () => {
    assert.deepEqual(await col('v\n1e39\n-1e39\n1e-50\n', 'v'), [Infinity, -Infinity, 0]);
  });

  it('reads nan, inf and Infinity as numpy and pandas write them', async () => {
    const got = await col('v\nnan\nNaN\n-nan\ninf\n-inf\n+inf\nInfinity\n-Infinity\nINF\n', 'v');
    assert.deepEqual(got, [NaN, NaN, NaN, Infinity, -Infinity, Infinity, Infinity, -Infinity, Infinity]);
  });

  it("reads empty cells and pandas' missing markers as NaN, keeping the column numeric", async () => {
    const t = await read('a,b\n,1\nNA,2\nnull,3\n" 4 ",N/A\n');
    assert.deepEqual(Array.from(t.columns[0].values), [NaN, NaN, NaN, 4]);
    assert.deepEqual(Array.from(t.columns[1].values), [1, 2, 3, NaN]);
    assert.equal(t.columns[0].nonNumeric, undefined);
    assert.equal(t.columns[1].nonNumeric, undefined);
  });

  it('marks a column with a text cell non-numeric, remembering its first such cell', async () => {
    const t = await read('name,v\nalpha,1\nbeta,2\n');
    assert.deepEqual(t.columns[0].nonNumeric, { line: 2, column: 1, text: 'alpha' });
    assert.equal(t.columns[1].nonNumeric, undefined);
    // things that look almost like numbers are text
    for (const s of ['1,5', '0x10', '1e', '--1', '1.2.3', '12abc', '1_000']) {
      const u = await read(`v\n"${s}"\n`);
      assert.equal(u.columns[0].nonNumeric?.text, s, s);
    }
  });

  it('keeps no values of a non-numeric column: its array is freed at its first text cell, numeric columns stay Float32Array', async () => {
    // 3000 rows, so the text column's array is past its first growth when the text comes.
    const rows = Array.from({ length: 3000 }, (_, i) => `${i},${i === 2500 ? 'n/a?' : i / 2},${i % 7}`);
    for (const chunk of [0, 4096, 7]) {
      const t = await read(`a,note,b\n${rows.join('\n')}\n`, chunk);
      assert.equal(t.rows, 3000);
      assert.deepEqual(t.columns[1].nonNumeric, { line: 2502, column: 2, text: 'n/a?' });
      assert.equal(t.columns[1].stored, null, 'no array kept for the text column');
      assert.deepEqual(t.blocks.map((b) => b.columns), [[0], [2]], 'only the numeric columns are stored');
      assert.ok(t.blocks.every((b) => b.data instanceof Float32Array && b.data.length === 3000));
      assert.throws(() => t.columns[1].values, /column note is not numeric \(line 2502: "n\/a\?"\), its values are not kept/);
      assert.equal(t.columns[0].values[2999], 2999);
      assert.equal(t.columns[2].values[2999], 2999 % 7);
    }
  });

  it('keeps integers above 2^24 exact in a float64 column (query ids, timestamps)', async () => {
    const t = await read('qid,x\n16777217,1\n16777216,2\n1700000000123,3\n');
    assert.equal(t.columns[0].wide, true);
    assert.ok(t.columns[0].values instanceof Float64Array);
    assert.deepEqual(Array.from(t.columns[0].values), [16777217, 16777216, 1700000000123]);
    assert.equal(t.columns[1].wide, false);
    assert.ok(t.columns[1].values instanceof Float32Array);
  });

  it('gives the same table for any chunking of the input', async () => {
    const text = '\ufeffid;"na;me";v\r\n1;"a\r\n""b""";1.5e-3\r\n\r\n2;;-inf\r3;"x";"7"\n4;y;12345678901234567\n5;z;0.30000000000000004';
    const whole = plain(await read(text));
    for (let size = 1; size <= 24; size++) assert.deepEqual(plain(await read(text, size)), whole, `chunks of ${size} bytes`);
  });

  it('reads a long quoted cell split over many chunks', async () => {
    const long = 'x'.repeat(200000);
    const t = await read(`a,b\n"${long}",1\n2,3\n`, 4096);
    assert.equal(t.rows, 2);
    assert.equal(t.columns[0].nonNumeric?.text, 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...');
    assert.deepEqual(Array.from(t.columns[1].values), [1, 3]);
  });

  it('never writes to its input', async () => {
    const b = enc.encode('\ufeffa,b\r\n"1",2\r\nnan,"x"""\r\n');
    const copy = b.slice();
    await read(b);
    await read(b, 2);
    assert.deepEqual(b, copy);
  });

  it('reports progress in bytes and stops when aborted', async () => {
    const b = enc.encode('a,b\n' + '1,2\n'.repeat(1000));
    const seen: Array<[number, number | undefined]> = [];
    await readCsv(chunks(b, 1000), { fileName: 't.csv', bytesTotal: b.length, onProgress: (d, t) => seen.push([d, t]) });
    assert.deepEqual(seen.map((s) => s[0]), [1000, 2000, 3000, 4000, 4004]);
    assert.ok(seen.every((s) => s[1] === 4004));
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(readCsv(b, { fileName: 't.csv', signal: ac.signal }), { name: 'AbortError' });
  });

  it('reads the fixture with BOM, semicolons, CRLF, quotes and a blank line', async () => {
    const t = await read(readFileSync(join(FIXTURES, 'semicolon-bom-crlf.csv')));
    assert.deepEqual(plain(t), {
      delimiter: ';',
      headerLine: 1,
      rows: 2,
      lines: [2, 4],
      columns: [
        { name: 'y_pred', values: [1.5, 3], nonNumeric: undefined, wide: false },
        { name: 'y_true', values: [2, 4], nonNumeric: undefined, wide: false },
      ],
    });
  });

  it('trims its arrays: memory stays close to 4 bytes per cell', async () => {
    const n = 100000;
    const b = enc.encode('a,b,c\n' + '1.5,2,3\n'.repeat(n));
    for (const input of [b, chunks(b, 65536)]) {
      const t = await readCsv(input, { fileName: 't.csv' });
      assert.equal(t.rows, n);
      for (const c of t.columns) assert.ok(c.values.buffer.byteLength <= n * 4 * 1.07 + 16384, `${c.name}: ${c.values.buffer.byteLength} bytes`);
      assert.ok(t.lines.buffer.byteLength <= n * 4 * 1.07 + 16384);
    }
  });
});

describe('CSV reader: bad input', () => {
  it('rejects an empty file', async () => {
    await rejects('', 'empty file: expected a header row with column names', [1, 1]);
    await rejects('\n\r\n\n', 'empty file: expected a header row with column names', [1, 1]);
  });

  it('rejects a header with no data rows, placed where the data should start', async () => {
    await rejects('a,b\n', 'no data rows: the file has a header row but nothing below it', [2, 1]);
    await rejects('a,b\n\n\n', 'no data rows: the file has a header row but nothing below it', [4, 1]);
  });

  it('rejects a row with too many fields at the first extra one', async () => {
    await rejects('a,b\n1,2\n3,4,5\n', 'ragged row: 3 fields, but the header has 2', [3, 3]);
    await rejects('a,b\n1,2\n3,4,\n', 'ragged row: 3 fields, but the header has 2', [3, 3]);
  });

  it('rejects a row with too few fields where the first missing one should be', async () => {
    await rejects('a,b,c\n1,2,3\n4,5\n', 'ragged row: 2 fields, but the header has 3', [3, 3]);
    await rejects('a,b\n1\n', 'ragged row: 1 field, but the header has 2', [2, 2]);
  });

  it('rejects an unterminated quote at the line and column where it opens', async () => {
    await rejects('a,b\n1,2\n3,"four\n5,6\n', 'unterminated quote: the quoted field that opens here never closes', [3, 2]);
    await rejects('a,"b\n1,2\n', 'unterminated quote: the quoted field that opens here never closes', [1, 2]);
  });

  it('places errors of the bad fixtures', async () => {
    const cases: Array<[string, string, number, number]> = [
      ['bad-empty.csv', 'empty file: expected a header row with column names', 1, 1],
      ['bad-header-only.csv', 'no data rows: the file has a header row but nothing below it', 2, 1],
      ['bad-ragged.csv', 'ragged row: 3 fields, but the header has 2', 3, 3],
      ['bad-unterminated.csv', 'unterminated quote: the quoted field that opens here never closes', 3, 3],
    ];
    for (const [file, msg, line, column] of cases) {
      await assert.rejects(readCsv(readFileSync(join(FIXTURES, file)), { fileName: file }), (e: unknown) => {
        assert.ok(e instanceof DataError);
        assert.equal(e.message, `${msg} (${file}:${line}:${column})`);
        return true;
      });
    }
  });
});
