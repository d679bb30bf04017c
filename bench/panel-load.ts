/**
 * The panel opening a big CSV (issue #10 §6): `DataSession.read` streaming the generated
 * `rows` × 11 file, in a process of its own (bench/panel-load-child.ts), against the CLI's own
 * load of the same file in the same run. Figures: load time, peak memory (VmHWM of the whole
 * process) against 3x the float32 size of the numeric columns, the event loop's longest block,
 * and how long an abort half-way takes to end the load. The first evaluation after the load
 * (what the panel asks for next) is held to the same budget and pause.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { benchCsv, CSV_COLUMNS, fileMB } from './csv-data';
import { ms, nLabel, printHeader, printLine } from './report';

const mb = (b: number) => `${(b / 1e6).toFixed(0)} MB`;
const CHILD = join(__dirname, 'panel-load-child.ts');

interface PanelRun {
  rows: number;
  loadMs: number;
  maxBlockMs: number;
  peakLoad: number;
  before: number;
  numericBytes: number;
  evalMs: number;
  evalMaxBlockMs: number;
  peakEval: number;
  cancelMs: number;
}
interface CliRun {
  loadMs: number;
  maxBlockMs: number;
  peak: number;
}

function child<T>(csv: string, mode: 'panel' | 'cli'): T {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CHILD, csv, mode], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`${CHILD} ${mode} failed (status ${r.status}): ${r.stderr.slice(-800)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as T;
}

export async function panelLoad(rows: number): Promise<void> {
  const csv = benchCsv(rows);
  const columns = rows * CSV_COLUMNS * 4;
  const budget = 3 * columns;
  printHeader(`the panel opening a ${fileMB(csv).toFixed(0)} MB CSV (${nLabel(rows)} × ${CSV_COLUMNS}): float32 columns ${mb(columns)}, peak under 3x = ${mb(budget)}; baseline the CLI's load of the same file`);
  const cli = child<CliRun>(csv, 'cli');
  const p = child<PanelRun>(csv, 'panel');
  printLine({ what: `load ${nLabel(rows)} × ${CSV_COLUMNS}, time`, figure: ms(p.loadMs), baseline: ms(cli.loadMs), ratio: p.loadMs / cli.loadMs, target: null, note: 'baseline: the CLI loading only the mapped columns' });
  printLine({
    what: 'load, peak memory (VmHWM, whole process)',
    figure: mb(p.peakLoad),
    baseline: mb(columns),
    ratio: p.peakLoad / columns,
    target: '< 3x',
    pass: p.peakLoad < budget,
    note: `CLI load ${mb(cli.peak)}; ${mb(p.before)} of it is Node, tsx and tfjs before the load; columns kept ${mb(p.numericBytes)}`,
  });
  printLine({ what: 'load, longest event-loop block', figure: ms(p.maxBlockMs), baseline: ms(cli.maxBlockMs), ratio: p.maxBlockMs / cli.maxBlockMs, target: '< 200 ms', pass: p.maxBlockMs < 200, note: 'baseline: the CLI load' });
  printLine({ what: 'load cancelled half-way: abort → rejected', figure: ms(p.cancelMs), baseline: ms(p.loadMs), ratio: p.cancelMs / p.loadMs, target: '< 200 ms', pass: p.cancelMs < 200, note: 'baseline: the whole load' });
  printLine({ what: 'first evaluation (cross_entropy), time', figure: ms(p.evalMs), baseline: ms(p.loadMs), ratio: p.evalMs / p.loadMs, target: null, note: 'baseline: the load' });
  // The figures the panel shows right after the load: held to the same budget and pause.
  printLine({ what: 'first evaluation, peak memory', figure: mb(p.peakEval), baseline: mb(columns), ratio: p.peakEval / columns, target: '< 3x', pass: p.peakEval < budget, note: 'the same process, after the load' });
  printLine({ what: 'first evaluation, longest event-loop block', figure: ms(p.evalMaxBlockMs), baseline: ms(p.maxBlockMs), ratio: p.evalMaxBlockMs / p.maxBlockMs, target: '< 200 ms', pass: p.evalMaxBlockMs < 200, note: 'baseline: the load' });
}
