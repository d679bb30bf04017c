/**
 * `dist/cli.js`, the `loss-lab` command users run: starts the CLI proper (`dist/cli-main.js`, built
 * from src/cli.ts) in a child Node with V8's concurrent recompilation off, and ends with its exit
 * status (or its signal).
 *
 * Why: on Node 20–24 a process can deadlock as it exits when a background optimizing-compile job is
 * waiting for a garbage collection that only the main thread can run — the main thread is already
 * waiting for that job (nodejs/node#54918, open). Seen here as `loss-lab eval` printing its error
 * line and then never exiting, in about 1 run in 12 on one fuzzed file, with either
 * `process.exit()` or a natural end. `--no-concurrent-recompilation` removes the background job
 * (optimization runs on the main thread); it is a V8 start-up option that cannot be set from inside
 * a running process (`v8.setFlagsFromString` leaves the compile dispatcher in place: measured, still
 * 5 hangs in 80 runs), hence this launcher. It imports nothing of Loss Lab and runs almost no
 * JavaScript, so it has nothing to optimize in the background itself.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const FLAG = '--no-concurrent-recompilation';

const child = spawn(process.execPath, [...process.execArgv.filter((a) => a !== FLAG), FLAG, join(__dirname, 'cli-main.js'), ...process.argv.slice(2)], {
  stdio: 'inherit',
});
// A signal meant for the command (a `timeout`, a supervisor) reaches the process that does the work.
for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(sig, () => child.kill(sig));
child.on('error', (e) => {
  process.stderr.write(`loss-lab: internal error: cannot start ${process.execPath}: ${e.message}\n`);
  process.exitCode = 1;
});
child.on('exit', (status, signal) => {
  if (signal) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  } else process.exitCode = status ?? 1;
});
