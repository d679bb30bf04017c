/** Printing benchmark lines: figure, baseline, ratio, target, PASS/MISS, and the machine's load. */
import { cpus, loadavg } from 'node:os';

export interface Line {
  /** What was measured, e.g. `engine wasm cross_entropy N=1e6`. */
  readonly what: string;
  /** The measured figure and the baseline, already formatted with units. */
  readonly figure: string;
  readonly baseline: string;
  /** figure / baseline (or baseline / figure for throughputs), shown as `1.23x`. */
  readonly ratio: number;
  /** The target as text (`<= 1.5x`), or null for a reference line with no target. */
  readonly target: string | null;
  readonly pass?: boolean;
  /** Printed after the verdict (e.g. the wall-clock ratio beside a CPU-time one). */
  readonly note?: string;
}

const lines: Line[] = [];

export function printLine(l: Line): void {
  lines.push(l);
  const verdict = l.target === null ? 'info' : l.pass ? 'PASS' : 'MISS';
  const ratio = Number.isFinite(l.ratio) ? `${l.ratio.toFixed(2)}x` : '-';
  console.log(
    `${l.what.padEnd(44)} ${l.figure.padStart(12)}  baseline ${l.baseline.padStart(12)}  ratio ${ratio.padStart(7)}  target ${(l.target ?? '-').padEnd(8)} ${verdict}${l.note ? `  (${l.note})` : ''}`,
  );
}

export function printSkip(what: string, why: string): void {
  console.log(`${what.padEnd(44)} skipped: ${why}`);
}

export function printHeader(title: string): void {
  console.log(`\n## ${title}   (${load()})`);
}

/** `load 1.2 0.9 0.7 on 2 cpus`: the benchmark shares the machine, so the load is printed beside figures. */
export function load(): string {
  return `load ${loadavg().map((x) => x.toFixed(2)).join(' ')} on ${cpus().length} cpus`;
}

export function allLines(): readonly Line[] {
  return lines;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function ms(x: number): string {
  return x < 10 ? `${x.toFixed(2)} ms` : x < 1000 ? `${x.toFixed(1)} ms` : `${(x / 1000).toFixed(2)} s`;
}

export function nLabel(n: number): string {
  const e = Math.log10(n);
  return Number.isInteger(e) ? `1e${e}` : String(n);
}

/** CPU time of this process (user + system), ms: unlike wall time, not inflated when other processes take the cores. */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
