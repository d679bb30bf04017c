/**
 * The data view against the scripted host's small CSV: picking a file runs pickCsv → loadCsv →
 * evaluateData; the summary states the reduced loss, n and skipped rows; charts are drawn; a worst
 * row click asks to reveal its line; bad data shows file:line:column instead of charts; the
 * classification analysis offers class weights that Apply sets on the control.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DataResult } from '../../src/shared/protocol';
import { dataResultFor, datasetInfoFor } from './fake-data';
import { useLab, type LabPage } from './harness';
import { THEMES } from './themes';
import { colorBox, pixelStats, poll } from './util';

let lab: LabPage;
useLab((l) => (lab = l));

/** What the scripted host computed for the last evaluateData (the panel must show these figures). */
function lastResult(): DataResult {
  const reqs = lab.host.requests('evaluateData');
  const r = reqs[reqs.length - 1]!;
  const info = lab.host.requests('setMapping').at(-1)?.mapping ?? lab.host.requests('loadCsv').at(-1)?.mapping ?? null;
  return dataResultFor(r, info);
}

test('picking a CSV loads it, maps its columns and shows the summary, charts and worst rows', async () => {
  const { page, host } = lab;
  await page.getByTestId('loss-picker').selectOption('mse');
  await page.getByTestId('tab-data').click();
  await page.getByTestId('data-pick').click();
  await poll('the summary', () => page.getByTestId('data-value').isVisible());
  assert.deepEqual(host.received.filter((m) => ['pickCsv', 'loadCsv', 'evaluateData'].includes(m.type)).map((m) => m.type), ['pickCsv', 'loadCsv', 'evaluateData']);
  const load = host.requests('loadCsv')[0]!;
  assert.equal(load.path, 'data/preds.csv');
  assert.equal(load.loss, 'mse');

  const r = lastResult();
  // The panel shows the host's figures: mean over 238 rows, 2 skipped with the first line.
  assert.equal(Number(await page.getByTestId('data-value').textContent()), Number(r.value!.toPrecision(6)));
  assert.equal(await page.getByTestId('data-n').textContent(), '238');
  assert.match((await page.getByTestId('data-skipped').textContent()) ?? '', /2 rows skipped.*NaN in column y_pred.*first at line 14/);
  assert.match((await page.getByTestId('data-file').textContent()) ?? '', /data\/preds\.csv · 240 rows · 6 columns/);
  // The mapping editor shows the inferred columns.
  assert.equal(await page.getByTestId('mapping-prediction').inputValue(), 'y_pred');
  assert.equal(await page.getByTestId('mapping-target').inputValue(), 'y_true');
  await lab.screenshot('data-mse');
  // Charts are drawn in the series colours, not blank (Chart.js resizes once the results show).
  const dark = THEMES.dark.vars;
  for (const [id, color] of [['data-histogram', dark['--vscode-charts-blue']!], ['data-scatter', dark['--vscode-charts-blue']!], ['data-gradient', dark['--vscode-charts-orange']!]] as const) {
    await poll(`${id} drawn`, async () => ((await pixelStats(page, id, [color], 40))?.counts[0] ?? 0) > 150);
  }
  // The scatter spans the data: the worst row (largest loss, largest |residual|) is drawn near the
  // top, the small ones near the bottom, across most of the width.
  const box = (await colorBox(page, 'data-scatter', dark['--vscode-charts-blue']!))!;
  assert.ok(box.bottom - box.top > 0.5 * box.height, `scatter spans the loss range (${JSON.stringify(box)})`);
  assert.ok(box.right - box.left > 0.5 * box.width, `scatter spans the residual range (${JSON.stringify(box)})`);
  // Worst rows, largest first; a click asks the host to reveal that line.
  const firstLine = Number(await page.getByTestId('worst-row-0').getAttribute('data-line'));
  assert.equal(firstLine, r.worst[0]!.line);
  await page.getByTestId('worst-row-0').click();
  await poll('revealRow sent', () => host.requests('revealRow').some((m) => m.line === firstLine));
  await page.getByTestId('worst-row-1').focus();
  await page.keyboard.press('Enter');
  await poll('revealRow by keyboard', () => host.requests('revealRow').some((m) => m.line === r.worst[1]!.line));
  lab.assertClean();
});

test('changing a hyperparameter re-evaluates the data and the summary follows', async () => {
  const { page, host } = lab;
  await page.getByTestId('loss-picker').selectOption('huber');
  await poll('remapped for huber', () => host.requests('setMapping').some((m) => m.loss === 'huber'));
  await page.getByTestId('param-delta').fill('0.2');
  await poll('evaluateData with delta 0.2', () => host.requests('evaluateData').some((m) => m.params['delta'] === 0.2));
  await poll('the summary for delta 0.2', async () => {
    const r = lastResult();
    return r.params['delta'] === 0.2 && Number(await page.getByTestId('data-value').textContent()) === Number(r.value!.toPrecision(6));
  });
  lab.assertClean();
});

