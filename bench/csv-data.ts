/**
 * The benchmark's CSV file, generated deterministically into bench/data/ (git-ignored) once and
 * reused: 1e6 rows × 11 numeric columns, `logit_0..logit_9` (6 decimals, in (-4, 4)) and `target`
 * (a class index 0-9), about 97 MB. The same file serves the reader's throughput, the CLI against
 * pandas + PyTorch, and the CLI's peak memory.
 */
import { closeSync, existsSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { rng } from './synthetic';

export const CSV_ROWS = 1_000_000;
export const CSV_CLASSES = 10;
/** Columns in the file: the logits and the target. */
export const CSV_COLUMNS = CSV_CLASSES + 1;
const DATA_DIR = join(__dirname, 'data');

function writeCsv(path: string, rows: number, seed: number): void {
  const r = rng(seed);
  const tmp = `${path}.partial`;
  const fd = openSync(tmp, 'w');
  try {
    const header = [...Array.from({ length: CSV_CLASSES }, (_, c) => `logit_${c}`), 'target'].join(',') + '\n';
    writeSync(fd, header);
    const block = 10_000;
    for (let b = 0; b < rows; b += block) {
      const lines: string[] = [];
      for (let i = b; i < Math.min(rows, b + block); i++) {
        const cells: string[] = [];
        for (let c = 0; c < CSV_CLASSES; c++) cells.push((8 * r() - 4).toFixed(6));
        cells.push(String(Math.floor(r() * CSV_CLASSES)));
        lines.push(cells.join(','));
      }
      writeSync(fd, lines.join('\n') + '\n');
    }
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** The path of the generated file with `rows` rows, writing it first if missing. */
export function benchCsv(rows = CSV_ROWS): string {
  mkdirSync(DATA_DIR, { recursive: true });
  const path = join(DATA_DIR, `ce_${rows}x${CSV_COLUMNS}_v2.csv`);
  if (!existsSync(path)) writeCsv(path, rows, 42);
  return path;
}

export function fileMB(path: string): number {
  return statSync(path).size / 1e6;
}
