/**
 * The Frameworks view (issue #15) against a scripted host answering with the real engine
 * (src/lab/frameworks-request.ts): the tab asks for the current loss and params on the curve probe,
 * shows one row per framework API with its value, relation, reason and verified kind; a row's
 * checkbox overlays its curves on the curve charts (a curves request with `overlay`, a dashed
 * series); the code view's convention switch asks for the built-in.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useLab, type LabPage } from './harness';
import { curvesSettled, poll } from './util';

let lab: LabPage;
useLab((l) => (lab = l));

test('the Frameworks tab lists the built-ins of the current loss on the probe, with values, relations and verified kinds', async () => {
  const { page, host } = lab;
  await page.getByTestId('loss-picker').selectOption('focal');
  await curvesSettled(lab);
  await page.getByTestId('tab-frameworks').click();
  const req = await poll('a frameworks request for focal', () => host.requests('frameworks').find((r) => r.loss === 'focal'));
  assert.equal(req.on, 'probe');
  const rows = page.getByTestId('frameworks-row');
  await poll('three focal rows', async () => (await rows.count()) === 3);
  const keras = page.locator('[data-testid="frameworks-row"][data-api="keras.losses.CategoricalFocalCrossentropy"]');
  assert.equal(await keras.getAttribute('data-relation'), 'factor');
  assert.match((await keras.textContent()) ?? '', /×0\.25/);
  assert.match((await keras.textContent()) ?? '', /transcribed/);
  const summary = (await page.getByTestId('frameworks-summary').textContent()) ?? '';
  assert.match(summary, /Loss Lab's focal: [0-9.]+, on the curve probe/);
  // the Keras value is a quarter of Loss Lab's, as shown
  const lossLab = Number(/focal: ([0-9.e-]+)/.exec(summary)![1]);
  const kerasValue = Number((await keras.getByTestId('frameworks-value').textContent()) ?? 'NaN');
  assert.ok(Math.abs(kerasValue - 0.25 * lossLab) < 1e-4 * lossLab, `${kerasValue} vs 0.25 × ${lossLab}`);

  // a parameter change asks again
  await page.getByTestId('param-gamma').fill('1');
  await poll('a frameworks request with gamma 1', () => host.requests('frameworks').find((r) => r.params['gamma'] === 1));
  await lab.screenshot('frameworks-focal');
  lab.assertClean();
});

test('a row\'s checkbox draws its curves over the current loss\'s, dashed, and the code view asks for the built-in', async () => {
  const { page, host } = lab;
  await page.getByTestId('loss-picker').selectOption('mse');
  await poll('mse rows', async () => (await page.locator('[data-testid="frameworks-row"][data-api="optax.l2_loss"]').count()) === 1);
  await page.locator('[data-testid="frameworks-row"][data-api="optax.l2_loss"] [data-testid="frameworks-overlay"]').check();
  // The curve view is hidden: it asks for the overlaid curves when it is shown.
  assert.equal(host.requests('curves').filter((r) => r.overlay === 'optax.l2_loss').length, 0);
  await page.getByTestId('tab-curves').click();
  const req = await poll('a curves request with the overlay', () => host.requests('curves').find((r) => r.overlay === 'optax.l2_loss'));
  assert.equal(req.loss, 'mse');
  await poll('the overlay drawn', async () => (await page.getByTestId('curve-view').getAttribute('data-overlay')) === 'optax.l2_loss');
  assert.equal(await page.getByTestId('curve-view').getAttribute('data-series'), '2');
  await lab.screenshot('frameworks-overlay-l2');

  await page.getByTestId('snippet-convention').selectOption('builtin');
  const code = await poll('a code request for the built-in', () => host.requests('code').find((r) => r.convention === 'builtin'));
  assert.equal(code.loss, 'mse');
  lab.assertClean();
});
