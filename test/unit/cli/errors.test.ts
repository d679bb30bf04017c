/**
 * Every error path of the built CLI: exit status 2, nothing on stdout, and exactly one line on
 * stderr, `loss-lab: <what is wrong> (<file>:<line>:<column>)` where a place applies.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { LOSSES } from '../../../src/engine/registry';
import { ensureBuilt, runCli } from './run-cli';

const IDS = LOSSES.map((l) => l.id).join(', ');
/** The subcommands in src/cli.ts's table. */
const COMMANDS = 'eval, check, list, snippet, adarank, parity';

const CASES: ReadonlyArray<[string, string[], string]> = [
  // usage
  ['no command', [], `missing command (commands: ${COMMANDS}; see loss-lab --help)`],
  ['an unknown command', ['evaluate'], `unknown command evaluate (commands: ${COMMANDS}; see loss-lab --help)`],
  ['eval without --loss', ['eval', '--data', 'regression.csv'], `eval needs --loss ID (losses: ${IDS})`],
  ['an unknown loss, listing the valid ids', ['eval', '--loss', 'mae', '--data', 'regression.csv'], `unknown loss mae (losses: ${IDS})`],
  ['eval without --data', ['eval', '--loss', 'mse'], 'eval needs --data FILE.csv'],
  ['a missing file', ['eval', '--loss', 'mse', '--data', 'nope.csv'], 'cannot read nope.csv: no such file'],
  ['a directory as data', ['eval', '--loss', 'mse', '--data', '.'], 'cannot read .: not a file'],
  ['an unknown option', ['eval', '--loss', 'mse', '--data', 'regression.csv', '--weights', 'x'], 'unknown option --weights for eval (options: --loss, --data, --map, --param, --reduction, --per-sample, --grad, --strict, --backend, --out, --help)'],
  ['an option without its value', ['eval', '--data', 'regression.csv', '--loss'], 'option --loss needs a value (ID)'],
  ['a value for a flag', ['eval', '--loss', 'mse', '--data', 'regression.csv', '--grad=yes'], 'option --grad takes no value'],
  ['a stray argument', ['eval', 'mse', '--data', 'regression.csv'], 'unexpected argument "mse" for eval (see loss-lab eval --help)'],
  ['an unknown reduction', ['eval', '--loss', 'mse', '--data', 'regression.csv', '--reduction', 'avg'], '--reduction must be one of mean, sum, none for mse, got avg'],
  ['an unknown backend', ['eval', '--loss', 'mse', '--data', 'regression.csv', '--backend', 'webgl'], '--backend must be one of wasm, cpu, got webgl'],
  ['an option given twice', ['eval', '--loss', 'mse', '--data', 'regression.csv', '--loss', 'l1'], 'option --loss given twice ("mse" and "l1"); give it once'],
  ['a parameter given twice', ['eval', '--loss', 'huber', '--data', 'regression.csv', '--param', 'delta=1', '--param', 'delta=2'], '--param delta given twice ("1" and "2"); give it once'],
  ['a --param without =', ['eval', '--loss', 'huber', '--data', 'regression.csv', '--param', 'delta'], '--param expects NAME=VALUE, got "delta"'],
  ['an unknown parameter, listing the loss\'s', ['eval', '--loss', 'huber', '--data', 'regression.csv', '--param', 'beta=2'], 'huber: unknown parameter beta (parameters: delta)'],
  ['a parameter out of range', ['eval', '--loss', 'huber', '--data', 'regression.csv', '--param', 'delta=0'], 'huber: parameter delta must be a number > 0, got 0'],
  ['a parameter that is not a number', ['eval', '--loss', 'huber', '--data', 'regression.csv', '--param', 'delta=big'], 'huber: parameter delta must be a finite number > 0, got "big"'],
  // unbounded ranges still need finite numbers: an infinite delta gave NaN gradients
  ['an infinite parameter', ['eval', '--loss', 'huber', '--data', 'regression.csv', '--param', 'delta=inf'], 'huber: parameter delta must be a finite number > 0, got "inf"'],
  ['a list parameter with brackets', ['eval', '--loss', 'cross_entropy', '--data', 'classification.csv', '--param', 'weight=[1,2,1.5]'], 'cross_entropy: every value of weight must be a finite number >= 0, got "[1"'],
  ['class weights of the wrong length', ['eval', '--loss', 'cross_entropy', '--data', 'classification.csv', '--param', 'weight=1,2'], 'CLASS_WEIGHT_MESSAGE'],
  ['a malformed --map', ['eval', '--loss', 'mse', '--data', 'regression.csv', '--map', 'y_pred'], 'a column mapping is ROLE=COLUMNS (e.g. prediction=y_pred or logits=logit_*), got "y_pred"'],
  ['a role the loss does not have', ['eval', '--loss', 'mse', '--data', 'regression.csv', '--map', 'logits=y_pred'], 'mse has no role logits (roles: prediction, target, weight)'],
  ['a required role left out', ['eval', '--loss', 'mse', '--data', 'regression.csv', '--map', 'target='], 'role target is required by mse; it cannot be left unmapped'],
  // bad input, placed in the file
  ['a missing column, listing the columns', ['eval', '--loss', 'mse', '--data', 'regression.csv', '--map', 'prediction=pred'], 'no column "pred" for role prediction (columns: y_pred, y_true, weight) (regression.csv:1:1)'],
  ['a role no column name suggests', ['eval', '--loss', 'ranknet', '--data', 'regression.csv'], 'INFERENCE_MESSAGE'],
  ['a label outside {0, 1} in an inferred column', ['eval', '--loss', 'bce_with_logits', '--data', 'regression.csv'], 'column y_true (role target): expected a label 0 or 1, got 1.5 (regression.csv:3:2)'],
  ['an empty file', ['eval', '--loss', 'mse', '--data', 'bad-empty.csv'], 'empty file: expected a header row with column names (bad-empty.csv:1:1)'],
  ['a header without rows', ['eval', '--loss', 'mse', '--data', 'bad-header-only.csv'], 'no data rows: the file has a header row but nothing below it (bad-header-only.csv:2:1)'],
  ['a ragged row', ['eval', '--loss', 'mse', '--data', 'bad-ragged.csv'], 'ragged row: 3 fields, but the header has 2 (bad-ragged.csv:3:3)'],
  ['an unterminated quote', ['eval', '--loss', 'mse', '--data', 'bad-unterminated.csv'], 'unterminated quote: the quoted field that opens here never closes (bad-unterminated.csv:3:3)'],
  ['a non-numeric cell in a used column', ['eval', '--loss', 'mse', '--data', 'bad-nonnumeric.csv'], 'non-numeric cell "n/a?" in column y_true (role target): expected a number (bad-nonnumeric.csv:4:2)'],
  ['a class index out of range', ['eval', '--loss', 'cross_entropy', '--data', 'bad-class-range.csv'], 'column label (role target): expected a class index in [0, 2] or ignore_index -100, got 3 (bad-class-range.csv:3:4)'],
  ['a label outside {0, 1}', ['eval', '--loss', 'bce_with_logits', '--data', 'bad-binary-label.csv'], 'column label (role target): expected a label 0 or 1, got 2 (bad-binary-label.csv:4:2)'],
  // a domain that holds only under a parameter (poisson_nll's rate λ >= 0 when log_input = false) is placed like the others
  ['a negative rate for poisson_nll with log_input = false', ['eval', '--loss', 'poisson_nll', '--data', 'regression.csv', '--param', 'log_input=false'], 'column y_pred (role prediction): expected a value >= 0 (with log_input = false the prediction is the rate λ; for a log-rate set log_input = true), got -1 (regression.csv:4:1)'],
  ['a missing value with --strict', ['eval', '--loss', 'mse', '--data', 'strict.csv', '--strict'], 'missing or NaN value in target (column y_true); strict mode allows none (without it such rows are skipped and counted) (strict.csv:3:2)'],
  ['a list subcommand argument', ['list', '--all'], 'unknown option --all for list (options: --help)'],
];

