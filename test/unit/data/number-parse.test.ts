/**
 * Number parsing from bytes: the value must be exactly Math.fround(Number(text)), which is what
 * pandas (float64) followed by a float32 cast gives, for every spelling a CSV writer produces.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCellText, scanNumber, type NumberScan } from '../../../src/data/number-parse';

const enc = new TextEncoder();

/** mulberry32, so the corpus is the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What the scanner-plus-slow-path stores for a cell. */
function parsed(text: string, st: NumberScan): number | 'slow' {
  const b = enc.encode(text);
  const v = scanNumber(b, 0, b.length, st);
  if (!st.ok) return 'slow';
  assert.equal(st.end, b.length, `${text}: stopped at ${st.end}`);
  return Math.fround(v);
}

describe('scanNumber', () => {
  it('equals Math.fround(Number(text)) on 120 000 spellings, float32 midpoints included', () => {
    const r = rng(42);
    const st: NumberScan = { end: 0, ok: false };
    let fast = 0;
    let ordinary = 0;
    const check = (s: string, isOrdinary = false): void => {
      const v = parsed(s, st);
      if (isOrdinary) ordinary++;
      if (v === 'slow') return;
      if (isOrdinary) fast++;
      assert.ok(Object.is(v, Math.fround(Number(s))), `${s}: got ${v}, expected ${Math.fround(Number(s))}`);
    };
    for (let k = 0; k < 10000; k++) {
      const x = (r() - 0.5) * 10 ** Math.floor(r() * 80 - 40);
      check(String(x), true); // pandas / Python repr: shortest round-trip, up to 17 digits
      check(x.toExponential(18), true); // numpy savetxt '%.18e'
      check(x.toFixed(6), true);
      check(x.toPrecision(1 + Math.floor(r() * 17)), true);
      check(Math.fround(x).toPrecision(9), true);
      // exactly between two float32 values: ties must round to even, as float32(float64) does
      const f = Math.fround(x);
      const next = new Float32Array([f]);
      new Uint32Array(next.buffer)[0]++;
      const mid = (f + next[0]) / 2;
      check(String(mid));
      check(mid.toPrecision(17));
      check(mid.toExponential(19));
      check((mid * (1 + 1e-15)).toPrecision(17));
      check((mid * (1 - 1e-15)).toPrecision(17));
      check(String(Math.floor(r() * 2 ** 40)), true);
      check(`-${Math.floor(r() * 1000)}.${String(Math.floor(r() * 1e6)).padStart(6, '0')}`, true);
    }
    // the fast path carries nearly all ordinary spellings (exact midpoints take the slow one)
    assert.ok(fast / ordinary > 0.99, `fast path on ${fast} of ${ordinary}`);
  });

  it('stops at the first byte that cannot continue the number', () => {
    const st: NumberScan = { end: 0, ok: false };
    const b = enc.encode('12.5e3,7');
    assert.equal(scanNumber(b, 0, b.length, st), 12500);
    assert.deepEqual(st, { end: 6, ok: true });
  });

  it('sends non-numbers and doubtful values to the slow path', () => {
    const st: NumberScan = { end: 0, ok: false };
    for (const s of ['-', '.', 'e5', '1e', '1e+', '1ex', 'nan', 'inf', '1234567890123456789012345678901234567890.5']) {
      assert.equal(parsed(s, st), 'slow', s);
    }
  });
});

describe('parseCellText (the slow path)', () => {
  it('reads numbers with surrounding spaces', () => {
    assert.equal(parseCellText(' 1.5 '), 1.5);
    assert.equal(parseCellText('\t-2e-3'), -0.002);
    assert.equal(parseCellText('+.5'), 0.5);
  });

  it('reads nan and inf in the spellings numpy, pandas and Python use', () => {
    for (const s of ['nan', 'NaN', 'NAN', '-nan', '+nan']) assert.ok(Number.isNaN(parseCellText(s)), s);
    for (const s of ['inf', 'Inf', '+inf', 'infinity', 'Infinity', '+Infinity', 'INF']) assert.equal(parseCellText(s), Infinity, s);
    for (const s of ['-inf', '-Inf', '-infinity', '-Infinity']) assert.equal(parseCellText(s), -Infinity, s);
  });

  it("reads empty cells and pandas' default missing markers as NaN", () => {
    for (const s of ['', '  ', 'NA', 'N/A', 'n/a', 'NULL', 'null', 'None', '<NA>', '#N/A', '#NA', '-1.#IND', '1.#QNAN']) {
      assert.ok(Number.isNaN(parseCellText(s)), JSON.stringify(s));
    }
  });

  it('returns undefined for text that is not a number', () => {
    for (const s of ['abc', '1,5', '0x10', '1e', '--1', '1.2.3', '12abc', '1_000', 'na', 'none', 'Infinit', '∞']) {
      assert.equal(parseCellText(s), undefined, s);
    }
  });
});
