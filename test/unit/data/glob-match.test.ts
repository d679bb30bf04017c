/**
 * Issue #13, class 3: column globs are matched in linear time. The former `.*` regular expressions
 * backtracked through every split of a long name between the stars (16 s for 8 stars).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { mapColumns, type HeaderInfo } from '../../../src/data/column-mapping';
import { DataError } from '../../../src/data/data-error';
import { globMatcher, matchPieces } from '../../../src/data/glob-match';
import { getLoss } from '../../../src/engine/registry';
import { assertLinearWork } from '../../helpers/work-bound';

const header = (...names: string[]): HeaderInfo => ({ fileName: 'f.csv', headerLine: 1, columns: names.map((name, index) => ({ name, index })) });

/** The glob as the regular expression it stands for (a slow but obvious reference on short names). */
function reference(pattern: string, name: string, flags: string): boolean {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^]*').replace(/\?/g, '[^]');
  return new RegExp(`^${body}$`, flags).test(name);
}

describe('column globs', () => {
  it('match as the equivalent regular expression on 5 000 random short names and patterns (seeded)', () => {
    const alphabet = fc.constantFrom('a', 'b', '_', '.', '*', '?', 'A', '\n', 'é');
    const text = fc.array(alphabet, { maxLength: 9 }).map((a) => a.join(''));
    fc.assert(
      fc.property(text, text, fc.boolean(), (pattern, rawName, ignoreCase) => {
        const name = rawName.replace(/[*?]/g, 'x');
        assert.equal(globMatcher(pattern, ignoreCase)(name), reference(ignoreCase ? pattern.toLowerCase() : pattern, ignoreCase ? name.toLowerCase() : name, ''), `${JSON.stringify(pattern)} on ${JSON.stringify(name)}`);
      }),
      { numRuns: 5000, seed: 13 },
    );
  });

  it('read about one character of a 10^6-character name per position, with 8 to 64 stars', () => {
    const n = 1_000_000;
    const name = 'a'.repeat(n);
    for (const stars of [8, 16, 64]) {
      for (const pattern of ['*a'.repeat(stars) + '*b', '*a'.repeat(stars) + 'b', 'a*'.repeat(stars) + 'ab*', '*?'.repeat(stars) + '*aab*']) {
        let reads = 0;
        const counted = { length: n, charCodeAt: (i: number) => (reads++, name.charCodeAt(i)) };
        matchPieces(pattern.split('*'), counted);
        assert.ok(reads <= 4 * n, `${pattern.slice(0, 20)}...: ${reads} reads on ${n} characters`);
      }
    }
  });

  it('--map with 8 stars against a 10^5-character column name costs about what a plain glob does', () => {
    const spec = getLoss('mse')!;
    const h = header('y_pred', 'y_true', 'a'.repeat(100_000));
    const tryMap = (pattern: string): unknown => {
      try {
        return mapColumns(spec, h, { weight: pattern });
      } catch (e) {
        return e;
      }
    };
    const bad = '*a*a*a*a*a*a*a*a*b';
    assert.ok(tryMap(bad) instanceof DataError);
    assertLinearWork('glob with 8 stars', () => tryMap(bad), () => tryMap('a*'));
  });
});
