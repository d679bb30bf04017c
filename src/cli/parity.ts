/**
 * `loss-lab parity`: what each framework's built-in gives for a loss, on the same data, and why
 * (issue #15): Loss Lab's value and one row per framework API of the loss's spec, as one JSON
 * object. Data, mapping, parameters and errors go through eval's code paths.
 */
import { initBackend } from '../engine/backend';
import { InputError } from '../engine/inputs';
import { parity, type ParityReport } from '../engine/parity';
import { resolveParams } from '../engine/params';
import { LOSSES } from '../engine/registry';
import { parseMapArgs } from '../data/column-mapping';
import { placeInputError } from '../data/load-dataset';
import { parityOnProbe } from '../lab/parity-probe';
import { describeOptions, parseArgs, parseNameValues, type OptionSpec } from './args';
import type { Command } from './command';
import { backendOption, fileSize, loadData, requireLoss } from './eval';
import { writeJsonObject, type JsonField } from './json-out';
import { UsageError } from './usage-error';

const OPTIONS: readonly OptionSpec[] = [
  { name: 'loss', kind: 'value', arg: 'ID', doc: 'the loss (one with framework rows, see below)' },
  { name: 'data', kind: 'value', arg: 'FILE.csv', doc: "CSV file as for eval (- reads standard input); without it, the inputs of the loss's curves (its family's probe)" },
  { name: 'map', kind: 'value', repeat: true, arg: 'ROLE=COLUMNS', doc: 'columns of a role, as for eval' },
  { name: 'param', kind: 'value', repeat: true, arg: 'NAME=VALUE', doc: 'a hyperparameter; lists comma-separated (weight=1,2,1.5), none for unset' },
  { name: 'strict', kind: 'flag', doc: 'a row with a missing, NaN or infinite value in a used column is an error instead of being skipped' },
  { name: 'backend', kind: 'value', arg: 'wasm|cpu', doc: 'TensorFlow.js backend (default wasm, or $LOSS_LAB_BACKEND)' },
];

export function parityHelp(): string {
  const losses = LOSSES.filter((l) => l.frameworks?.length)
    .map((l) => `  ${l.id.padEnd(18)}${[...new Set(l.frameworks!.map((r) => r.framework))].join(', ')}`)
    .join('\n');
  return `Usage: loss-lab parity --loss ID [--data FILE.csv] [--map ROLE=COLUMNS]... [--param NAME=VALUE]...
                       [--strict] [--backend wasm|cpu]

What each framework's built-in gives for the loss with these hyperparameters, on the same data,
and why. Prints one JSON object:
  {"loss", "params", "value" (Loss Lab's, its default reduction), "inputs" (the file, or the
   probe used without --data), "rows": [{"framework", "api", "call", "reduction" (the built-in's
   default), "value" (null when it returns per-element losses or is unsupported), "relation"
   (same | factor | different | unsupported), "factor" (when relation is factor), "reason",
   "verified" (executed: run against the real framework in the tests; transcribed: written from
   its source, with a hand-worked example), "source" {repo, file, function, commit}}]}
Each value is computed by Loss Lab's engine with the framework's conventions switched.
Exit status: 0 on success; 2 for bad usage or bad input, with one line on stderr, as eval.

Options:
${describeOptions(OPTIONS)}

Losses with framework rows:
${losses}
`;
}

function rowsJson(report: ParityReport): JsonField {
  return report.rows.map((r) => ({
    framework: r.framework,
    api: r.api,
    call: r.call,
    reduction: r.reduction,
    value: r.value,
    relation: r.relation,
    ...(r.relation === 'factor' ? { factor: r.factor } : {}),
    reason: r.reason,
    verified: r.verified,
    source: r.source,
  }));
}

export const parityCommand: Command = {
  name: 'parity',
  summary: "what each framework's built-in gives for the loss on the same data, and why (JSON on stdout)",
  run: async (argv, io) => {
    const args = parseArgs('parity', argv, OPTIONS);
    if (args.help) return io.out(parityHelp());
    const id = args.values.loss;
    if (!id) throw new UsageError(`parity needs --loss ID (losses: ${LOSSES.filter((l) => l.frameworks?.length).map((l) => l.id).join(', ')})`);
    const spec = requireLoss(id);
    if (!spec.frameworks?.length) throw new UsageError(`${spec.id} has no framework rows (losses with rows: ${LOSSES.filter((l) => l.frameworks?.length).map((l) => l.id).join(', ')})`);
    const backend = backendOption(args.values.backend, io.env);
    const params = resolveParams(spec, parseNameValues(args.lists.param ?? [], 'param'));
    const map = parseMapArgs(args.lists.map ?? []);
    const file = args.values.data;
    if (file === undefined && (args.lists.map?.length || args.flags.has('strict'))) throw new UsageError('--map and --strict apply to --data');
    const backendReady = initBackend({ backend });
    let report: ParityReport;
    let inputs: JsonField;
    if (file === undefined) {
      await backendReady;
      const { report: r, probe } = await parityOnProbe(spec, params);
      report = r;
      inputs = { probe: probe.construction, rows: probe.rows };
    } else {
      const size = file === '-' ? undefined : fileSize(file);
      const ds = await loadData(spec, file, size, params, map, args.flags.has('strict'));
      await backendReady;
      try {
        report = await parity(spec, ds.inputs, params);
      } catch (e) {
        throw e instanceof InputError ? placeInputError(e, ds) : e;
      }
      inputs = { file: ds.fileName, rows: ds.rowsRead, used: ds.lines.length, skipped: ds.skipped.count };
    }
    await writeJsonObject(io.out, [
      ['loss', report.loss],
      ['params', report.params],
      ['value', report.value],
      ['inputs', inputs],
      ['rows', rowsJson(report)],
    ]);
  },
};
