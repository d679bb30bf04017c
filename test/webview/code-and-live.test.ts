/**
 * The code view (host-generated code shown highlighted, Insert and Copy as requests), host-driven
 * data news (a file previewed while the panel is open, a file changed on disk, progress), and the
 * sensitivity sweep.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { datasetInfoFor } from './fake-data';
import { Harness, type LabPage } from './harness';
import { curvesSettled, pixelStats, poll } from './util';

let h: Harness;
let lab: LabPage;
before(async () => {
  h = await Harness.start();
  lab = await h.open();
});
after(async () => {
  await lab?.close();
  await h?.stop();
});

test('the code for the current loss, params and framework is shown highlighted, as text', async () => {
  const { page, host } = lab;
  await page.getByTestId('loss-picker').selectOption('focal');
  await page.getByTestId('param-gamma').fill('3');
  const req = await poll('a code request with gamma 3', () => host.requests('code').find((r) => r.params['gamma'] === 3));
  assert.equal(req.loss, 'focal');
  assert.equal(req.framework, 'pytorch');
  assert.equal(req.reduction, 'mean', 'the code carries the chosen reduction');
  const code = page.getByTestId('snippet-code');
  await poll('code shown', async () => ((await code.textContent()) ?? '').includes('criterion = FocalLoss'));
  assert.deepEqual(await code.locator('.tok-keyword').allTextContents(), ['import', 'from', 'import', 'class', 'def', 'def', 'return']);
  assert.ok((await code.locator('.tok-comment').count()) === 1);
  assert.equal(await code.locator('*:not(span)').count(), 0, 'only spans: the code never becomes markup');

  await page.getByTestId('snippet-framework').selectOption('tfjs');
  await poll('TypeScript shown', async () => (await page.getByTestId('snippet-view').getAttribute('data-language')) === 'typescript');
  assert.equal(host.requests('code').at(-1)!.framework, 'tfjs');
  assert.ok((await code.locator('.tok-keyword', { hasText: 'export' }).count()) === 1);
  await lab.screenshot('code-tfjs');
  lab.assertClean();
});

test('Insert into editor and Copy ask the host, and say what happened', async () => {
  const { page, host } = lab;
  await page.getByTestId('snippet-insert').click();
  const ins = await poll('insertCode', () => host.requests('insertCode')[0]);
  assert.deepEqual([ins.loss, ins.framework, ins.params['gamma'], ins.reduction], ['focal', 'tfjs', 3, 'mean']);
  await poll('insert status', async () => /Inserted tfjs code for focal into train\.py/.test((await page.getByTestId('status').textContent()) ?? ''));

  await page.getByTestId('snippet-copy').click();
  const copy = await poll('copyText', () => host.requests('copyText')[0]);
  assert.equal(copy.text, await page.getByTestId('snippet-code').textContent());

  // A refusal (no editor open) is shown, not swallowed.
  host.overrides.set('insertCode', () => ({ ok: false, error: { code: 'bad_request', message: 'no editor is open to insert into' } }));
  await page.getByTestId('snippet-insert').click();
  await poll('the refusal shown', async () => /no editor is open/.test((await page.getByTestId('status').textContent()) ?? ''));
  host.overrides.delete('insertCode');
  lab.assertClean();
});

test('a file previewed while the panel is open switches to the data view and the loss that fits it', async () => {
  const { page, host } = lab;
  await page.getByTestId('loss-picker').selectOption('triplet');
  await page.getByTestId('tab-curves').click();
  // The host loaded a file of logits (as "Preview Loss on CSV" does) and mapped it for cross_entropy.
  await host.previewFile('cross_entropy');
  await poll('data tab shown', async () => (await page.getByTestId('tab-data').getAttribute('aria-selected')) === 'true');
  await poll('switched to cross_entropy', async () => (await page.getByTestId('loss-picker').inputValue()) === 'cross_entropy');
  await poll('evaluated', () => host.requests('evaluateData').some((r) => r.loss === 'cross_entropy'));
  await poll('summary', () => page.getByTestId('data-value').isVisible());
  assert.equal(host.requests('setMapping').length, 0, 'the host already mapped it: no remap round trip');
  lab.assertClean();
});

test('a file changed on disk is evaluated again without the user asking', async () => {
  const { page, host } = lab;
  const before = host.requests('evaluateData').length;
  await host.post({ type: 'dataChanged', reason: 'changed', dataset: datasetInfoFor('cross_entropy', null), error: null });
  await poll('re-evaluated', () => host.requests('evaluateData').length > before);
  await poll('status says so', async () => /preds\.csv changed on disk/.test((await page.getByTestId('status').textContent()) ?? ''));
  await host.post({ type: 'dataChanged', reason: 'deleted', dataset: null, error: null });
  await poll('deleted notice', async () => /deleted/.test((await page.getByTestId('data-error').textContent()) ?? ''));
  assert.ok(await page.getByTestId('data-results').isHidden());
  assert.equal(await page.getByTestId('data-file').textContent(), 'No file loaded.');
  lab.assertClean();
});

test('loading shows progress and can be cancelled', async () => {
  const { page, host } = lab;
  host.hold.add('loadCsv');
  await page.getByTestId('data-pick').click();
  await host.waitFor('loadCsv held', () => host.held.length === 1);
  const held = host.held.pop()!;
  await host.post({ type: 'progress', requestId: held.req.requestId, message: 'Reading preds.csv', done: 40, total: 100 });
  await poll('progress shown', async () => (await page.getByTestId('data-progress').textContent()) === 'Reading preds.csv 40%');
  // one load at a time: a second would hide this one's progress and Cancel
  assert.ok(await page.getByTestId('data-pick').isDisabled(), 'Open CSV… is still enabled during a load');
  await page.getByTestId('data-cancel').click();
  const cancel = await poll('cancel sent', () => host.requests('cancel')[0]);
  assert.equal(cancel.target, held.req.requestId);
  await held.release({ ok: false, error: { code: 'cancelled', message: 'cancelled' } });
  await poll('cancel acknowledged', async () => /Loading cancelled/.test((await page.getByTestId('status').textContent()) ?? ''));
  assert.ok(await page.getByTestId('data-progress').isHidden());
  assert.ok(await page.getByTestId('data-pick').isEnabled(), 'Open CSV… stays disabled after the load ended');
  host.hold.delete('loadCsv');
  lab.assertClean();
});

test('the sensitivity sweep charts the loss on the data against a sweepable parameter', async () => {
  const { page, host } = lab;
  await page.getByTestId('data-pick').click();
  await page.getByTestId('loss-picker').selectOption('focal');
  await poll('focal evaluated', () => page.getByTestId('data-value').isVisible());
  assert.deepEqual(await page.getByTestId('sweep-param').locator('option').allTextContents(), ['gamma']);
  assert.ok(await page.getByTestId('sweep-chart').isHidden(), 'no empty chart before a sweep');
  await page.getByTestId('sweep-run').click();
  const sweep = await poll('sweep request', () => host.requests('sweep')[0]);
  assert.equal(sweep.param, 'gamma');
  await poll('sweep drawn', async () => ((await pixelStats(page, 'sweep-chart', ['#3794ff'], 30))?.counts[0] ?? 0) > 100);
  // While shown it follows the controls.
  await page.getByTestId('param-gamma').fill('1');
  await poll('sweep again', () => host.requests('sweep').some((r) => r.params['gamma'] === 1));
  await page.getByTestId('sensitivity').scrollIntoViewIfNeeded();
  await lab.screenshot('data-sensitivity');
  await page.getByTestId('tab-curves').click();
  await curvesSettled(lab);
  lab.assertClean();
});

test('without code generation in the build, the code view says so and asks nothing', async () => {
  const other = await h.open({ setup: (host) => { host.codeAvailable = false; } });
  const { page, host } = other;
  await curvesSettled(other);
  assert.match((await page.getByTestId('snippet-error').textContent()) ?? '', /not available/);
  assert.ok(await page.getByTestId('snippet-insert').isDisabled());
  assert.ok(await page.getByTestId('snippet-copy').isDisabled());
  assert.equal(host.requests('code').length, 0);
  other.assertClean();
  await other.close();
});
