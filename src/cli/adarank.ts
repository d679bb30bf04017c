/** `loss-lab adarank`: trains an AdaRank ranker (single-feature weak rankers) on a CSV file; JSON on stdout. */
import { InputError } from '../engine/inputs';
import { ADARANK_TRAINING, combinedScore, trainAdarank, type AdarankRun } from '../engine/losses/ranking/adarank-training';
import type { AdarankMetric } from '../engine/metrics/adarank-measure';
import { resolveParams } from '../engine/params';
import { num, optNum, str } from '../engine/spec';
import { parseMapArgs } from '../data/column-mapping';
import { MAX_STREAM_BYTES } from '../data/input-limits';
import { loadCsv, type LoadedCsv } from '../data/load-csv';
import { placeInputError } from '../data/load-dataset';
import { readChunks } from '../data/read-chunks';
import { describeOptions, parseArgs, parseNameValues, wrapText, type OptionSpec } from './args';
import type { Command } from './command';
import { paramDefault, paramRange } from './describe-loss';
import { fileSize } from './eval';
import { f64Array, writeJsonObject, type JsonField } from './json-out';
import { checkOutFile, SCORE_COLUMN, WEIGHT_COLUMN, writeAdarankCsv } from './adarank-out';
import { queryIds } from '../lab/query-ids';
import { groupRows } from '../engine/group-rows';
import { UsageError } from './usage-error';

const OPTIONS: readonly OptionSpec[] = [
  { name: 'data', kind: 'value', arg: 'FILE.csv', doc: 'CSV file with a header row (comma, semicolon or tab); - reads standard input' },
  { name: 'map', kind: 'value', repeat: true, arg: 'ROLE=COLUMNS', doc: 'columns of a role (query, relevance, features): NAME, NAME1,NAME2,..., a glob like f_*, or #N; roles not mapped are inferred from column names' },
  { name: 'param', kind: 'value', repeat: true, arg: 'NAME=VALUE', doc: 'rounds, metric or k (below); k=none for the full list' },
  { name: 'out', kind: 'value', arg: 'FILE.csv', doc: `write the rows used with the combined score (column ${SCORE_COLUMN}) and each row's final query weight (${WEIGHT_COLUMN}) as CSV; query ids as in the input` },
  { name: 'strict', kind: 'flag', doc: 'a row with a missing, NaN or infinite value in a used column is an error instead of being skipped' },
];

function wrap(text: string, indent: string): string {
  return wrapText(text, 96 - indent.length).map((l) => indent + l).join('\n');
}

export function adarankHelp(): string {
  const roles = ADARANK_TRAINING.roles.map((r) => `  ${r.name.padEnd(11)}${r.doc}\n${wrap(`${r.columns === 'many' ? 'one or more columns' : 'one column'}; inferred from columns named: ${r.aliases.join(', ')}`, ' '.repeat(13))}`);
  const params = ADARANK_TRAINING.params.map((p) => `  ${p.name.padEnd(8)}default ${paramDefault(p)}; ${paramRange(p)}\n${wrap(p.doc, ' '.repeat(10))}`);
  return `Usage: loss-lab adarank --data FILE.csv [--map query=COL] [--map relevance=COL] [--map features=f_*]
                        [--param rounds=10] [--param metric=ndcg|map] [--param k=10] [--out FILE.csv] [--strict]

Trains AdaRank (Xu & Li, SIGIR 2007) with single-feature weak rankers, the original algorithm:
query weights P start at 1/#queries; each round picks the feature whose ranking has the largest
P-weighted measure E (NDCG@k or AP@k; the first feature on a tie, features may repeat), gives it
α = ½ ln(Σ P(1 + E) / Σ P(1 − E)), adds α · feature to the combined ranker, and sets
P(q) ∝ exp(−E(q)) of the combined ranker. Every round runs (no early stop); a feature that ranks
every weighted query perfectly (α = ∞) ends the run, reported in "stopped". Ties rank in row order.
Semantics transcribed from rueycheng/AdaRank @ 1cb08089 (adarank.py) and the paper: see
docs/research/ranking.md §3 and docs/research/transcriptions/adarank_paper.py.

Prints one JSON object:
  {"command": "adarank", "params", "n" (rows used), "queries", "features" (column names),
   "rounds": [{"round", "feature", "alpha", "measure" (mean E of the combined ranker),
               "loss" (mean exp(−E) of the combined ranker), "weightedMeasure" (Σ P·E of the feature)}],
   "weights": {feature: final weight (Σ of its α)}, "queryIds" (the input's query ids, ascending),
   "queryWeights" (P of each query for the round after the last), "stopped", "mapping",
   "inferred", "skipped", "notes", "data"}
The combined score is Σ weight · feature. With --out FILE.csv the rows used are written with it
(column ${SCORE_COLUMN}) and with their query's final weight P (column ${WEIGHT_COLUMN}; then
"queryIds" and "queryWeights" are not printed, "out" names the file and columns); evaluate the
trained ranker with loss-lab eval --loss adarank --data FILE.csv (score inferred from
${SCORE_COLUMN}), or any ranking loss.
Exit status: 0 on success; 2 for bad usage or bad input, with one line on stderr
  loss-lab: <what is wrong> (<file>:<line>:<column>)

Input roles:
${roles.join('\n')}

Parameters (set with --param NAME=VALUE):
${params.join('\n')}

Options:
${describeOptions(OPTIONS)}

Example:
  loss-lab adarank --data train.csv --map query=qid --map relevance=rel --map features=f_* --param rounds=20 --param k=10
`;
}

