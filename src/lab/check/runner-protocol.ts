/**
 * What the check runners (the Python helper `check-runner.py`, the TF.js helper `tfjs-runner.ts`)
 * answer, read defensively: their output comes from a child process running the user's code.
 */
import { CheckRunError, type CheckRunErrorKind } from './check-error';

export interface SignatureParam {
  readonly name: string;
  readonly hasDefault: boolean;
  /** A JSON-able default (number, string, bool, null, number list), else its repr as a string. */
  readonly default: unknown;
}

export interface SymbolInfo {
  readonly kind: 'function' | 'class';
  /** 1-based line of the definition. */
  readonly line: number;
  /** Constructor parameters (classes). */
  readonly params: readonly SignatureParam[];
  /** Call parameters: the function's, or the class's forward/__call__ (self left out). */
  readonly callParams: readonly SignatureParam[];
}

export interface ProbeArg {
  readonly role: string;
  readonly data: number[] | number[][];
  readonly dtype: 'float' | 'long';
  readonly grad: boolean;
}

export interface ProbeCall {
  readonly name: string;
  readonly args: readonly ProbeArg[];
  /** Constructor keywords for a class; extra keywords for a function. */
  readonly ctor: Readonly<Record<string, unknown>>;
  readonly kwargs: Readonly<Record<string, unknown>>;
}

export interface ProbeFailure {
  readonly kind: string;
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
}

export interface ProbeOutcome {
  readonly value?: number;
  readonly perSample?: readonly number[];
  readonly shape?: readonly number[];
  /** null: the role got no gradient (detached, unused). */
  readonly grads?: Readonly<Record<string, readonly number[] | null>>;
  readonly error?: ProbeFailure;
}

/** The runner's way of sending a non-finite number. */
function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  return NaN;
}
const nums = (v: unknown): number[] => (Array.isArray(v) ? v.map(num) : []);

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A runner's error line as a CheckRunError with the message the user sees. */
export function runnerError(o: Record<string, unknown>, interpreter: string): CheckRunError {
  const kind = (typeof o.kind === 'string' ? o.kind : 'crashed') as CheckRunErrorKind;
  const file = typeof o.file === 'string' ? o.file : undefined;
  const line = typeof o.line === 'number' ? o.line : undefined;
  const column = typeof o.column === 'number' ? o.column : undefined;
  const place = file ? `${file}${line ? `:${line}${column ? `:${column}` : ''}` : ''}` : '';
  const msg = typeof o.message === 'string' ? o.message : 'unknown error';
  const candidates = Array.isArray(o.candidates) ? o.candidates.filter((c): c is string => typeof c === 'string') : undefined;
  let text: string;
  switch (kind) {
    case 'syntax':
      text = `${place}: ${msg}`;
      break;
    case 'symbol':
      text = `${msg}${candidates ? ` (${candidates.length ? `candidates: ${candidates.join(', ')}` : 'it defines no function or class'})` : ''}`;
      break;
    case 'import':
      text = `${msg} (${place}); install it with: ${String(o.install ?? '')}`;
      break;
    case 'raised':
      text = `the code raised ${msg}${place ? ` (${place})` : ''}`;
      break;
    default:
      text = place ? `${msg} (${place})` : msg;
  }
  return new CheckRunError(kind, text, {
    file, line, column, candidates,
    module: typeof o.module === 'string' ? o.module : undefined,
    interpreter: typeof o.interpreter === 'string' ? o.interpreter : interpreter,
    install: typeof o.install === 'string' ? o.install : undefined,
  });
}

function sigParams(v: unknown): SignatureParam[] {
  if (!Array.isArray(v)) return [];
  return v.filter(isObj).map((p) => ({ name: String(p.name), hasDefault: p.hasDefault === true, default: p.default }));
}

export function readSymbol(o: unknown, interpreter: string): SymbolInfo {
  if (!isObj(o)) throw new CheckRunError('output', 'the check runner answered something unexpected');
  if (o.type === 'error') throw runnerError(o, interpreter);
  if (o.type !== 'symbol') throw new CheckRunError('output', 'the check runner answered something unexpected');
  return { kind: o.kind === 'class' ? 'class' : 'function', line: typeof o.line === 'number' ? o.line : 1, params: sigParams(o.params), callParams: sigParams(o.callParams) };
}

export function readResults(o: unknown, interpreter: string): ProbeOutcome[] {
  if (!isObj(o)) throw new CheckRunError('output', 'the check runner answered something unexpected');
  if (o.type === 'error') throw runnerError(o, interpreter);
  if (o.type !== 'results' || !Array.isArray(o.results)) throw new CheckRunError('output', 'the check runner answered something unexpected');
  return o.results.map((r): ProbeOutcome => {
    if (!isObj(r)) return { error: { kind: 'output', message: 'no result' } };
    const grads: Record<string, number[] | null> = {};
    if (isObj(r.grads)) for (const [k, g] of Object.entries(r.grads)) grads[k] = g === null ? null : nums(g);
    const e = isObj(r.error) ? r.error : undefined;
    return {
      value: r.value === undefined ? undefined : num(r.value),
      perSample: r.perSample === undefined ? undefined : nums(r.perSample),
      shape: Array.isArray(r.shape) ? r.shape.map(num) : undefined,
      grads: isObj(r.grads) ? grads : undefined,
      error: e ? {
        kind: String(e.kind ?? 'raised'),
        message: String(e.message ?? 'error'),
        file: typeof e.file === 'string' ? e.file : undefined,
        line: typeof e.line === 'number' ? e.line : undefined,
      } : undefined,
    };
  });
}

/** A runner session: describe the symbol, then run the probes once. */
export interface CheckRunner {
  readonly language: 'python' | 'typescript' | 'javascript';
  describe(): Promise<SymbolInfo>;
  run(calls: readonly ProbeCall[]): Promise<ProbeOutcome[]>;
  close(): void;
}
