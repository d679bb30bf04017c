/** `loss-lab snippet`: prints exactly what generateCode gives; bad usage is a UsageError naming the problem. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { snippetCommand } from '../../../src/cli/snippet';
import { UsageError } from '../../../src/cli/usage-error';
import { generateCode } from '../../../src/codegen';

async function run(...argv: string[]): Promise<string> {
  let out = '';
  await snippetCommand.run(argv, { out: async (t) => void (out += t), env: {} });
  return out;
}

async function usageError(argv: string[], message: RegExp): Promise<void> {
  await assert.rejects(run(...argv), (e: unknown) => e instanceof UsageError && message.test(e.message));
}

describe('loss-lab snippet', () => {
  it('prints PyTorch code by default, and each framework on request', async () => {
    assert.equal(await run('--loss', 'mse'), generateCode('mse', {}, 'pytorch'));
    assert.equal(await run('--loss=mse', '--framework', 'keras', '--reduction', 'sum'), generateCode('mse', {}, 'keras', { reduction: 'sum' }));
    assert.equal(await run('--loss', 'mse', '--framework', 'tfjs', '--javascript'), generateCode('mse', {}, 'tfjs', { typescript: false }));
    assert.equal(await run('--loss', 'mse', '--framework', 'jax', '--weighted'), generateCode('mse', {}, 'jax', { weighted: true }));
  });

  it('passes --param values through the registry\'s parsing', async () => {
    // mse has no parameters: any --param is an unknown one.
    await usageError(['--loss', 'mse', '--param', 'beta=2'], /mse: unknown parameter beta/);
    await usageError(['--loss', 'mse', '--param', 'beta'], /--param expects NAME=VALUE, got "beta"/);
  });

  it('rejects a missing or unknown loss, an unknown framework or reduction, and --javascript outside tfjs', async () => {
    await usageError([], /snippet needs --loss ID/);
    await usageError(['--loss', 'nope'], /unknown loss nope/);
    await usageError(['--loss', 'mse', '--framework', 'theano'], /unknown framework theano \(frameworks: pytorch, keras, jax, tfjs, lightgbm\)/);
    await usageError(['--loss', 'mse', '--reduction', 'max'], /--reduction must be one of mean, sum, none, got max/);
    await usageError(['--loss', 'mse', '--javascript'], /--javascript applies to --framework tfjs only/);
    await usageError(['--loss', 'mse', '--bogus'], /unknown option --bogus/);
    await usageError(['--loss', 'mse', '--framework', 'lightgbm'], /mse has no LightGBM objective: only an objective LightGBM has \(lambdamart\) does/);
    await usageError(['--loss', 'lambdamart', '--framework', 'lightgbm', '--reduction', 'sum'], /--reduction does not apply to --framework lightgbm/);
    await usageError(['--loss', 'lambdamart', '--framework', 'lightgbm', '--param', 'sigmoid=0'], /lambdamart: parameter sigmoid must be a number > 0, got 0/);
  });

  it('lambdamart: LightGBM gives a custom objective with the user\'s parameters; the loss frameworks say it is not available and name LightGBM\'s parameters', async () => {
    const lgb = await run('--loss', 'lambdamart', '--framework', 'lightgbm', '--param', 'truncation_level=7', '--param', 'norm=false', '--param', 'label_gain=0,1,2');
    assert.match(lgb, /^def objective\(preds, train_data\):$/m);
    assert.match(lgb, /^TRUNCATION_LEVEL = 7$/m);
    assert.match(lgb, /^NORM = False$/m);
    assert.match(lgb, /^LABEL_GAIN = np\.array\(\[0\.0, 1\.0, 2\.0\], dtype=np\.float64\)$/m);
    assert.deepEqual(lgb.split('\n').filter((l) => /^(import|from) /.test(l)), ['import numpy as np'], 'numpy only');
    for (const fw of ['pytorch', 'keras', 'jax', 'tfjs']) {
      const text = await run('--loss', 'lambdamart', '--framework', fw, '--param', 'sigmoid=2');
      assert.match(text, /not available for/);
      assert.match(text, /"objective": "lambdarank", "sigmoid": 2\.0, "lambdarank_truncation_level": 30, "lambdarank_norm": True/);
      assert.match(text, /--framework lightgbm/);
    }
  });

  it('has a --help naming the frameworks and the call conventions', async () => {
    const help = await run('--help');
    assert.match(help, /Usage: loss-lab snippet --loss ID/);
    for (const fw of ['pytorch', 'keras', 'jax', 'tfjs']) assert.match(help, new RegExp(`\\b${fw}\\b`));
    assert.match(help, /criterion\(query, score, relevance\)/);
  });
});
