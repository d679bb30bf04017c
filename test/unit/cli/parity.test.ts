/**
 * `loss-lab parity` (the built CLI): the JSON object of issue #15 on a CSV file and on the probe,
 * values against `eval` on the same file and against hand-worked numbers, and its help. Its error
 * lines and statuses are those of eval (test/unit/cli/errors.test.ts runs eval's bad-input cases
 * through parity too).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { LOSSES } from '../../../src/engine/registry';
import { assertClose } from '../../helpers/close';
import { ensureBuilt, runCli, runJson } from './run-cli';

interface Row {
  framework: string;
  api: string;
  call: string;
  reduction: string;
  value: number | null;
  relation: string;
  factor?: number;
  reason: string;
  verified: string;
  source: { repo: string; file: string; function: string; commit: string };
}

const ROW_KEYS = ['framework', 'api', 'call', 'reduction', 'value', 'relation', 'reason', 'verified', 'source'];

describe('loss-lab parity', { concurrency: 3 }, () => {
  before(() => ensureBuilt());

  it('prints the issue\'s JSON object for mse on regression.csv (weights [1, 2, 0.5, 1])', async () => {
    const j = await runJson(['parity', '--loss', 'mse', '--data', 'regression.csv']);
    assert.deepEqual(Object.keys(j), ['loss', 'params', 'value', 'inputs', 'rows']);
    const ev = await runJson(['eval', '--loss', 'mse', '--data', 'regression.csv']);
    assert.equal(j.value, ev.value);
    assert.deepEqual(j.inputs, { file: 'regression.csv', rows: (ev.data as { rows: number }).rows, used: ev.n, skipped: 0 });
    const rows = j.rows as Row[];
    for (const r of rows) {
      assert.deepEqual(Object.keys(r), r.relation === 'factor' ? [...ROW_KEYS.slice(0, 6), 'factor', ...ROW_KEYS.slice(6)] : ROW_KEYS);
      assert.match(r.source.commit, /^[0-9a-f]{40}$/);
    }
    const by = (api: string) => rows.find((r) => r.api === api)!;
    // weighted: PyTorch's MSELoss has no per-sample weight
    assert.equal(by('torch.nn.MSELoss').relation, 'unsupported');
    assert.equal(by('torch.nn.MSELoss').value, null);
    // rows (0.5,1,w1) (2,1.5,w2) (-1,0,w0.5) (3,3,w1): Σ w l = 0.25 + 0.5 + 0.5 + 0 = 1.25; N = 4, Σ w = 4.5, 4 non-zero weights
    assertClose(j.value as number, 1.25 / 4, 'Loss Lab', { rtol: 1e-7 });
    assertClose(by('keras.losses.MeanSquaredError').value!, 1.25 / 4, 'Keras', { rtol: 1e-7 });
    assertClose(by('keras.losses.MeanSquaredError(reduction="mean_with_sample_weight")').value!, 1.25 / 4.5, 'Keras Σw', { rtol: 1e-7 });
    assert.equal(by('tf.losses.meanSquaredError').relation, 'same'); // no weight is 0
    assertClose(by('optax.l2_loss').value!, 1.25 / 8, 'optax.l2_loss', { rtol: 1e-7 });
    assert.equal(by('optax.l2_loss').factor, 0.5);
    assert.equal(by('optax.l2_loss').verified, 'transcribed');
    assert.equal(by('tf.losses.meanSquaredError').verified, 'executed');
  });

  it('passes --map and --param: huber delta=2 on renamed columns, SmoothL1Loss(beta=2) is half of it', async () => {
    const j = await runJson(['parity', '--loss', 'huber', '--data', 'regression.csv', '--map', 'weight=', '--param', 'delta=2']);
    assert.deepEqual(j.params, { delta: 2 });
    const rows = j.rows as Row[];
    const smooth = rows.find((r) => r.api === 'torch.nn.SmoothL1Loss')!;
    assert.equal(smooth.call, 'nn.SmoothL1Loss(beta=2.0)(prediction, target)');
    assert.equal(smooth.relation, 'factor');
    assert.equal(smooth.factor, 0.5);
    assertClose(smooth.value!, (j.value as number) / 2, 'factor', { rtol: 1e-7 });
    // unweighted now: PyTorch's HuberLoss is the same
    assert.equal(rows.find((r) => r.api === 'torch.nn.HuberLoss')!.relation, 'same');
  });

  it('without --data uses the family\'s probe and says so', async () => {
    const j = await runJson(['parity', '--loss', 'sigmoid_focal']);
    const inputs = j.inputs as { probe: string; rows: number };
    assert.match(inputs.probe, /one row per point/);
    assert.equal(inputs.rows, 402);
    const rows = j.rows as Row[];
    const tv = rows.find((r) => r.api === 'torchvision.ops.sigmoid_focal_loss')!;
    assert.equal(tv.reduction, 'none');
    assert.equal(tv.value, null);
    assert.equal(rows.find((r) => r.api === "torchvision.ops.sigmoid_focal_loss(reduction='mean')")!.value, j.value);
  });

  it('without --data on a file loss and an in-batch loss: one representative batch, named (exited 1 with an internal error before)', async () => {
    const dice = await runJson(['parity', '--loss', 'dice']);
    assert.match((dice.inputs as { probe: string }).probe, /^one file of 100 rows/);
    const supcon = await runJson(['parity', '--loss', 'supcon']);
    assert.match((supcon.inputs as { probe: string }).probe, /^one batch of 16 rows/);
    assert.equal((supcon.rows as Row[]).find((r) => r.api === 'optax.losses.ntxent')!.value, supcon.value);
  });

  it('refuses a loss without framework rows, and --map without --data', async () => {
    const r = await runCli(['parity', '--loss', 'quantile']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^loss-lab: quantile has no framework rows \(losses with rows: .*\)\n$/);
    const m = await runCli(['parity', '--loss', 'mse', '--map', 'weight=']);
    assert.equal(m.stderr, 'loss-lab: --map and --strict apply to --data\n');
    assert.equal(m.status, 2);
  });

  it('--help is generated from the specs: every loss with rows and its frameworks', async () => {
    const r = await runCli(['parity', '--help']);
    assert.equal(r.status, 0);
    for (const l of LOSSES) {
      if (l.frameworks?.length) assert.match(r.stdout, new RegExp(`^  ${l.id} +.*${l.frameworks[0].framework}`, 'm'));
      else assert.doesNotMatch(r.stdout, new RegExp(`^  ${l.id} `, 'm'));
    }
    const main = await runCli(['--help']);
    assert.match(main.stdout, /^ {2}parity +what each framework's built-in gives/m);
  });
});
