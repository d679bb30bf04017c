/**
 * `loss-lab eval` (dist/cli.js) against a Python script doing pandas.read_csv + the PyTorch loss
 * (bench/torch_eval.py) on the same 1e6-row CSV, whole process each (start-up, imports, parsing,
 * loss; torch's import alone is ~2 s), 10-class cross-entropy. Twice: the value alone, and the value
 * with the gradient (the CLI also writes the 1e7 gradient values as JSON, to /dev/null; the script
 * computes its gradient with backward() and prints only a checksum). Medians of 3 runs, interleaved;
 * graded on CPU time, wall time beside.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { benchCsv } from './csv-data';
import { haveTime, timed, type ProcessRun } from './processes';
import { median, ms, printHeader, printLine, printSkip } from './report';

const RUNS = 3;
export const CLI = join(__dirname, '..', 'dist', 'cli.js');
const PYTHON = '/usr/bin/python3';
const SCRIPT = join(__dirname, 'torch_eval.py');

function pythonMissing(): string | null {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  const r = spawnSync(PYTHON, ['-c', 'import torch, pandas'], { encoding: 'utf8' });
  return r.status === 0 ? null : `${PYTHON} lacks torch or pandas (apt-get install python3-torch python3-pandas): ${(r.stderr ?? '').trim().split('\n').pop()}`;
}

export async function cliVsPython(): Promise<void> {
  printHeader(`loss-lab eval vs pandas.read_csv + PyTorch, whole process, cross_entropy on 1e6 × 11 (CPU-time medians of ${RUNS} runs)`);
  if (!existsSync(CLI)) return printSkip('loss-lab eval vs Python', `${CLI} is missing: run npm run build`);
  if (!haveTime()) return printSkip('loss-lab eval vs Python', '/usr/bin/time is missing (apt-get install time)');
  const why = pythonMissing();
  if (why) return printSkip('loss-lab eval vs Python', why);
  const csv = benchCsv();
  for (const grad of [false, true]) {
    const cli: ProcessRun[] = [];
    const py: ProcessRun[] = [];
    for (let k = 0; k < RUNS; k++) {
      cli.push(timed(process.execPath, [CLI, 'eval', '--loss', 'cross_entropy', '--data', csv, ...(grad ? ['--grad'] : [])]));
      py.push(timed(PYTHON, [SCRIPT, csv, ...(grad ? ['--grad'] : [])], true));
    }
    const check = JSON.parse(py[0].stdout) as { value: number };
    const mine = JSON.parse(timed(process.execPath, [CLI, 'eval', '--loss', 'cross_entropy', '--data', csv], true).stdout) as { value: number };
    if (Math.abs(check.value - mine.value) > 1e-5 * Math.abs(check.value)) console.log(`  warning: CLI value ${mine.value}, PyTorch ${check.value}`);
    const w = (xs: ProcessRun[]) => median(xs.map((x) => x.wallMs));
    const c = (xs: ProcessRun[]) => median(xs.map((x) => x.cpuMs));
    // Graded on CPU time (user + system, all threads), as the engine lines: wall time on a shared
    // machine depends on who else runs; Node's GC and I/O threads count against the CLI.
    printLine({
      what: grad ? 'eval --grad vs read_csv + loss + backward' : 'eval vs read_csv + loss',
      figure: ms(c(cli)),
      baseline: ms(c(py)),
      ratio: c(cli) / c(py),
      target: '< 1x',
      pass: c(cli) < c(py),
      note: `wall ${ms(w(cli))} vs ${ms(w(py))}, ${(w(cli) / w(py)).toFixed(2)}x`,
    });
  }
}
