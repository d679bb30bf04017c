/**
 * The headless `loss-lab` command (README "CLI reference"). Subcommands live in `src/cli/`, one
 * file each; adding one is one line in COMMANDS.
 *
 * Errors: bad usage or bad input print ONE line on stderr, `loss-lab: <what> (<file>:<line>:<column>)`
 * where a place applies, and exit with status 2; anything else is an internal error (status 1,
 * still one line; LOSS_LAB_DEBUG=1 prints the stack). Every error is caught here: the tfjs wasm
 * module installs process-level handlers that would rethrow an uncaught one with a stack trace.
 */
import { tf } from './engine/backend';
import type { CliIo, Command } from './cli/command';
import { adarankCommand } from './cli/adarank';
import { checkCommand } from './cli/check';
import { evalCommand } from './cli/eval';
import { listCommand } from './cli/list';
import { parityCommand } from './cli/parity';
import { snippetCommand } from './cli/snippet';
import { UsageError } from './cli/usage-error';
import { describeError } from './cli/error-line';

const COMMANDS: readonly Command[] = [
  evalCommand,
  checkCommand,
  listCommand,
  snippetCommand,
  adarankCommand,
  parityCommand,
];

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 4;
  return `Usage: loss-lab <command> [options]

Loss Lab: deep-learning losses computed with TensorFlow.js, matching PyTorch, on CSV data.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`).join('\n')}

Run loss-lab <command> --help for a command's options, and
loss-lab eval --loss ID --help for the roles, parameters and formula of one loss.
`;
}

async function main(argv: readonly string[], io: CliIo): Promise<void | number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') return io.out(mainHelp());
  if (name === undefined) throw new UsageError(`missing command (commands: ${COMMANDS.map((c) => c.name).join(', ')}; see loss-lab --help)`);
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) throw new UsageError(`unknown command ${name} (commands: ${COMMANDS.map((c) => c.name).join(', ')}; see loss-lab --help)`);
  return cmd.run(rest, io);
}

/** Set when stdout is closed early (`loss-lab list | head -1`): not an error worth a stack trace. */
let stdoutClosed = false;

function write(stream: NodeJS.WriteStream, text: string | Uint8Array): Promise<void> {
  if (stream === process.stdout && stdoutClosed) return Promise.resolve();
  return new Promise((resolve, reject) => {
    stream.write(text, (err) => {
      if (err && stream === process.stdout && (err as NodeJS.ErrnoException).code === 'EPIPE') stdoutClosed = true;
      if (err && !(stream === process.stdout && stdoutClosed)) reject(err);
      else resolve();
    });
  });
}

// PROD only silences tfjs' console notes (the "install tfjs-node" banner on stderr); numerics are unchanged.
tf.env().set('PROD', true);

/**
 * Ends the process with `status`. dist/cli.js (src/cli/launcher.ts) starts this bundle with V8's
 * concurrent recompilation off, which is what makes `process.exit()` safe here (nodejs/node#54918).
 */
function endWith(status: number): void {
  process.exit(status);
}

const io: CliIo = { out: (text) => write(process.stdout, text), env: process.env };
process.stdout.on('error', () => {
  stdoutClosed = true;
});

main(process.argv.slice(2), io).then(
  (status) => endWith(status ?? 0),
  async (e: unknown) => {
    const { status, line } = describeError(e);
    if (process.env.LOSS_LAB_DEBUG && e instanceof Error) await write(process.stderr, `${e.stack}\n`);
    await write(process.stderr, line + '\n');
    endWith(status);
  },
);
