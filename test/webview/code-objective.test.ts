/**
 * The code view offers a training objective (LightGBM) for a loss whose spec has one, from the
 * catalog the registry builds (no list of losses in the webview): for lambdamart the framework
 * picker adds "LightGBM objective", which asks the host for `framework: 'lightgbm'` and shows the
 * codegen's objective (`def objective(preds, train_data)`, the same text as `loss-lab snippet
 * --loss lambdamart --framework lightgbm`) with the panel's parameters; other losses never offer it,
 * and leaving lambdamart falls back to the saved loss framework.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateObjective } from '../../src/codegen';
import { LOSSES, getLoss } from '../../src/engine/registry';
import { useLab, type LabPage } from './harness';
import { poll } from './util';

let lab: LabPage;
useLab((l) => (lab = l));

const options = (l: LabPage): Promise<string[]> => l.page.getByTestId('snippet-framework').locator('option').evaluateAll((os) => os.map((o) => o.getAttribute('value') ?? ''));

test('lambdamart\'s code tab offers the LightGBM objective from its spec, and only losses with one do', async () => {
  const { page, host } = lab;
  // the catalog says which losses have an objective, from each spec's templates
  const withObjective = host.catalog.losses.filter((l) => (l.objectives ?? []).includes('lightgbm')).map((l) => l.id);
  assert.deepEqual(withObjective, LOSSES.filter((l) => l.code?.lightgbm !== undefined).map((l) => l.id));
  assert.ok(withObjective.includes('lambdamart'));

  await page.getByTestId('loss-picker').selectOption('ranknet');
  await poll('ranknet code asked', () => host.requests('code').some((r) => r.loss === 'ranknet'));
  assert.deepEqual(await options(lab), ['pytorch', 'keras', 'jax', 'tfjs']);

  await page.getByTestId('loss-picker').selectOption('lambdamart');
  await poll('the objective offered', async () => (await options(lab)).includes('lightgbm'));
  assert.deepEqual(await options(lab), ['pytorch', 'keras', 'jax', 'tfjs', 'lightgbm']);
  assert.equal(await page.getByTestId('snippet-framework').locator('option[value="lightgbm"]').textContent(), 'LightGBM objective');
  await page.getByTestId('param-sigmoid').fill('2');
  await poll('sigmoid 2 asked', () => host.requests('code').some((r) => r.loss === 'lambdamart' && r.params['sigmoid'] === 2));
  await page.getByTestId('snippet-framework').selectOption('lightgbm');
  const req = await poll('a LightGBM code request', () => host.requests('code').find((r) => r.framework === 'lightgbm'));
  assert.equal(req.loss, 'lambdamart');
  assert.equal(req.params['sigmoid'], 2);
  const want = generateObjective(getLoss('lambdamart')!, req.params, 'lightgbm');
  assert.match(want, /def objective\(preds, train_data\)/);
  const code = page.getByTestId('snippet-code');
  await poll('the objective shown', async () => (await code.textContent()) === want);
  assert.equal(await page.getByTestId('snippet-view').getAttribute('data-language'), 'python');
  assert.ok(await page.getByTestId('snippet-convention').isDisabled(), 'no convention to choose for an objective');
  await lab.screenshot('code-lightgbm-objective');

  await page.getByTestId('snippet-insert').click();
  const ins = await poll('insertCode', () => host.requests('insertCode').at(-1));
  assert.deepEqual([ins.loss, ins.framework, ins.params['sigmoid']], ['lambdamart', 'lightgbm', 2]);

  // another loss has no objective: the option goes and the saved loss framework is back
  await page.getByTestId('loss-picker').selectOption('listnet');
  await poll('listnet asked in PyTorch', () => host.requests('code').some((r) => r.loss === 'listnet' && r.framework === 'pytorch'));
  assert.deepEqual(await options(lab), ['pytorch', 'keras', 'jax', 'tfjs']);
  assert.equal(await page.getByTestId('snippet-framework').inputValue(), 'pytorch');
  assert.ok(await page.getByTestId('snippet-convention').isEnabled());
  assert.ok(!host.requests('code').some((r) => r.loss !== 'lambdamart' && r.framework === 'lightgbm'), 'never asked for a loss without one');
  lab.assertClean();
});
