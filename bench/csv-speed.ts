/**
 * CSV to Float32Array columns: the project's reader (src/data) against PapaParse on the same file,
 * both streaming it from disk (page cache warm), both ending with one Float32Array per column.
 * Median of 3 runs each, interleaved.
 */
import { createReadStream, statSync } from 'node:fs';
import Papa from 'papaparse';
import { readCsv } from '../src/data/csv-reader';
import { benchCsv } from './csv-data';
import { cpuMs, median, printHeader, printLine } from './report';

const RUNS = 3;

async function projectReader(path: string): Promise<number> {
  const t = await readCsv(createReadStream(path, { highWaterMark: 1 << 20 }), { fileName: path, bytesTotal: statSync(path).size });
  return t.rows;
}

/**
 * PapaParse at its fastest here (fastMode, strings converted with Number(): its dynamicTyping was
 * slower), its rows copied into growing Float32Array columns.
 */
function papaParse(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let cols: Float32Array[] = [];
    let rows = 0;
    let header = true;
    Papa.parse<string[]>(createReadStream(path, { highWaterMark: 1 << 20 }) as unknown as File, {
      fastMode: true,
      skipEmptyLines: true,
      chunk: (res) => {
        for (const row of res.data) {
          if (header) {
            header = false;
            cols = row.map(() => new Float32Array(1 << 16));
            continue;
          }
          if (rows === cols[0].length) cols = cols.map((c) => {
            const g = new Float32Array(c.length * 2);
            g.set(c);
            return g;
          });
          for (let c = 0; c < cols.length; c++) cols[c][rows] = Number(row[c]);
          rows++;
        }
      },
      complete: () => resolve(rows),
      error: (e: Error) => reject(e),
    });
  });
}

export async function csvSpeed(): Promise<void> {
  const path = benchCsv();
  const mb = statSync(path).size / 1e6;
  printHeader(`CSV to Float32Array columns, ${mb.toFixed(0)} MB, 1e6 rows × 11 columns, streamed from disk (medians of ${RUNS} runs)`);
  const wall = { mine: [] as number[], papa: [] as number[] };
  const cpu = { mine: [] as number[], papa: [] as number[] };
  for (let k = 0; k < RUNS; k++) {
    for (const [name, f] of [['mine', projectReader], ['papa', papaParse]] as const) {
      const t = performance.now();
      const u = cpuMs();
      const rows = await f(path);
      wall[name].push(performance.now() - t);
      cpu[name].push(cpuMs() - u);
      if (rows !== 1e6) throw new Error(`${name} read ${rows} rows, expected 1e6`);
    }
  }
  const rate = (msList: number[]) => mb / (median(msList) / 1000);
  const mine = rate(cpu.mine);
  const papa = rate(cpu.papa);
  const note = `wall ${rate(wall.mine).toFixed(0)} vs ${rate(wall.papa).toFixed(0)} MB/s, ${(rate(wall.mine) / rate(wall.papa)).toFixed(2)}x`;
  printLine({ what: 'CSV reader throughput vs the 100 MB/s goal', figure: `${mine.toFixed(0)} MB/s`, baseline: '100 MB/s', ratio: mine / 100, target: '>= 1x', pass: mine >= 100, note: `wall ${rate(wall.mine).toFixed(0)} MB/s` });
  printLine({ what: 'CSV reader vs PapaParse', figure: `${mine.toFixed(0)} MB/s`, baseline: `${papa.toFixed(0)} MB/s`, ratio: mine / papa, target: '>= 3.5x', pass: mine / papa >= 3.5, note });
}
