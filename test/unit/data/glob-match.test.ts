/**
 * Issue #13, class 3: column globs are matched in linear time. The former `.*` regular expressions
 * backtracked through every split of a long name between the stars (16 s for 8 stars).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { GLOB_WORK_LIMIT, mapColumns, type HeaderInfo } from '../../../src/data/column-mapping';
import { DataError, MappingError } from '../../../src/data/data-error';
import { compileGlob, globMatcher, globWork, matchPieces } from '../../../src/data/glob-match';
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

  it('read each character of a 10^6-character name a bounded number of times, whatever the pattern', () => {
    const n = 1_000_000;
    const name = 'a'.repeat(n);
    const patterns = [
      ...[8, 16, 64].flatMap((stars) => ['*a'.repeat(stars) + '*b', '*a'.repeat(stars) + 'b', 'a*'.repeat(stars) + 'ab*', '*?'.repeat(stars) + '*aab*']),
      // long pieces: a naive search costs name x piece here
      '*' + 'a'.repeat(50_000) + 'b*',
      '*' + 'a'.repeat(50_000) + 'b*' + 'a'.repeat(1000),
      // pieces with ?: cut into literal segments, each searched once
      '*' + 'a?'.repeat(8) + 'b*',
      '*' + 'aaaa?'.repeat(16) + 'b*',
      '*' + '?'.repeat(60_000) + 'b*',
    ];
    for (const pattern of patterns) {
      let reads = 0;
      const counted = { length: n, charCodeAt: (i: number) => (reads++, name.charCodeAt(i)) };
      matchPieces(compileGlob(pattern), counted);
      const bound = globWork(pattern) * (n + pattern.length);
      assert.ok(reads <= bound, `${pattern.slice(0, 20)}... (${pattern.length} characters): ${reads} reads, bound ${bound}`);
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

  it('a mapping listing 4096 names against 65 536 columns costs about what one name does (names are looked up, not scanned)', () => {
    const spec = getLoss('triplet_mined')!;
    const h = header(...Array.from({ length: 65_536 }, (_, i) => `f_${i}`), 'label');
    const many = Array.from({ length: 4096 }, (_, i) => `f_${i * 16}`).join(',');
    assert.equal(mapColumns(spec, h, { embedding: many }).roles[0].columns.length, 4096);
    assertLinearWork('4096 names', () => mapColumns(spec, h, { embedding: many }), () => mapColumns(spec, h, { embedding: 'f_7' }));
  });

  it(`refuses globs that would take more than ${GLOB_WORK_LIMIT} steps against the header, before matching any`, () => {
    const spec = getLoss('triplet_mined')!;
    const h = header(...Array.from({ length: 65_536 }, (_, i) => `f_${i}_${'x'.repeat(200)}`), 'label');
    const globs = Array.from({ length: 2000 }, (_, i) => `f_${i}_*`).join(',');
    const t0 = process.cpuUsage();
    assert.throws(() => mapColumns(spec, h, { embedding: globs }), (e: unknown) => e instanceof MappingError && /^the mapping's 2000 glob patterns would take about .* steps against these 65537 column names \(\d+ characters\), more than the 268435456 allowed; name the columns, give #N, or use fewer globs$/.test(e.message));
    assert.ok(process.cpuUsage(t0).user < 1e6, 'the refusal took over a second of CPU');
    assert.equal(mapColumns(spec, h, { embedding: 'f_1?_*' }).roles[0].columns.length, 10);
  });
});
