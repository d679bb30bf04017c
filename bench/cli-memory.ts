/**
 * Peak memory of `loss-lab eval` (max RSS from /usr/bin/time) on the 1e6 × 11 CSV, against 4x the
 * size of its float32 columns (1e6 × 11 × 4 B = 44 MB, so 176 MB). The whole process counts,
 * including Node and tfjs themselves; the same command on a 10-row file shows that fixed share.
 */
import { existsSync } from 'node:fs';
import { benchCsv, CSV_COLUMNS, CSV_ROWS } from './csv-data';
import { CLI } from './cli-vs-python';
import { haveTime, timed } from './processes';
import { printHeader, printLine, printSkip } from './report';

const mb = (b: number) => `${(b / 1e6).toFixed(0)} MB`;

export async function cliMemory(): Promise<void> {
  const columns = CSV_ROWS * CSV_COLUMNS * 4;
  const limit = 4 * columns;
  printHeader(`peak memory (max RSS) of loss-lab eval, cross_entropy on 1e6 × 11: float32 columns ${mb(columns)}, target under 4x = ${mb(limit)}`);
  if (!existsSync(CLI)) return printSkip('CLI peak memory', `${CLI} is missing: run npm run build`);
  if (!haveTime()) return printSkip('CLI peak memory', '/usr/bin/time is missing (apt-get install time)');
  const csv = benchCsv();
  const tiny = timed(process.execPath, [CLI, 'eval', '--loss', 'cross_entropy', '--data', benchCsv(10)]).maxRss;
  for (const grad of [false, true]) {
    const rss = Math.max(...[0, 1].map(() => timed(process.execPath, [CLI, 'eval', '--loss', 'cross_entropy', '--data', csv, ...(grad ? ['--grad'] : [])]).maxRss));
    printLine({
      what: `eval${grad ? ' --grad' : ''} max RSS, whole process`,
      figure: mb(rss),
      baseline: mb(columns),
      ratio: rss / columns,
      target: '< 4x',
      pass: rss < limit,
      note: `${mb(rss - tiny)} above the ${mb(tiny)} of the same command on a 10-row file, ${((rss - tiny) / columns).toFixed(2)}x`,
    });
  }
}
