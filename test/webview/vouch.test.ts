/**
 * The panel never shows figures it cannot vouch for (issue #10, section 4), webview side: figures
 * left by a cancelled evaluation say they are of earlier settings; export names the evaluation on
 * screen; request ids are not reused by a reloaded document; a request the host never answers
 * ends in a visible error; a host refusal of a parameter is shown at its control; a loss switch
 * evaluates once. Each test failed before its fix.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { AnyRequest } from '../../src/shared/protocol';
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
async function loaded(loss: string, opts: Parameters<Harness['open']>[0] = {}): Promise<LabPage> {
  const lab = await h.open(opts);
  const { page } = lab;
  await page.getByTestId('loss-picker').selectOption(loss);
  await page.getByTestId('tab-data').click();
  await page.getByTestId('data-pick').click();
  await poll('results', () => page.getByTestId('data-results').isVisible());
  return lab;
}

test('figures left on screen by a cancelled evaluation say they are of earlier settings', async () => {
  const lab = await loaded('huber');
  const { page, host } = lab;
  await poll('the first results', async () => (await page.getByTestId('data-view').getAttribute('data-shown-seq')) !== null);
  host.hold.add('evaluateData');
  await page.getByTestId('param-delta').fill('0.25');
  await host.waitFor('the evaluation held', () => host.held.length === 1);
  // The user cancels it (the notification's Cancel on a big file): the host answers `cancelled`.
  await host.held.pop()!.release({ ok: false, error: { code: 'cancelled', message: 'cancelled' } });
  const stale = page.getByTestId('data-stale');
  await poll('the note on the old figures', () => stale.isVisible());
  assert.match((await stale.textContent()) ?? '', /earlier settings \(delta 1 → 0\.25\): the evaluation for the current ones was cancelled/);
  await lab.screenshot('data-stale-cancelled');
  // Evaluate again: the current settings are shown and the note goes.
  host.hold.delete('evaluateData');
  await page.getByTestId('data-stale-retry').click();
  await poll('results for delta 0.25', () => host.requests('evaluateData').at(-1)?.params['delta'] === 0.25 && stale.isHidden());
  lab.assertClean();
  await lab.close();
});

test('export names the evaluation on screen, so the host never writes another', async () => {
  const lab = await loaded('mse');
  const { page, host } = lab;
  const shown = Number(await page.getByTestId('data-view').getAttribute('data-shown-seq'));
  await page.getByTestId('export-csv').click();
  await poll('exportCsv sent', () => host.requests('exportCsv').length === 1);
  const req = host.requests('exportCsv')[0]!;
  assert.equal(req.seq, shown);
  assert.equal(req.suggestedName, 'mse-per-sample.csv');
  lab.assertClean();
  await lab.close();
});

test('after a reload, the new document never reuses the request ids of the old one', async () => {
  const lab = await loaded('mse');
  const { host } = lab;
  const ids = (ms: readonly unknown[]) => ms.filter((m): m is AnyRequest => typeof (m as AnyRequest).requestId === 'number').map((m) => m.requestId);
  const before = new Set(ids(host.received));
  assert.ok(before.size >= 4, `${before.size} requests before the reload`);
  await lab.reload();
  await poll('requests of the new document', () => ids(host.received).length >= 2);
  const reused = ids(host.received).filter((id) => before.has(id));
  assert.deepEqual(reused, [], 'the reloaded document reused ids the host may still be running');
  lab.assertClean();
  await lab.close();
});

test('a request the host never answers ends in a visible error after its bound, and the host is asked to stop it', async () => {
  const lab = await h.open({ beforeLoad: (page) => page.clock.install() });
  const { page, host } = lab;
  await page.getByTestId('loss-picker').selectOption('mse');
  await page.getByTestId('tab-data').click();
  host.hold.add('evaluateData');
  await page.getByTestId('data-pick').click();
  await host.waitFor('the evaluation held', () => host.held.length === 1);
  const lost = host.held[0]!.req.requestId;
  await page.clock.fastForward(59_000);
  assert.ok(await page.getByTestId('data-error').isHidden(), 'gave up before the bound');
  await page.clock.fastForward(2_000);
  const notice = page.getByTestId('data-error');
  await poll('the timeout shown', () => notice.isVisible());
  assert.match((await notice.textContent()) ?? '', /No answer from the extension.*did not answer \(evaluateData\) within 60 s/);
  await poll('cancel sent for it', () => host.requests('cancel').some((c) => c.target === lost));
  // Its answer, if it ever comes, is dropped without alarm.
  host.hold.delete('evaluateData');
  await host.held.pop()!.release();
  await page.waitForTimeout(200);
  assert.equal(await page.getByTestId('loss-lab').getAttribute('data-refused'), null, 'the late answer was treated as a bad message');
  await lab.screenshot('data-timeout');
  lab.assertClean();
  await lab.close();
});

test("a host refusal naming a parameter is shown at that parameter's control", async () => {
  const lab = await h.open();
  const { page, host } = lab;
  await page.getByTestId('loss-picker').selectOption('focal');
  // The webview's own range check passes 7 (gamma ≥ 0); the host refuses it, naming the parameter.
  host.overrides.set('curves', (req) =>
    req.type === 'curves' && req.params['gamma'] === 7
      ? { ok: false, error: { code: 'param_error', param: 'gamma', message: 'focal: parameter gamma must be <= 5, got 7' } }
      : { ok: false, error: { code: 'superseded', message: 'superseded' } },
  );
  await page.getByTestId('param-gamma').fill('7');
  const error = page.getByTestId('param-gamma-error');
  await poll('the refusal at gamma', () => error.isVisible());
  assert.equal(await error.textContent(), 'focal: parameter gamma must be <= 5, got 7');
  assert.equal(await page.getByTestId('param-gamma').getAttribute('aria-invalid'), 'true');
  await lab.screenshot('controls-host-param-error');
  host.overrides.delete('curves');
  await page.getByTestId('param-gamma').fill('3');
  await poll('the refusal cleared', () => error.isHidden());
  lab.assertClean();
  await lab.close();
});

test('switching the loss with a file loaded evaluates once, after the columns are mapped for it', async () => {
  const lab = await loaded('mse');
  const { page, host } = lab;
  await page.waitForTimeout(300);
  const n0 = host.requests('evaluateData').length;
  await page.getByTestId('loss-picker').selectOption('huber');
  await poll('results for huber', () => host.requests('evaluateData').at(-1)?.loss === 'huber');
  await page.waitForTimeout(500);
  const switched = host.requests('evaluateData').slice(n0);
  assert.deepEqual(switched.map((r) => r.loss), ['huber'], 'a loss switch evaluated more than once');
  // A file the host maps for another loss (Preview Loss on CSV): followed, evaluated once.
  const n1 = host.requests('evaluateData').length;
  await host.previewFile('cross_entropy');
  await poll('results for cross_entropy', () => host.requests('evaluateData').at(-1)?.loss === 'cross_entropy');
  await page.waitForTimeout(500);
  assert.deepEqual(host.requests('evaluateData').slice(n1).map((r) => r.loss), ['cross_entropy']);
  lab.assertClean();
  await lab.close();
});
