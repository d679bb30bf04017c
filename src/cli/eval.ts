/** `loss-lab eval`: a loss, its per-sample values and gradients on a CSV file, as one JSON object. */
import { statSync } from 'node:fs';
import { BACKENDS, initBackend, type BackendName } from '../engine/backend';
import { evaluateChecked, type EvalResult } from '../engine/evaluate';
import { InputError } from '../engine/inputs';
import { resolveParams } from '../engine/params';
import { getLoss, lossesByFamily, LOSSES } from '../engine/registry';
import { noGradientReason, REDUCTIONS, type EvalInputs, type LossSpec, type Reduction, type ResolvedParams, type RoleName } from '../engine/spec';
import { parseMapArgs } from '../data/column-mapping';
import { MAX_STREAM_BYTES } from '../data/input-limits';
import { loadCsv, type LoadedCsv } from '../data/load-csv';
import { placeInputError } from '../data/load-dataset';
import { describeOptions, parseArgs, parseNameValues, type OptionSpec } from './args';
import type { CliIo, Command } from './command';
import { lossHelp } from './describe-loss';
import { readChunks } from '../data/read-chunks';
import { f32Array, f64Array, intArray, writeJsonObject, type JsonField } from './json-out';
import { prepareOutDir, writeOutFiles, type OutArrays } from './out-files';
import { UsageError } from './usage-error';

/**
 * Rows per engine batch in the CLI, smaller than the engine's default because the wasm heap grows
 * with the batch and the CLI's peak memory is budgeted (4x the input's float32 columns). Measured
 * on 1e6 x 10 cross-entropy with gradients: the wasm heap stays at its initial 16 MB with 2^15
 * rows (28 MB with 2^16, more with the default), at the same speed (0.40 s vs 0.43 s for 2^20 rows).
 */
const CLI_BATCH_ROWS = 1 << 15;

const OPTIONS: readonly OptionSpec[] = [
  { name: 'loss', kind: 'value', arg: 'ID', doc: 'the loss (see the list below, or loss-lab list)' },
  { name: 'data', kind: 'value', arg: 'FILE.csv', doc: 'CSV file with a header row (comma, semicolon or tab); - reads standard input' },
  { name: 'map', kind: 'value', repeat: true, arg: 'ROLE=COLUMNS', doc: 'columns of a role: NAME, NAME1,NAME2,..., a glob like logit_*, or #N (column number); ROLE= leaves an optional role out; roles not mapped are inferred from column names' },
  { name: 'param', kind: 'value', repeat: true, arg: 'NAME=VALUE', doc: 'a hyperparameter; lists comma-separated (weight=1,2,1.5), none for unset' },
  { name: 'reduction', kind: 'value', arg: 'mean|sum|none', doc: "default: the loss's default (mean); with none, value is the per-sample array" },
  { name: 'per-sample', kind: 'flag', doc: 'also output the per-sample losses (perSample, with their file lines)' },
  { name: 'grad', kind: 'flag', doc: 'also output the gradient of the reduced value (of the sum, for none) per input role; for lambdamart LightGBM\'s gradients and, as "hess", its hessians' },
  { name: 'strict', kind: 'flag', doc: 'a row with a missing, NaN or infinite value in a used column is an error instead of being skipped' },
  { name: 'backend', kind: 'value', arg: 'wasm|cpu', doc: 'TensorFlow.js backend (default wasm, or $LOSS_LAB_BACKEND)' },
  { name: 'out', kind: 'value', arg: 'DIR', doc: 'write the per-sample values, lines, query ids and gradients as NumPy .npy files into DIR (created if missing; per_sample.npy, lines.npy, queries.npy, grad_ROLE.npy) instead of JSON arrays; the JSON names them in "files"' },
];

export function evalHelp(): string {
  const losses = lossesByFamily()
    .filter((f) => f.losses.length)
    .map((f) => `  ${f.family}:\n${f.losses.map((l) => `    ${l.id.padEnd(18)}${l.title}`).join('\n')}`)
    .join('\n');
  return `Usage: loss-lab eval --loss ID --data FILE.csv [--map ROLE=COLUMNS]... [--param NAME=VALUE]...
                     [--reduction mean|sum|none] [--per-sample] [--grad] [--strict] [--backend wasm|cpu]
                     [--out DIR]

Computes a loss on the rows of a CSV file and prints one JSON object:
  {"loss", "reduction", "params" (resolved, defaults included), "n" (rows used), "value",
   "unit" and "count" (what a per-sample value stands for, how many), "perSample"?, "lines"?
   (file line of each per-sample row and gradient row), "grad"? (by role: a flat array for one column, an array of
   rows for several), "hess"? (likewise: the hessians of a closed-form loss, lambdamart), "metrics"?, "mapping" (role -> column or columns), "inferred" (roles mapped
   from column names), "skipped" ({count, reasons}), "backend", "data"}
With --out DIR the arrays go to .npy files in DIR instead (np.load reads them) and "files" holds
their paths: {"perSample", "lines", "queries", "grad": {ROLE: path}, "hess": {ROLE: path}}.
Rows whose used cells are missing, NaN or infinite are skipped and counted (see --strict).
Exit status: 0 on success; 2 for bad usage or bad input, with one line on stderr
  loss-lab: <what is wrong> (<file>:<line>:<column>)

Options:
${describeOptions(OPTIONS, 'this text; with --loss ID, the roles, parameters and formula of that loss')}

Losses:
${losses}
`;
}