test('bad data replaces the results with a message naming file, line and column', async () => {
  const { page, host } = lab;
  await page.getByTestId('loss-picker').selectOption('mse');
  await poll('results shown', () => page.getByTestId('data-results').isVisible());
  await host.post({
    type: 'dataChanged',
    reason: 'error',
    dataset: null,
    error: { code: 'data_error', message: 'y_pred: "abc" is not a number', location: { file: 'data/preds.csv', line: 14, column: 3 } },
  });
  const notice = page.getByTestId('data-error');
  await notice.waitFor();
  assert.equal(await notice.getByTestId('error-location').textContent(), 'data/preds.csv:14:3');
  assert.match((await notice.textContent()) ?? '', /The CSV could not be read.*data\/preds\.csv:14:3: y_pred: "abc" is not a number/);
  assert.ok(await page.getByTestId('data-results').isHidden(), 'no stale charts under the error');
  await lab.screenshot('data-error');

  // The file is fixed: the host read it again and says so; the results come back.
  await host.post({ type: 'dataChanged', reason: 'changed', dataset: datasetInfoFor('mse', null), error: null });
  await poll('results back after the file was read again', () => page.getByTestId('data-results').isVisible());
  // An evaluation error is shown the same way, and a good answer brings the results back.
  host.overrides.set('evaluateData', () => ({ ok: false, error: { code: 'input_error', message: 'label 3 is outside {0, 1, 2}', location: { file: 'data/preds.csv', line: 51, column: 6 } } }));
  await page.getByTestId('reduction').selectOption('sum');
  await poll('the input error', async () => (await notice.getByTestId('error-location').textContent()) === 'data/preds.csv:51:6');
  host.overrides.delete('evaluateData');
  await page.getByTestId('reduction').selectOption('mean');
  await poll('results back', () => page.getByTestId('data-results').isVisible());
  assert.ok(await notice.isHidden());
  lab.assertClean();
});

