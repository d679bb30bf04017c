/**
 * Running the BUILT CLI (dist/cli.js) as a user would. The bundle is rebuilt first when it is
 * missing or older than any source file, so the tests never run a stale build.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..');
export const CLI = join(ROOT, 'dist', 'cli.js');
export const CSV = join(ROOT, 'test', 'fixtures', 'csv');

function newestMtime(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return t;
}

export function ensureBuilt(): void {
  if (existsSync(CLI) && statSync(CLI).mtimeMs >= newestMtime(join(ROOT, 'src'))) return;
  const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
}

export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node dist/cli.js ...args` in the CSV fixtures folder (so messages show bare file names). */
export function runCli(args: readonly string[], env: Record<string, string> = {}, stdin?: string): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: CSV, env: { ...process.env, LOSS_LAB_BACKEND: '', LOSS_LAB_DEBUG: '', ...env }, maxBuffer: 1 << 28 },
      (err, stdout, stderr) => {
        const status = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ status, stdout, stderr });
      },
    );
    child.stdin?.end(stdin ?? '');
  });
}

/** Runs and parses the one JSON object a successful `eval` prints. */
export async function runJson(args: readonly string[], env: Record<string, string> = {}, stdin?: string): Promise<Record<string, unknown>> {
  const r = await runCli(args, env, stdin);
  if (r.status !== 0) throw new Error(`exit ${r.status}: ${r.stderr}`);
  if (r.stderr !== '') throw new Error(`unexpected stderr: ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}