export function requireLoss(id: string): LossSpec {
  const spec = getLoss(id);
  if (!spec) throw new UsageError(`unknown loss ${id} (losses: ${LOSSES.map((l) => l.id).join(', ')})`);
  return spec;
}

export function fileSize(file: string): number {
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message}`);
  }
  if (!st.isFile()) throw new UsageError(`cannot read ${file}: not a file`);
  return st.size;
}

export const evalCommand: Command = {
  name: 'eval',
  summary: 'compute a loss, per-sample losses and gradients on a CSV file (JSON on stdout)',
  run: async (argv, io) => {
    const args = parseArgs('eval', argv, OPTIONS);
    const id = args.values.loss;
    if (args.help) return io.out(id ? lossHelp(requireLoss(id)) : evalHelp());
    if (!id) throw new UsageError(`eval needs --loss ID (losses: ${LOSSES.map((l) => l.id).join(', ')})`);
    const spec = requireLoss(id);
    const noGradient = args.flags.has('grad') ? noGradientReason(spec) : null;
    if (noGradient) throw new UsageError(`--grad: ${noGradient}`);
    const file = args.values.data;
    if (!file) throw new UsageError('eval needs --data FILE.csv');
    const reduction = (args.values.reduction ?? spec.defaultReduction) as Reduction;
    if (!REDUCTIONS.includes(reduction) || !spec.reductions.includes(reduction)) {
      throw new UsageError(`--reduction must be one of ${spec.reductions.join(', ')} for ${spec.id}, got ${reduction}`);
    }
    const backend = backendOption(args.values.backend, io.env);
    const given = parseNameValues(args.lists.param ?? [], 'param');
    const params = resolveParams(spec, given);
    const map = parseMapArgs(args.lists.map ?? []);
    const stdin = file === '-';
    const size = stdin ? undefined : fileSize(file);
    const grad = args.flags.has('grad');
    const perSample = args.flags.has('per-sample');
    const outDir = args.values.out;
    if (outDir !== undefined && !grad && !perSample && reduction !== 'none') {
      throw new UsageError('--out writes per-sample values and gradients: give --per-sample, --grad or --reduction none with it');
    }
    // before the data is read: a wrong directory costs nothing
    if (outDir !== undefined) prepareOutDir(outDir, spec, stdin ? null : file);

    // The backend (wasm compile) starts while the file is read.
    const backendReady = initBackend({ backend });
    const ds = await loadData(spec, file, size, params, map, args.flags.has('strict'));
    const info = await backendReady;
    let res: EvalResult;
    try {
      res = await evaluateChecked(spec, ds.inputs, params, { reduction, perSample, grad, gradInto: grad ? gradOverInputs(spec, ds.inputs) : undefined, batchRows: CLI_BATCH_ROWS });
    } catch (e) {
      throw e instanceof InputError ? placeInputError(e, ds) : e;
    }
    const notes = [...ds.mapping.explanation, ...ds.notes];
    if (info.fallbackReason) notes.push(`the ${backend} backend could not start (${info.fallbackReason}); used ${info.name}`);
    await writeJsonObject(io.out, resultFields(spec, res, ds, perSample, info.name, notes, outDir));
  },
};

/** The backend named by --backend or $LOSS_LAB_BACKEND (default wasm); a bad name is a usage error. */
export function backendOption(given: string | undefined, env: CliIo['env']): BackendName {
  const fromEnv = given === undefined && !!env.LOSS_LAB_BACKEND;
  const backend = (given ?? (env.LOSS_LAB_BACKEND || 'wasm')) as BackendName;
  if (!BACKENDS.includes(backend)) {
    throw new UsageError(`${fromEnv ? 'LOSS_LAB_BACKEND' : '--backend'} must be one of ${BACKENDS.join(', ')}, got ${backend}`);
  }
  return backend;
}

/** Reads and checks a CSV for a loss (`-` is standard input), as `eval` does: errors are UsageErrors or placed DataErrors. */
export async function loadData(spec: LossSpec, file: string, size: number | undefined, params: ResolvedParams, map: ReturnType<typeof parseMapArgs>, strict: boolean): Promise<LoadedCsv> {
  const stdin = file === '-';
  const input = stdin ? (process.stdin as AsyncIterable<Uint8Array>) : readChunks(file);
  return loadCsv(spec, input, {
    fileName: stdin ? 'stdin' : file,
    map,
    params,
    strict,
    bytesTotal: size,
    ...(stdin ? { maxBytes: MAX_STREAM_BYTES } : {}),
  }).catch((e: unknown) => {
    // open/read failures after the stat (permissions, a file removed meanwhile) are bad input too
    const code = (e as NodeJS.ErrnoException).code;
    throw typeof code === 'string' && (e as NodeJS.ErrnoException).syscall ? new UsageError(`cannot read ${file}: ${(e as Error).message}`) : e;
  });
}

/**
 * The CLI has no use for the inputs after evaluating, so each gradient is written over its role's
 * own data (see EvalOptions.gradInto): one array per role instead of two (1e6 x 10 logits: 40 MB
 * less at the peak). Not for a role whose array another role also uses (one column mapped twice).
 */
function gradOverInputs(spec: LossSpec, inputs: EvalInputs): Partial<Record<RoleName, Float32Array>> {
  const into: Partial<Record<RoleName, Float32Array>> = {};
  const present = spec.roles.filter((r) => inputs[r.name]);
  for (const r of present) {
    if (!r.differentiable) continue;
    const data = inputs[r.name]!.data;
    if (present.every((o) => o === r || inputs[o.name]!.data.buffer !== data.buffer)) into[r.name] = data;
  }
  return into;
}

function resultFields(spec: LossSpec, res: EvalResult, ds: LoadedCsv, perSample: boolean, backend: string, notes: string[], outDir: string | undefined): Array<[string, JsonField]> {
  const none = res.reduction === 'none';
  const showUnits = (perSample || none) && res.perSample;
  const ids = ds.idValues?.query;
  const arrays: OutArrays = {
    perSample: (perSample || none) && res.perSample ? res.perSample : undefined,
    // the file line of each row of a row loss's per-sample values and of every gradient (rows
    // with missing values are skipped, so row i of the output is not line i + 2 of the file)
    lines: (showUnits && res.unit === 'row') || res.grad ? ds.lines : undefined,
    queries: showUnits && res.unitIds ? (ids ? Array.from(res.unitIds, (c) => ids.ids[c - ids.first]) : res.unitIds) : undefined,
    grad: res.grad,
    hess: res.hess,
  };
  const files = outDir !== undefined ? writeOutFiles(outDir, arrays) : undefined;
  const json = files === undefined;
  let grad: Record<string, JsonField> | undefined;
  if (json && res.grad) {
    grad = {};
    for (const r of spec.roles) {
      const g = res.grad[r.name];
      if (g) grad[r.name] = f32Array(g.data, g.cols);
    }
  }
  let hess: Record<string, JsonField> | undefined;
  if (json && res.hess) {
    hess = {};
    for (const r of spec.roles) {
      const h = res.hess[r.name];
      if (h) hess[r.name] = f32Array(h.data, h.cols);
    }
  }
  const mapping: Record<string, string | readonly string[]> = {};
  for (const m of ds.mapping.roles) mapping[m.role] = m.names.length === 1 ? m.names[0] : m.names;
  const inferred: RoleName[] = ds.mapping.roles.filter((m) => m.how === 'inferred').map((m) => m.role);
  const array = <T,>(a: T | undefined, f: (a: T) => JsonField): JsonField => (json && a !== undefined ? f(a) : undefined);
  return [
    ['loss', res.loss],
    ['reduction', res.reduction],
    ['params', res.params],
    ['n', res.n],
    // with --out and reduction none, the values are in files.perSample
    ['value', none ? array(res.perSample ?? new Float32Array(0), (a) => f32Array(a)) : res.value],
    ['unit', res.unit],
    ['count', res.count],
    ['perSample', perSample && !none ? array(arrays.perSample, (a) => f32Array(a)) : undefined],
    ['lines', array(arrays.lines, intArray)],
    ['queries', array(arrays.queries, intArray)],
    // a second per-unit output of the loss (adarank's next-round query weights), beside perSample
    ...(showUnits && res.unitWeights && spec.unitWeights ? [[spec.unitWeights.name, array(res.unitWeights, (a) => f64Array(a))] as [string, JsonField]] : []),
    ['grad', grad],
    ['hess', hess],
    ['files', files],
    ['metrics', res.metrics],
    ['counts', res.counts],
    ['mapping', mapping],
    ['inferred', inferred],
    ['skipped', ds.skipped],
    ['notes', notes],
    ['backend', backend],
    ['data', { file: ds.fileName, rows: ds.rowsRead, delimiter: ds.delimiter }],
  ];
}
