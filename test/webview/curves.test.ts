/**
 * The curve view against a scripted host whose curves come from the real engine: a parameter
 * change asks for curves and redraws the canvas; replies that arrive out of order are dropped;
 * Compare overlays pins with legend entries; a theme switch recolours the charts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useLab, type LabPage } from './harness';
import { THEMES } from './themes';
import { canvasHash, curvesSettled, frames, pixelStats, poll, shownCurveSeq } from './util';

let lab: LabPage;
useLab((l) => (lab = l));

test('a parameter change sends a curves request and the redraw changes the canvas', async () => {
  const { page, host } = lab;
  await page.getByTestId('loss-picker').selectOption('huber');
  await curvesSettled(lab);
  const lossBefore = await canvasHash(page, 'curve-loss-chart');
  const gradBefore = await canvasHash(page, 'curve-grad-chart');
  const stats = await pixelStats(page, 'curve-loss-chart', [THEMES.dark.vars['--vscode-charts-blue']!]);
  assert.ok(stats && stats.counts[0]! > 100, `the loss curve is drawn in charts-blue (${JSON.stringify(stats)})`);

  await page.getByTestId('param-delta').fill('0.3');
  const req = await poll('a curves request with delta 0.3', () => host.requests('curves').find((r) => r.params['delta'] === 0.3));
  assert.equal(req.loss, 'huber');
  assert.equal(req.reduction, 'mean');
  await curvesSettled(lab);
  assert.notEqual(await canvasHash(page, 'curve-loss-chart'), lossBefore, 'loss chart redrawn');
  assert.notEqual(await canvasHash(page, 'curve-grad-chart'), gradBefore, 'gradient chart redrawn');
  // The host's markers for δ are drawn and the axis is the family variable.
  assert.match((await page.getByTestId('curve-construction').textContent()) ?? '', /target y = 0/);
  await lab.screenshot('curves-huber-delta-0.3');
  lab.assertClean();
});

test('stale curves arriving after newer ones are dropped, never drawn', async () => {
  const { page, host } = lab;
  await page.getByTestId('loss-picker').selectOption('focal');
  await curvesSettled(lab);
  host.hold.add('curves');
  const gamma = page.getByTestId('param-gamma');
  await gamma.fill('0.5');
  await gamma.fill('4');
  await host.waitFor('two held curves requests', () => host.held.length === 2);
  const [older, newer] = host.held.splice(0, 2) as [typeof host.held[number], typeof host.held[number]];
  assert.equal(older.req.type === 'curves' && older.req.params['gamma'], 0.5);
  assert.equal(newer.req.type === 'curves' && newer.req.params['gamma'], 4);
  const newerSeq = newer.req.type === 'curves' ? newer.req.seq : -1;

  await newer.release();
  await poll('the newer curves drawn', async () => (await shownCurveSeq(page)) === newerSeq);
  const drawn = await canvasHash(page, 'curve-loss-chart');
  await older.release();
  await page.waitForTimeout(300);
  await frames(page);
  assert.equal(await shownCurveSeq(page), newerSeq, 'still showing the newer seq');
  assert.equal(await canvasHash(page, 'curve-loss-chart'), drawn, 'the older reply did not redraw');

  // The drop is by seq, not by luck: the older reply was a real, drawable answer.
  host.hold.delete('curves');
  await gamma.fill('2');
  await curvesSettled(lab);
  lab.assertClean();
});

test('while replies are outstanding, further changes coalesce into one request with the latest value', async () => {
  const { page, host } = lab;
  await page.getByTestId('loss-picker').selectOption('focal');
  await curvesSettled(lab);
  host.hold.add('curves');
  const before = host.requests('curves').length;
  const gamma = page.getByTestId('param-gamma');
  for (const v of ['1', '1.5', '2.5', '3', '3.5']) await gamma.fill(v);
  await host.waitFor('two held requests', () => host.held.length === 2);
  await page.waitForTimeout(200);
  assert.equal(host.requests('curves').length - before, 2, 'at most two in flight');
  host.hold.delete('curves');
  for (const held of host.held.splice(0)) await held.release();
  await poll('the pending latest value sent', () => host.requests('curves').some((r) => r.params['gamma'] === 3.5));
  const sent = host.requests('curves').slice(before).map((r) => r.params['gamma']);
  assert.deepEqual(sent, [1, 1.5, 3.5], 'intermediate values were coalesced away');
  await curvesSettled(lab);
  lab.assertClean();
});

test('Compare pins settings, overlays them with legend entries, and removes them', async () => {
  const { page, host } = lab;
  await page.getByTestId('loss-picker').selectOption('focal');
  await page.getByTestId('param-gamma').fill('0');
  await curvesSettled(lab);
  await page.getByTestId('pin-current').click();
  await page.getByTestId('param-gamma').fill('2');
  await curvesSettled(lab);
  await page.getByTestId('pin-current').click();
  await page.getByTestId('param-gamma').fill('5');
  const last = await curvesSettled(lab);
  const req = host.requests('curves').find((r) => r.seq === last)!;
  assert.deepEqual(req.compare.map((p) => p.params['gamma']), [0, 2]);
  assert.equal(await page.getByTestId('curve-view').getAttribute('data-series'), '3');
  assert.match((await page.getByTestId('pin-0').textContent()) ?? '', /focal gamma=0/);
  // Each series has its own colour: the first pin draws in charts-orange.
  const orange = THEMES.dark.vars['--vscode-charts-orange']!;
  const stats = await pixelStats(page, 'curve-loss-chart', [orange]);
  assert.ok(stats && stats.counts[0]! > 50, `pin 1 drawn in orange (${JSON.stringify(stats)})`);
  await lab.screenshot('curves-compare-focal-gamma');

  // Up to six: the button disables at the limit and says why.
  for (let i = 0; i < 4; i++) await page.getByTestId('pin-current').click();
  assert.ok(await page.getByTestId('pin-current').isDisabled());
  for (let i = 5; i >= 0; i--) await page.getByTestId(`pin-remove-${i}`).click();
  const cleared = await curvesSettled(lab);
  assert.deepEqual(host.requests('curves').find((r) => r.seq === cleared)!.compare, []);
  assert.equal(await page.getByTestId('curve-view').getAttribute('data-series'), '1');
  lab.assertClean();
});

test('a theme switch recolours the charts from the VS Code variables', async () => {
  const { page } = lab;
  await page.getByTestId('loss-picker').selectOption('mse');
  await curvesSettled(lab);
  const darkBlue = THEMES.dark.vars['--vscode-charts-blue']!;
  const lightBlue = THEMES.light.vars['--vscode-charts-blue']!;
  const dark = (await pixelStats(page, 'curve-loss-chart', [darkBlue, lightBlue], 6))!;
  assert.ok(dark.counts[0]! > 100, `dark: drawn in ${darkBlue} (${JSON.stringify(dark)})`);
  await lab.screenshot('theme-dark');

  await lab.setTheme('light');
  await frames(page);
  const light = (await poll('the light palette drawn', async () => {
    const s = await pixelStats(page, 'curve-loss-chart', [darkBlue, lightBlue], 6);
    return s && s.counts[1]! > 100 ? s : null;
  }))!;
  assert.ok(light.counts[0]! < light.counts[1]! / 10, `light: the dark blue is gone (${JSON.stringify(light)})`);
  assert.equal(await page.getByTestId('loss-lab').getAttribute('data-theme'), 'light');
  await lab.screenshot('theme-light');

  await lab.setTheme('high-contrast');
  await frames(page);
  // High contrast: white axis text and grid on black; lines get thicker.
  const hc = (await poll('the high-contrast palette drawn', async () => {
    const s = await pixelStats(page, 'curve-loss-chart', ['#ffffff', darkBlue], 6);
    return s && s.counts[0]! > 100 ? s : null;
  }))!;
  assert.ok(hc.counts[1]! > dark.counts[0]!, `thicker lines in high contrast (${hc.counts[1]} vs ${dark.counts[0]} px)`);
  await lab.screenshot('theme-high-contrast');

  await lab.setTheme('dark');
  lab.assertClean();
});
