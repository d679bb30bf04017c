// One long set-up step of `npm start` / `npm test` (apt, Node 24, code-server): it says what it is
// doing and how long that usually takes, says it is still alive at least every 15 s while it runs,
// keeps the command's output in a log file, and on failure names itself, the log (with its last
// lines) and the command that retries it.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const HEARTBEAT_MS = 15_000;

/** "75 s", "4 min 5 s". */
export function formatSeconds(s) {
  const t = Math.round(s);
  return t < 60 ? `${t} s` : `${Math.floor(t / 60)} min${t % 60 ? ` ${t % 60} s` : ''}`;
}

/** The last `n` lines of a log, or a note that it could not be read. */
function tail(file, n = 30) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-n).join('\n');
  } catch {
    return `(no log at ${file})`;
  }
}

/**
 * Runs `cmd args` as the step `name`. `usual`: how long it usually takes ("about 4 min"). `log`: the
 * file its output goes to. `retry`: the command a user types to try the step again. Resolves when it
 * exits 0; rejects with an Error whose message says all of the above otherwise.
 */
export function runStep({ name, what, usual, cmd, args, log, retry, cwd, env, heartbeatMs = HEARTBEAT_MS, say = console.log }) {
  mkdirSync(dirname(log), { recursive: true });
  say(`${name}: ${what} (usually ${usual}; output in ${log})`);
  const t0 = Date.now();
  const fd = openSync(log, 'w');
  return new Promise((resolve, reject) => {
    let child;
    try {
      child = spawn(cmd, args, { cwd, env, stdio: ['ignore', fd, fd] });
    } catch (e) {
      closeSync(fd);
      reject(new Error(`${name} failed to start \`${cmd}\`: ${e.message}\nRetry with: ${retry}`));
      return;
    }
    const beat = setInterval(() => say(`${name}: still running (${formatSeconds((Date.now() - t0) / 1000)}; usually ${usual})`), heartbeatMs);
    let finished = false;
    const finish = (err) => {
      // 'error' (spawn failed) may be followed by 'exit': report once.
      if (finished) return;
      finished = true;
      clearInterval(beat);
      closeSync(fd);
      const took = formatSeconds((Date.now() - t0) / 1000);
      if (!err) {
        say(`${name}: done in ${took}`);
        resolve();
        return;
      }
      reject(new Error(`${name} failed (${err}) after ${took}.\nLog: ${log}; its last lines:\n${tail(log)}\nRetry with: ${retry}`));
    };
    child.on('error', (e) => finish(`could not run \`${cmd}\`: ${e.message}`));
    child.on('exit', (code, signal) => finish(code === 0 ? null : signal ? `killed by ${signal}` : `exit ${code}`));
  });
}