test('a file refused by the input bounds (issue #13): the message and its place, a 4000-character message wrapped inside the view', async () => {
  const { page, host } = lab;
  await page.getByTestId('loss-picker').selectOption('mse');
  await poll('results shown', () => page.getByTestId('data-results').isVisible());
  const message = 'column name too long: more than 1 MiB (1048576 bytes) in one column name, the most a field may hold (is this a CSV file?) (data/zero.csv:1:1)';
  await host.post({ type: 'dataChanged', reason: 'error', dataset: null, error: { code: 'data_error', message, location: { file: 'data/zero.csv', line: 1, column: 1 } } });
  const notice = page.getByTestId('data-error');
  await notice.waitFor();
  assert.equal(await notice.getByTestId('error-location').textContent(), 'data/zero.csv:1:1');
  assert.match((await notice.getByTestId('error-message').textContent()) ?? '', /^column name too long: more than 1 MiB/);
  assert.ok(await page.getByTestId('data-results').isHidden(), 'no stale charts under the error');
  // the longest message the host sends (src/text/short-text.ts): wrapped, no sideways scrolling
  const long = `no column for role prediction: ${'y_pred_candidate, '.repeat(220)}... (data/wide.csv:1:1)`.slice(0, 4000);
  await host.post({ type: 'dataChanged', reason: 'error', dataset: null, error: { code: 'data_error', message: long, location: { file: 'data/wide.csv', line: 1, column: 1 } } });
  await poll('the long message', async () => (await notice.getByTestId('error-location').textContent()) === 'data/wide.csv:1:1');
  const overflow = await page.evaluate(() => {
    const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
    return root.scrollWidth - root.clientWidth;
  });
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px`);
  await lab.screenshot('data-error-bound');
  // nothing is evaluated on the refused file; once it is read again, results come back
  await page.getByTestId('reduction').selectOption('sum');
  await page.waitForTimeout(300);
  assert.ok(await page.getByTestId('data-results').isHidden(), 'figures of the last good version came back under the error');
  await host.post({ type: 'dataChanged', reason: 'changed', dataset: datasetInfoFor('mse', null), error: null });
  await poll('results back', () => page.getByTestId('data-results').isVisible());
  await page.getByTestId('reduction').selectOption('mean');
  lab.assertClean();
});

test('an evaluation answered after the host reported the file broken does not hide the error', async () => {
  const { page, host } = lab;
  await page.getByTestId('loss-picker').selectOption('mse');
  await poll('results shown', () => page.getByTestId('data-results').isVisible());
  // an evaluation goes out and is held; meanwhile the file turns bad on disk
  host.hold.add('evaluateData');
  await page.getByTestId('reduction').selectOption('sum');
  await host.waitFor('evaluateData held', () => host.held.length === 1);
  await host.post({
    type: 'dataChanged',
    reason: 'error',
    dataset: null,
    error: { code: 'data_error', message: 'ragged row: 3 fields, but the header has 2', location: { file: 'data/preds.csv', line: 9, column: 3 } },
  });
  const notice = page.getByTestId('data-error');
  await notice.waitFor();
  // the evaluation of the data as it was now answers, successfully
  host.hold.delete('evaluateData');
  await host.held.pop()!.release();
  await page.waitForTimeout(300);
  assert.ok(await notice.isVisible(), 'the late answer cleared the error');
  assert.equal(await notice.getByTestId('error-location').textContent(), 'data/preds.csv:9:3');
  assert.ok(await page.getByTestId('data-results').isHidden(), 'stale results came back under the error');
  // the file is read again: results for the settings on screen come back
  await host.post({ type: 'dataChanged', reason: 'changed', dataset: datasetInfoFor('mse', null), error: null });
  await poll('results back', () => page.getByTestId('data-results').isVisible());
  lab.assertClean();
});

test('after the host reported the file broken, a parameter change shows no figures of the last good version', async () => {
  const { page, host } = lab;
  await page.getByTestId('loss-picker').selectOption('huber');
  await poll('results shown', () => page.getByTestId('data-results').isVisible());
  await host.post({
    type: 'dataChanged',
    reason: 'error',
    dataset: null,
    error: { code: 'data_error', message: 'ragged row: 3 fields, but the header has 2', location: { file: 'data/preds.csv', line: 9, column: 3 } },
  });
  const notice = page.getByTestId('data-error');
  await notice.waitFor();
  const asked = host.requests('evaluateData').length;
  // The host still holds the last good version and would answer with its figures.
  await page.getByTestId('param-delta').fill('0.3');
  await page.getByTestId('reduction').selectOption('sum');
  await page.waitForTimeout(500);
  assert.equal(host.requests('evaluateData').length, asked, 'evaluated the last good version of a file reported broken');
  assert.ok(await page.getByTestId('data-results').isHidden(), 'figures of the last good version are on screen');
  assert.equal(await notice.getByTestId('error-location').textContent(), 'data/preds.csv:9:3', 'the error went away');
  // Read again (fixed): evaluated with the settings now on screen.
  await host.post({ type: 'dataChanged', reason: 'changed', dataset: datasetInfoFor('huber', null), error: null });
  await poll('results back', () => page.getByTestId('data-results').isVisible());
  const last = host.requests('evaluateData').at(-1)!;
  assert.equal(last.params['delta'], 0.3);
  assert.equal(last.reduction, 'sum');
  await page.getByTestId('reduction').selectOption('mean');
  lab.assertClean();
});

test('classification shows per-class figures and Apply sets the suggested class weights', async () => {
  const { page, host } = lab;
  await page.getByTestId('loss-picker').selectOption('cross_entropy');
  await poll('the class table', () => page.getByTestId('class-table').isVisible());
  const r = lastResult();
  const a = r.analysis;
  assert.ok(a && a.kind === 'classification');
  const rows = await page.getByTestId('class-table').locator('tbody tr').allTextContents();
  assert.equal(rows.length, 3);
  assert.ok(rows[0]!.startsWith(`0${a.classes[0]!.count}`), rows[0]);
  await page.getByTestId('apply-suggestion-0').click();
  const weights = a.weights.inverseFrequency;
  await poll('weights applied to the control', async () => (await page.getByTestId('param-weight').inputValue()) === weights.join(', '));
  const withWeights = (m: { params: Record<string, unknown> }) => JSON.stringify(m.params['weight']) === JSON.stringify(weights);
  await poll('data asked with the weights', () => host.requests('evaluateData').some(withWeights));
  await lab.screenshot('data-classification');
  // The hidden curve view asks nothing while the data view is on screen, and asks once when shown.
  assert.equal(host.requests('curves').filter(withWeights).length, 0, 'no curves asked for a hidden view');
  await page.getByTestId('tab-curves').click();
  await poll('curves asked with the weights once shown', () => host.requests('curves').some(withWeights));
  await page.getByTestId('tab-data').click();
  lab.assertClean();
});

test('columns that do not fit the loss are explained, with a loss that fits offered', async () => {
  const { page } = lab;
  await page.getByTestId('loss-picker').selectOption('contrastive');
  const problem = page.getByTestId('mapping-error');
  await problem.waitFor();
  assert.match((await problem.textContent()) ?? '', /no column of data\/preds\.csv fits its roles/);
  await page.getByTestId('mapping-switch-loss').click();
  await poll('switched to mse', async () => (await page.getByTestId('loss-picker').inputValue()) === 'mse');
  await poll('results for mse', () => page.getByTestId('data-value').isVisible());
  lab.assertClean();
});

test('exports: chart PNG, per-sample CSV and the summary go to the host', async () => {
  const { page, host } = lab;
  await page.getByTestId('export-histogram').click();
  const png = await poll('exportChart', () => host.requests('exportChart')[0]);
  assert.match(png.dataUrl, /^data:image\/png;base64,/);
  assert.ok(png.dataUrl.length > 2000, 'a real image');
  assert.equal(png.suggestedName, 'mse-histogram.png');
  await page.getByTestId('export-csv').click();
  await poll('exportCsv', () => host.requests('exportCsv').length === 1);
  await page.getByTestId('copy-summary').click();
  const copy = await poll('copyText', () => host.requests('copyText')[0]);
  assert.match(copy.text, /^mse \(mean\) on data\/preds\.csv/);
  await poll('status', async () => /Summary copied/.test((await page.getByTestId('status').textContent()) ?? ''));
  lab.assertClean();
});
