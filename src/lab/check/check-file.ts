/**
 * Checking a symbol of a file: the runner chosen by the file's language, started, used once and
 * always closed (the child process killed) — the entry point of the CLI and the panel.
 */
import { extname, resolve } from 'node:path';
import type { LossSpec } from '../../engine/spec';
import { CheckRunError } from './check-error';
import { checkCurvesUnsupported, checkCurvesWith, type CheckCurves } from './check-curves';
import { checkWith, type CheckLanguage, type CheckReport } from './check-loss';
import { pythonRunner } from './python-runner';
import { tfjsRunner } from './tfjs-runner';
import type { CheckRunner } from './runner-protocol';

/** Default time a check's child process may take (setting lossLab.check.timeoutSeconds). */
export const DEFAULT_CHECK_TIMEOUT_MS = 60_000;

export function languageOf(file: string): CheckLanguage | null {
  const ext = extname(file).toLowerCase();
  if (ext === '.py') return 'python';
  if (ext === '.ts' || ext === '.mts' || ext === '.cts' || ext === '.tsx') return 'typescript';
  if (ext === '.js' || ext === '.mjs' || ext === '.cjs' || ext === '.jsx') return 'javascript';
  return null;
}

export interface CheckFileOptions {
  readonly spec: LossSpec;
  readonly file: string;
  readonly symbol: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** The panel's values for the loss: used where neither the code nor `params` gives one. */
  readonly panelParams?: Readonly<Record<string, unknown>>;
  /** The Python interpreter (the setting, the Python extension's, else python3). */
  readonly python: string;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (message: string) => void;
}

export function runnerFor(opts: CheckFileOptions): CheckRunner {
  const file = resolve(opts.file);
  const language = languageOf(file);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  if (language === 'python') return pythonRunner({ python: opts.python, file, symbol: opts.symbol, timeoutMs, signal: opts.signal });
  if (language) return tfjsRunner({ file, symbol: opts.symbol, timeoutMs, signal: opts.signal, language });
  throw new CheckRunError('language', `cannot check ${opts.file}: only Python (.py) and TypeScript/JavaScript (.ts, .js) files can be checked`);
}

export async function checkFile(opts: CheckFileOptions): Promise<CheckReport> {
  const runner = runnerFor(opts);
  try {
    return await checkWith(runner, { ...opts, file: resolve(opts.file) });
  } finally {
    runner.close();
  }
}

/** "Show on curves": the user's function along the loss's curves, with the runner closed after. */
export async function checkCurvesFile(opts: CheckFileOptions & { readonly points?: number }): Promise<CheckCurves> {
  // Refused before a child process starts.
  const why = checkCurvesUnsupported(opts.spec);
  if (why) throw new CheckRunError('shape', `cannot draw ${opts.symbol} on the curves: ${why}`);
  const runner = runnerFor(opts);
  try {
    return await checkCurvesWith(runner, opts);
  } finally {
    runner.close();
  }
}

/** What the panel remembers of the last check, to run the same code again on "Show on curves". */
export interface CheckedSymbol {
  readonly file: string;
  readonly symbol: string;
  readonly loss: string;
  /** The interpreter the check ran with (Python files). */
  readonly python: string;
  /** The check's parameters (resolved: the code's defaults, then the given ones). */
  readonly params: Readonly<Record<string, unknown>>;
}
