/**
 * The data view never shows figures that are not of the data and settings on screen, whatever
 * order the host's answers and events arrive in: the file turning bad while the view is out of
 * date, a file or loss the columns do not fit, a new file or mapping under a shown sweep, a loss
 * switched while a file loads, a mapping edit the host refuses. (Found by a review that drove
 * these scenarios; each assertion failed before the fix.)
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { PersistedState } from '../../src/shared/protocol';
import { Harness, type LabPage } from './harness';
import { poll } from './util';

let h: Harness;
before(async () => {
  h = await Harness.start();
});
after(async () => {
  await h?.stop();
});

/** A panel with `loss` chosen, the sample file loaded and its results shown. */
async function loaded(loss: string): Promise<LabPage> {
  const lab = await h.open();
  const { page } = lab;
  await page.getByTestId('loss-picker').selectOption(loss);
  await page.getByTestId('tab-data').click();
  await page.getByTestId('data-pick').click();
  await poll('results', () => page.getByTestId('data-results').isVisible());
  return lab;
}

const settle = (lab: LabPage) => lab.page.waitForTimeout(500);

test('the file turning bad while the data view is out of date does not bring old results back', async () => {
  const lab = await loaded('mse');
  const { page, host } = lab;
  await page.getByTestId('tab-curves').click();
  await page.getByTestId('reduction').selectOption('sum'); // the hidden data view is now out of date
  const sent = host.requests('evaluateData').length;
  await host.post({ type: 'dataChanged', reason: 'error', dataset: null, error: { code: 'data_error', message: 'ragged row', location: { file: 'data/preds.csv', line: 9, column: 3 } } });
  await poll('the error shown', () => page.getByTestId('data-error').isVisible());
  await settle(lab);
  assert.equal(host.requests('evaluateData').length, sent, 'showing the Data tab evaluated the old data again');
  assert.ok(await page.getByTestId('data-error').isVisible());
  assert.ok(await page.getByTestId('data-results').isHidden());
  lab.assertClean();
  await lab.close();
});

test('a loss the file does not fit hides the previous loss\'s results and their export', async () => {
  const lab = await loaded('mse');
  const { page } = lab;
  assert.ok(await page.getByTestId('export-csv').isEnabled());
  await page.getByTestId('loss-picker').selectOption('bce_with_logits');
  await poll('results hidden', () => page.getByTestId('data-results').isHidden());
  assert.ok(await page.getByTestId('export-csv').isDisabled(), 'export would write the old loss\'s rows');
  assert.ok(await page.getByTestId('copy-summary').isDisabled());
  lab.assertClean();
  await lab.close();
});

test('another file that fits no loss replaces the results of the previous one', async () => {
  const lab = await loaded('mse');
  const { page, host } = lab;
  await host.post({
    type: 'dataChanged',
    reason: 'loaded',
    error: null,
    dataset: { path: 'other/ids.csv', folder: null, fileName: 'ids.csv', sizeBytes: 10, rows: 5, columns: ['id', 'name'], loss: 'mse', mapping: null, mappingNotes: [], mappingError: 'mse: no column fits', suggestedLoss: null, loadMs: 1 },
  });
  await poll('the new file named', async () => /other\/ids\.csv/.test((await page.getByTestId('data-file').textContent()) ?? ''));
  assert.ok(await page.getByTestId('data-results').isHidden(), 'preds.csv figures stayed under ids.csv');
  lab.assertClean();
  await lab.close();
});

test('a shown sweep is run again for a newly opened file and for an edited mapping', async () => {
  const lab = await loaded('huber');
  const { page, host } = lab;
  await page.getByTestId('sweep-run').click();
  await poll('sweep drawn', () => page.getByTestId('sweep-chart').isVisible());
  const s0 = host.requests('sweep').length;
  await page.getByTestId('data-pick').click();
  await poll('a sweep for the new file', () => host.requests('sweep').length > s0);
  const s1 = host.requests('sweep').length;
  await page.getByTestId('mapping-prediction').selectOption('logit_0');
  await poll('a sweep for the new mapping', () => host.requests('sweep').length > s1);
  lab.assertClean();
  await lab.close();
});

test('a file loaded while the loss changed is mapped for the loss now chosen', async () => {
  const lab = await h.open();
  const { page, host } = lab;
  await page.getByTestId('loss-picker').selectOption('mse');
  await page.getByTestId('tab-data').click();
  host.hold.add('loadCsv');
  await page.getByTestId('data-pick').click();
  await host.waitFor('load held', () => host.held.length === 1);
  await page.getByTestId('loss-picker').selectOption('cross_entropy');
  host.hold.delete('loadCsv');
  await host.held.pop()!.release(); // mapped for mse
  await poll('evaluated for cross_entropy', () => host.requests('evaluateData').at(-1)?.loss === 'cross_entropy' && page.getByTestId('data-results').isVisible());
  assert.ok((await page.getByTestId('mapping-logits').locator('option:checked').count()) > 0, 'the editor shows no logits columns');
  await poll('state saved', () => {
    const st = host.states.at(-1) as PersistedState | undefined;
    return st?.loss === 'cross_entropy' && st.mapping && 'logits' in st.mapping;
  });
  // never the old loss's mapping under the new loss (a reload would send it back and be refused)
  const mixed = (host.states as PersistedState[]).filter((st) => st.loss === 'cross_entropy' && st.mapping && 'prediction' in st.mapping);
  assert.deepEqual(mixed, [], 'a saved state paired cross_entropy with mse\'s mapping');
  lab.assertClean();
  await lab.close();
});

test('a mapping edit the host refuses does not stay in the editor', async () => {
  const lab = await loaded('mse');
  const { page, host } = lab;
  const before = await page.getByTestId('mapping-prediction').inputValue();
  host.overrides.set('setMapping', () => ({ ok: false, error: { code: 'mapping_error', message: 'logit_0 cannot be the prediction' } }));
  await page.getByTestId('mapping-prediction').selectOption('logit_0');
  await poll('the refusal shown', () => page.getByTestId('data-error').isVisible());
  assert.equal(await page.getByTestId('mapping-prediction').inputValue(), before, 'the refused column is still shown as mapped');
  host.overrides.delete('setMapping');
  lab.assertClean();
  await lab.close();
});
