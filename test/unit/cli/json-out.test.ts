/** Number formatting of the CLI's JSON: float32 values read back exactly, in few digits. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatFloat32, formatFloat64, writeJsonObject, f32Array, intArray } from '../../../src/cli/json-out';

describe('CLI JSON output', () => {
  it('prints float32 values in at most 9 digits that read back as the same float32', () => {
    let s = 7;
    for (let i = 0; i < 20000; i++) {
      s = (s * 16807) % 2147483647;
      const x = Math.fround((s / 2147483647 - 0.5) * 10 ** ((i % 60) - 30));
      const t = formatFloat32(x);
      assert.equal(Math.fround(Number(t)), x, `${x} -> ${t}`);
      // significant digits: the mantissa's digits without leading zeros, or trailing ones of an integer
      const mantissa = t.replace(/^-|e.*$/g, '');
      const sig = (mantissa.includes('.') ? mantissa.replace('.', '') : mantissa.replace(/0+$/, '')).replace(/^0+/, '');
      assert.ok(sig.length <= 9, t);
    }
  });

  it('covers the whole float32 range (subnormals to the largest) in JavaScript notation', () => {
    // x = 2^k * (1 + f): every binary exponent float32 has, with random mantissas; the text is
    // checked to read back exactly and to be written as JavaScript would write that number.
    let s = 11;
    const f32 = new Float32Array(1);
    const u32 = new Uint32Array(f32.buffer);
    for (let i = 0; i < 50000; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      u32[0] = s & 0x7fffffff; // any finite or non-finite positive bit pattern
      const x = (i & 1 ? -1 : 1) * f32[0];
      const t = formatFloat32(x);
      if (!Number.isFinite(x)) {
        assert.equal(t, 'null');
        continue;
      }
      assert.equal(Math.fround(Number(t)), x, `${x} -> ${t}`);
      assert.equal(String(Number(t)), t, `${x} -> ${t} is not in JavaScript's notation`);
    }
    for (const x of [3.4028234663852886e38, 1.401298464324817e-45, 1.1754943508222875e-38, 1e-6, 1e-7, 999999.9375, 1e20, 1e21].map(Math.fround)) {
      const t = formatFloat32(x);
      assert.equal(Math.fround(Number(t)), x, `${x} -> ${t}`);
      assert.equal(String(Number(t)), t, `${x} -> ${t}`);
    }
  });

  it('drops trailing zeros and writes non-finite values as null', () => {
    assert.deepEqual([0.25, -0.5, 0, -0, 1e21, Math.fround(0.1), 3].map(formatFloat32), ['0.25', '-0.5', '0', '0', '1e+21', '0.1', '3']);
    assert.deepEqual([NaN, Infinity, -Infinity].map(formatFloat32), ['null', 'null', 'null']);
    assert.deepEqual([0.1 + 0.2, NaN].map(formatFloat64), ['0.30000000000000004', 'null']);
  });

  it('writes integer arrays (line numbers, query ids) exactly, other doubles as JavaScript does', async () => {
    const xs = [0, 7, 10, 99, 100, 123456789, 2147483647, 2147483648, 2 ** 53, -3, 1.5, 1e-7, NaN];
    const parts: string[] = [];
    await writeJsonObject(async (t) => void parts.push(typeof t === 'string' ? t : Buffer.from(t).toString('utf8')), [['a', intArray(xs)]]);
    assert.equal(parts.join(''), `{"a":[${xs.map((x) => (Number.isNaN(x) ? 'null' : String(x))).join(',')}]}\n`);
  });

  it('streams arrays in pieces: flat for one column, rows for several', async () => {
    const parts: string[] = [];
    const big = new Float32Array(100000).fill(0.5);
    await writeJsonObject(async (t) => void parts.push(typeof t === 'string' ? t : Buffer.from(t).toString('utf8')), [
      ['a', f32Array(new Float32Array([1, 2, 3, 4]), 2)],
      ['b', f32Array(big)],
      ['c', { x: 1, y: [NaN] }],
      ['skip', undefined],
      ['g', { p: f32Array(new Float32Array([0.25])) }],
    ]);
    assert.ok(parts.length >= 2, 'written in pieces');
    const obj = JSON.parse(parts.join('')) as Record<string, unknown>;
    assert.deepEqual(obj.a, [[1, 2], [3, 4]]);
    assert.equal((obj.b as number[]).length, 100000);
    assert.deepEqual(obj.c, { x: 1, y: [null] });
    assert.deepEqual(obj.g, { p: [0.25] });
    assert.ok(!('skip' in obj));
  });
});
