/**
 * The CLI's one stderr line: printable, one line, short, and made in linear time. The former
 * /\s*\n\s*\/ backtracked on a long run of spaces without a line break (11 s for 10^5 spaces,
 * reachable with `--map "weight=a<spaces>b*"`, whose message quotes the item); messages are now
 * also cut to about 4000 characters first.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataError } from '../../../src/data/data-error';
import { describeError, oneLine } from '../../../src/cli/error-line';
import { assertLinearWork } from '../../helpers/work-bound';

describe('the CLI error line', () => {
  it('joins lines, marks control bytes and keeps other white space', () => {
    assert.equal(oneLine('a \n  b\r\n\tc\u0000d  e\rf'), 'a b c?d  e?f');
  });

  it('costs about the same for a run of spaces as for letters (below the length cap: 3 900)', () => {
    const spaces = 'x' + ' '.repeat(3_900) + 'y';
    const letters = 'x' + 'z'.repeat(3_900) + 'y';
    assertLinearWork('oneLine(3 900 spaces)', () => oneLine(spaces), () => oneLine(letters));
  });

  it('cuts a huge message in the middle and keeps its place at the end', () => {
    const e = new DataError(`no column "${'n'.repeat(1_000_000)}"`, 'f.csv', 1, 1);
    const { status, line } = describeError(e);
    assert.equal(status, 2);
    assert.ok(line.length < 4200, `${line.length} characters`);
    assert.match(line, /^loss-lab: no column "nnn.*characters cut.*nnn" \(f\.csv:1:1\)$/);
  });
});
