/**
 * `loss-lab check`: runs the user's own implementation of a loss on the engine's probes and prints
 * one JSON object with the verdict, the per-probe comparison and the ranked diagnoses. Exit 0 on a
 * match, 3 on a mismatch (for a user's CI), 2 with one stderr line when the code cannot be run.
 */
import { existsSync } from 'node:fs';
import { LOSSES } from '../engine/registry';
import type { RoleName } from '../engine/spec';
import { checkFile } from '../lab/check/check-file';
import { finiteOrNull, type CheckReport } from '../lab/check/check-loss';
import { describeOptions, parseArgs, parseNameValues, type OptionSpec } from './args';
import type { Command } from './command';
import { requireLoss } from './eval';
import { UsageError } from './usage-error';

const OPTIONS: readonly OptionSpec[] = [
  { name: 'loss', kind: 'value', arg: 'ID', doc: 'the catalog loss the code should equal (loss-lab list)' },
  { name: 'file', kind: 'value', arg: 'PATH', doc: 'the file holding the implementation: Python (.py, PyTorch) or TypeScript/JavaScript (.ts, .js, TensorFlow.js)' },
  { name: 'symbol', kind: 'value', arg: 'NAME', doc: 'the function or class (nn.Module) to check, defined at the top level of the file' },
  { name: 'param', kind: 'value', repeat: true, arg: 'NAME=VALUE', doc: "a hyperparameter; default: the code's own default (constructor or keyword default), else the loss's" },
  { name: 'python', kind: 'value', arg: 'PATH', doc: 'the Python interpreter, with PyTorch (default python3)' },
  { name: 'timeout', kind: 'value', arg: 'SECONDS', doc: 'stop the code after this long (default 60)' },
];

export const MISMATCH_STATUS = 3;

export function checkHelp(): string {
  return `Usage: loss-lab check --loss ID --file PATH --symbol NAME [--param NAME=VALUE]... [--python PATH]

Runs your own implementation of a loss on probe inputs the engine generates for the loss's family
(random rows plus edges: ties, logits of ±100 and ±1e4, zero distances, ignored rows, zero and
non-uniform weights, an absent class, equal relevance) and compares the value, the per-sample
values (when your code returns them) and the gradient of every differentiable input with the
reference. Of a Python file only the imports, simple constant assignments and function and class
definitions run (parsed with ast; no top-level calls, no if __name__ == "__main__" block).
Prints one JSON object:
  {"verdict": "match"|"mismatch", "loss", "params", "paramSources": {name: "given"|"code default"|
   "keyword"|"loss default"}, "symbol", "language",
   "probes": [{"name", "value": {"reference", "yours"}, "valueRelErr", "gradRelErr": {role}, "ok"}],
   "diagnoses": [{"id", "message", "evidence", "factor"?}]}
(null for a non-finite number). Exit status: 0 match, 3 mismatch, 2 when the code cannot be run
(one line on stderr: syntax error, symbol not found, missing module, exception, timeout).

Options:
${describeOptions(OPTIONS)}

Losses: ${LOSSES.map((l) => l.id).join(', ')}
`;
}

/** The JSON the CLI prints (README "Check my loss"); non-finite numbers become null. */
export function reportJson(r: CheckReport): Record<string, unknown> {
  return {
    verdict: r.verdict,
    loss: r.loss,
    params: r.params,
    paramSources: r.paramSources,
    symbol: r.symbol,
    language: r.language,
    probes: r.comparisons.map((c) => ({
      name: c.probe.name,
      value: { reference: finiteOrNull(c.refValue), yours: finiteOrNull(c.yourValue) },
      valueRelErr: finiteOrNull(c.valueRelErr),
      gradRelErr: Object.fromEntries(Object.entries(c.gradRelErr).map(([k, v]) => [k as RoleName, finiteOrNull(v)])),
      ok: c.ok,
    })),
    diagnoses: r.diagnoses.map((d) => ({ id: d.id, message: d.message, evidence: d.evidence, ...(d.factor !== undefined ? { factor: d.factor } : {}) })),
  };
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'check your own implementation of a loss (Python/PyTorch or TF.js) against the reference',
  async run(argv, io) {
    const a = parseArgs('check', argv, OPTIONS);
    if (a.help) {
      await io.out(checkHelp());
      return 0;
    }
    for (const need of ['loss', 'file', 'symbol']) if (!a.values[need]) throw new UsageError(`check needs --${need} (see loss-lab check --help)`);
    const spec = requireLoss(a.values.loss);
    const file = a.values.file;
    if (!existsSync(file)) throw new UsageError(`cannot read ${file}: no such file`);
    let timeoutMs: number | undefined;
    if (a.values.timeout !== undefined) {
      const s = Number(a.values.timeout);
      if (!(s > 0) || !Number.isFinite(s)) throw new UsageError(`--timeout expects a positive number of seconds, got ${a.values.timeout}`);
      timeoutMs = s * 1000;
    }
    const report = await checkFile({
      spec,
      file,
      symbol: a.values.symbol,
      params: parseNameValues(a.lists.param ?? [], 'param'),
      python: a.values.python ?? 'python3',
      timeoutMs,
    });
    await io.out(JSON.stringify(reportJson(report)) + '\n');
    return report.verdict === 'match' ? 0 : MISMATCH_STATUS;
  },
};
