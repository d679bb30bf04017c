/** Runs a user's Python loss through the shipped helper `check-runner.py` (see its docstring for what runs). */
import { dirname, join } from 'node:path';
import { LineChild } from './line-child';
import { readResults, readSymbol, type CheckRunner, type ProbeCall, type ProbeOutcome, type SymbolInfo } from './runner-protocol';

/** The helper beside this module: dist/check-runner.py in the bundles, src/lab/check/ from source. */
export function pythonHelperPath(): string {
  return join(__dirname, 'check-runner.py');
}

export interface PythonRunnerOptions {
  readonly python: string;
  readonly file: string;
  readonly symbol: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export function pythonRunner(opts: PythonRunnerOptions): CheckRunner {
  const child = new LineChild({
    command: opts.python,


    args: ['-u', pythonHelperPath()],
    cwd: dirname(opts.file),
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    timeoutMs: opts.timeoutMs,
    signal: opts.signal,
    what: `${opts.python} running ${opts.symbol}`,
  });
  return {
    language: 'python',
    async describe(): Promise<SymbolInfo> {
      child.send({ file: opts.file, symbol: opts.symbol });
      return readSymbol(await child.next(), opts.python);
    },
    async run(calls: readonly ProbeCall[]): Promise<ProbeOutcome[]> {
      child.send({ probes: calls });
      return readResults(await child.next(), opts.python);
    },
    close: () => child.close(),
  };
}
