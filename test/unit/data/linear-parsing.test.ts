/**
 * Issue #13, classes 1 and 2: number text is parsed in linear time. The decimal regular expression
 * used before (`\d+\.?\d*`, two overlapping quantifiers) backtracked quadratically on a long run of
 * digits followed by any other character: 25 s for one 100 000-digit cell.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCellText } from '../../../src/data/number-parse';
import { parseParam } from '../../../src/engine/params';
import { getLoss } from '../../../src/engine/registry';
import { isDecimalText, type CharSource } from '../../../src/text/decimal-text';
import { assertLinearWork } from '../../helpers/work-bound';

const N = 100_000;
const digits = '1'.repeat(N);

/** A string that counts the characters read from it. */
function counting(s: string): CharSource & { reads: number } {
  return {
    reads: 0,
    length: s.length,
    charCodeAt(i: number): number {
      this.reads++;
      return s.charCodeAt(i);
    },
  };
}

describe('decimal text in linear time', () => {
  it('isDecimalText reads each character at most once, on 10^6-character inputs of every shape', () => {
    const M = 1_000_000;
    const shapes = ['1'.repeat(M) + 'x', '1'.repeat(M), '1'.repeat(M / 2) + '.' + '1'.repeat(M / 2) + 'x', '1e' + '1'.repeat(M) + '.', '-' + '.' + '9'.repeat(M) + 'e'];
    for (const s of shapes) {
      const c = counting(s);
      isDecimalText(c);
      assert.ok(c.reads <= s.length + 1, `${c.reads} reads for ${s.length} characters`);
    }
  });

  it('isDecimalText accepts exactly [+-]?(digits[.digits?] | .digits)([eE][+-]?digits)?', () => {
    const yes = ['0', '1', '+1', '-1', '1.', '1.5', '.5', '-.5', '1e5', '1E5', '1e+5', '1e-5', '1.e5', '.5e-3', '007'];
    const no = ['', '+', '-', '.', '+.', 'e5', '.e5', '1e', '1e+', '1ee5', '1.5.', '1..5', ' 1', '1 ', '1x', 'x1', '0x10', '1_000', '１', '1e5.5', '--1', 'inf', 'nan'];
    for (const s of yes) assert.equal(isDecimalText(s), true, s);
    for (const s of no) assert.equal(isDecimalText(s), false, s);
  });

  it('parseCellText: a 10^5-digit cell followed by a letter costs about what a 10^5-digit number does', () => {
    const bad = digits + 'x';
    const good = digits + '1';
    assert.equal(parseCellText(bad), undefined);
    assertLinearWork('parseCellText(digits + "x")', () => parseCellText(bad), () => parseCellText(good));
  });

  it('parseParam: a 10^5-digit value followed by a letter costs about what a 10^5-digit number does', () => {
    const spec = getLoss('huber')!;
    const delta = spec.params.find((p) => p.name === 'delta')!;
    const bad = digits + 'x';
    const good = digits + '1';
    const tryParse = (t: string): unknown => {
      try {
        return parseParam(delta, t, 'huber');
      } catch (e) {
        return e;
      }
    };
    assert.ok(tryParse(bad) instanceof Error);
    assertLinearWork('parseParam(digits + "x")', () => tryParse(bad), () => tryParse(good));
  });
});