export const adarankCommand: Command = {
  name: 'adarank',
  summary: 'train AdaRank (single-feature weak rankers) on feature columns; rounds and weights as JSON',
  run: async (argv, io) => {
    const args = parseArgs('adarank', argv, OPTIONS);
    if (args.help) return io.out(adarankHelp());
    const file = args.values.data;
    if (!file) throw new UsageError('adarank needs --data FILE.csv');
    const params = resolveParams(ADARANK_TRAINING, parseNameValues(args.lists.param ?? [], 'param'));
    const map = parseMapArgs(args.lists.map ?? []);
    const stdin = file === '-';
    const outFile = args.values.out !== undefined ? checkOutFile(args.values.out, stdin ? null : file) : undefined;
    const size = stdin ? undefined : fileSize(file);
    const input = stdin ? (process.stdin as AsyncIterable<Uint8Array>) : readChunks(file);
    const ds = await loadCsv(ADARANK_TRAINING, input, {
      fileName: stdin ? 'stdin' : file,
      map,
      params,
      strict: args.flags.has('strict'),
      bytesTotal: size,
      ...(stdin ? { maxBytes: MAX_STREAM_BYTES } : {}),
    }).catch((e: unknown) => {
      const code = (e as NodeJS.ErrnoException).code;
      throw typeof code === 'string' && (e as NodeJS.ErrnoException).syscall ? new UsageError(`cannot read ${file}: ${(e as Error).message}`) : e;
    });
    const features = ds.mapping.roles.find((m) => m.role === 'features')!;
    let run: AdarankRun;
    try {
      run = await trainAdarank(
        { query: ds.inputs.query!.data, relevance: ds.inputs.relevance!.data, features: ds.inputs.features!.data, names: features.names },
        { rounds: num(params, 'rounds'), metric: str(params, 'metric') as AdarankMetric, k: optNum(params, 'k') },
      );
    } catch (e) {
      throw e instanceof InputError ? placeInputError(e, ds) : e;
    }
    let out: JsonField;
    if (outFile !== undefined) {
      const score = combinedScore(ds.inputs.features!.data, run.weights.map((w) => w.weight));
      const cols = writeAdarankCsv(outFile, ds, score, run.queryWeights);
      out = { file: outFile, rows: ds.n, score: cols.score, queryWeight: cols.weight };
    }
    await writeJsonObject(io.out, runFields(run, params, ds, out));
  },
};

function runFields(run: AdarankRun, params: Readonly<Record<string, unknown>>, ds: LoadedCsv, out: JsonField): Array<[string, JsonField]> {
  const idOf = queryIds(ds.idValues?.query).idOf;
  const ids = out === undefined ? Array.from(groupRows(ds.inputs.query!.data).ids, idOf) : undefined;
  const mapping: Record<string, string | readonly string[]> = {};
  for (const m of ds.mapping.roles) mapping[m.role] = m.names.length === 1 && m.role !== 'features' ? m.names[0] : m.names;
  return [
    ['command', 'adarank'],
    ['params', params],
    ['n', run.rows],
    ['queries', run.queries],
    ['features', run.weights.map((w) => w.feature)],
    ['rounds', run.rounds.map((r) => ({ round: r.round, feature: r.feature, alpha: r.alpha, measure: r.measure, loss: r.loss, weightedMeasure: r.weightedMeasure }))],
    ['weights', Object.fromEntries(run.weights.map((w) => [w.feature, w.weight]))],
    ['queryIds', ids === undefined ? undefined : f64Array(ids)],
    ['queryWeights', ids === undefined ? undefined : f64Array(run.queryWeights)],
    ['stopped', run.stopped],
    ['out', out],
    ['mapping', mapping],
    ['inferred', ds.mapping.roles.filter((m) => m.how === 'inferred').map((m) => m.role)],
    ['skipped', ds.skipped],
    ['notes', [...ds.mapping.explanation, ...ds.notes]],
    ['data', { file: ds.fileName, rows: ds.rowsRead, delimiter: ds.delimiter }],
  ];
}
