/**
 * The one stderr line for an error and the exit status: 2 for bad usage or bad input, 1 (an
 * internal error, i.e. a bug) for anything else.
 */
import { DataError, MappingError } from '../data/data-error';
import { InputError } from '../engine/inputs';
import { CheckRunError } from '../lab/check/check-error';
import { ParamError } from '../engine/params';
import { shortMessage } from '../text/short-text';
import { UsageError } from './usage-error';

export function describeError(e: unknown): { status: number; line: string } {
  const badInput = e instanceof UsageError || e instanceof DataError || e instanceof MappingError || e instanceof ParamError || e instanceof InputError || e instanceof CheckRunError;
  const msg = e instanceof Error ? e.message : String(e);
  return { status: badInput ? 2 : 1, line: `loss-lab: ${badInput ? '' : 'internal error: '}${oneLine(msg)}` };
}

/**
 * One printable line of at most about 4000 characters: a run of white space holding a line break
 * becomes one space, other control bytes (a binary file's header) '?'. Each pattern is a single
 * quantifier that nothing follows, so it cannot backtrack (the former /\s*\n\s*\/ took 11 s on a
 * message holding 10^5 spaces; issue #13).
 */
export function oneLine(msg: string): string {
  return shortMessage(msg)
    .replace(/\s+/g, (w) => (w.includes('\n') ? ' ' : w))
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '?');
}
