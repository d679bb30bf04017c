/** Runs a user's TensorFlow.js loss in a child Node process (./tfjs-child.ts) with Loss Lab's tfjs. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LineChild } from './line-child';
import { readResults, readSymbol, type CheckRunner, type ProbeCall, type ProbeOutcome, type SymbolInfo } from './runner-protocol';

/** The child's script and how to start it: the bundle's dist/check-tfjs.js, or the source with tsx. */
export function tfjsChildCommand(): { command: string; args: string[] } {
  // Concurrent recompilation off: the child ends with process.exit(), which can otherwise deadlock
  // on Node 20–24 (nodejs/node#54918; see src/cli/launcher.ts) and would show as a check timing out.
  const flag = '--no-concurrent-recompilation';
  const bundled = join(__dirname, 'check-tfjs.js');
  if (existsSync(bundled)) return { command: process.execPath, args: [flag, bundled] };
  return { command: process.execPath, args: [flag, '--import', 'tsx', join(__dirname, 'tfjs-child.ts')] };
}

export interface TfjsRunnerOptions {
  readonly file: string;
  readonly symbol: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly language: 'typescript' | 'javascript';
}

export function tfjsRunner(opts: TfjsRunnerOptions): CheckRunner {
  const { command, args } = tfjsChildCommand();
  const child = new LineChild({
    command,
    args,
    cwd: dirname(opts.file),
    // In VS Code the extension host's executable is Electron: run it as plain Node.
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    timeoutMs: opts.timeoutMs,
    signal: opts.signal,
    what: `Node running ${opts.symbol}`,
  });
  return {
    language: opts.language,
    async describe(): Promise<SymbolInfo> {
      child.send({ file: opts.file, symbol: opts.symbol });
      return readSymbol(await child.next(), 'node');
    },
    async run(calls: readonly ProbeCall[]): Promise<ProbeOutcome[]> {
      child.send({ probes: calls });
      return readResults(await child.next(), 'node');
    },
    close: () => child.close(),
  };
}
