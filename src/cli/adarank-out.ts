/**
 * `adarank --out FILE.csv`: the rows AdaRank trained on, as CSV, with what it learned beside them:
 * `adarank_score` (the combined ranker's score Σ weight · feature, float32 digits that read back as
 * the same float32) and `query_weight` (the weight P the row's query would get in the next round,
 * the run's final query weights). Query ids are the file's own (a renumbered id above 2^24 is
 * written as it was read), so `loss-lab eval --loss adarank --data FILE.csv` (score inferred from
 * `adarank_score`) evaluates the trained ranker on the same queries. One line per row used (rows
 * skipped for missing values are left out; `line` says where each row was in the input).
 */
import { closeSync, existsSync, openSync, realpathSync, statSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { LoadedCsv } from '../data/load-csv';
import { groupRows } from '../engine/group-rows';
import { ADARANK_SCORE_COLUMN } from '../engine/losses/ranking/roles';
import { queryIds } from '../lab/query-ids';
import { putFloat32 } from './json-out';
import { UsageError } from './usage-error';

export const SCORE_COLUMN = ADARANK_SCORE_COLUMN;
export const WEIGHT_COLUMN = 'query_weight';

/** Checks before any data is read that FILE can be written and is not the input file. */
export function checkOutFile(path: string, dataFile: string | null): string {
  if (path === '') throw new UsageError('--out needs a file name (FILE.csv)');
  const dir = dirname(resolve(path));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--out ${path}: the folder ${dir} does not exist`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new UsageError(`--out ${path}: a directory (--out names the CSV file to write)`);
  if (dataFile !== null && existsSync(path) && realpathSync(path) === realpathSync(dataFile)) {
    throw new UsageError(`--out ${path} is the input file; the input is never written, choose another name`);
  }
  return path;
}

/** A name not among `taken` (`name`, else `name_2`, `name_3`...). */
function unique(name: string, taken: Set<string>): string {
  let out = name;
  for (let k = 2; taken.has(out); k++) out = `${name}_${k}`;
  taken.add(out);
  return out;
}

const quote = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * Writes the CSV; `score` is the combined score of each used row, `queryWeights` the run's final
 * P per query (queries in ascending id). Returns the column names of the score and the weight.
 */
export function writeAdarankCsv(path: string, ds: LoadedCsv, score: Float32Array, queryWeights: ArrayLike<number>): { score: string; weight: string } {
  const roleOf = (r: string) => ds.mapping.roles.find((m) => m.role === r)!;
  const q = roleOf('query');
  const rel = roleOf('relevance');
  const feats = roleOf('features');
  const taken = new Set<string>(['line', ...q.names, ...rel.names, ...feats.names]);
  const scoreName = unique(SCORE_COLUMN, taken);
  const weightName = unique(WEIGHT_COLUMN, taken);
  const header = ['line', q.names[0], rel.names[0], ...feats.names, scoreName, weightName].map(quote).join(',') + '\n';

  const query = ds.inputs.query!.data;
  const relevance = ds.inputs.relevance!.data;
  const features = ds.inputs.features!.data;
  const F = feats.names.length;
  const groups = groupRows(query);
  const idOf = queryIds(ds.idValues?.query).idOf;
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, header);
    const buf = new Uint8Array(1 << 20);
    const rowMax = 64 * (F + 5);
    let pos = 0;
    const putText = (s: string): void => {
      for (let i = 0; i < s.length; i++) buf[pos++] = s.charCodeAt(i);
    };
    for (let i = 0; i < ds.n; i++) {
      if (pos + rowMax > buf.length) {
        writeSync(fd, buf, 0, pos);
        pos = 0;
      }
      putText(String(ds.lines[i]));
      buf[pos++] = 44;
      putText(String(idOf(query[i])));
      buf[pos++] = 44;
      pos = putFloat32(buf, pos, relevance[i]);
      for (let f = 0; f < F; f++) {
        buf[pos++] = 44;
        pos = putFloat32(buf, pos, features[i * F + f]);
      }
      buf[pos++] = 44;
      pos = putFloat32(buf, pos, score[i]);
      buf[pos++] = 44;
      putText(String(queryWeights[groups.group[i]]));
      buf[pos++] = 10;
    }
    writeSync(fd, buf, 0, pos);
  } finally {
    closeSync(fd);
  }
  return { score: scoreName, weight: weightName };
}