/**
 * `parity` reads data through eval's code paths: the same bad input gives the same line and status
 * (cases of losses with framework rows whose message does not name the subcommand or its options).
 */
const PARITY_CASES: ReadonlyArray<[string, string[], string]> = CASES.filter(
  ([, args, msg]) => args[0] === 'eval' && args.includes('--data') && !/eval|--reduction|--grad|--out|--weights|options:/.test(msg) &&
    !args.some((a) => ['--reduction', '--grad', '--weights', '--out'].includes(a)) &&
    !!LOSSES.find((l) => l.id === args[args.indexOf('--loss') + 1])?.frameworks?.length,
).map(([what, args, msg]) => [`${what} (parity)`, ['parity', ...args.slice(1)], msg]);

// A few processes at a time: each one loads the bundle and TensorFlow.js.
describe('loss-lab errors', { concurrency: 3 }, () => {
  before(() => ensureBuilt());

  for (const [what, args, expected] of [...CASES, ...PARITY_CASES]) {
    it(`exits 2 with one line on stderr for ${what}`, async (t) => {
      let line = expected;
      if (expected === 'CLASS_WEIGHT_MESSAGE' || expected === 'INFERENCE_MESSAGE') {
        // messages owned by the loss specs: check the shape, and that they are one line
        const r = await runCli(args);
        assert.equal(r.status, 2, r.stderr);
        assert.equal(r.stdout, '');
        assert.match(r.stderr, expected === 'CLASS_WEIGHT_MESSAGE' ? /^loss-lab: .*weight.*\n$/ : /^loss-lab: no column for role query \(.*\): none is named qid, .*; map one with query=COLUMN \(columns: y_pred, y_true, weight\) \(regression\.csv:1:1\)\n$/);
        t.diagnostic(r.stderr.trim());
        return;
      }
      line = `loss-lab: ${expected}\n`;
      const r = await runCli(args);
      assert.equal(r.stderr, line);
      assert.equal(r.status, 2);
      assert.equal(r.stdout, '');
    });
  }

  it('keeps the stderr line printable when the input is binary (control bytes shown as ?)', async () => {
    // a header of NUL and other control bytes: the message lists the columns it found
    const r = await runCli(['eval', '--loss', 'mse', '--data', '-'], {}, 'a\u0000b\u0007,c\u001b\n1,2\n');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^loss-lab: [^\n]*\n$/);
    assert.doesNotMatch(r.stderr.slice(0, -1), /[\u0000-\u0008\u000b-\u001f\u007f]/);
    assert.match(r.stderr, /a\?b\?, c\?/);
  });

  it("refuses a file with more rows than the loss's bound, naming the file, the count and the bound, at the first row beyond it", async () => {
    const csv = 'x1,x2\n' + Array.from({ length: 1100 }, (_, i) => `${i % 5},${i % 3}`).join('\n') + '\n';
    const r = await runCli(['eval', '--loss', 'supcon', '--data', '-', '--map', 'embedding=x1', '--map', 'label=x2'], {}, csv);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.equal(
      r.stderr,
      'loss-lab: supcon takes at most 1024 rows (it scores every row against every row in one batch, so its time grows with the square of the rows), got 1100 rows; use a sample of at most 1024 rows (for example one training batch) (stdin:1026:1)\n',
    );
  });

  it('says LOSS_LAB_BACKEND when the bad backend comes from the environment', async () => {
    const r = await runCli(['eval', '--loss', 'mse', '--data', 'regression.csv'], { LOSS_LAB_BACKEND: 'gpu' });
    assert.equal(r.stderr, 'loss-lab: LOSS_LAB_BACKEND must be one of wasm, cpu, got gpu\n');
    assert.equal(r.status, 2);
  });
});
