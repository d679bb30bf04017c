/**
 * The Check view (issue #11): a `check` message from the host selects the Check tab and shows the
 * verdict, the per-probe table and the ranked diagnoses; a malformed one is refused; host text is
 * shown as text, never as markup.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { initBackend } from '../../src/engine/backend';
import { getLoss } from '../../src/engine/registry';
import { computeCurves } from '../../src/lab/curves/curves';
import type { CheckCurvesResult, CheckViewData } from '../../src/shared/protocol';
import { Harness } from './harness';
import { canvasHash, curvesSettled, poll } from './util';

let h: Harness;
before(async () => {
  h = await Harness.start();
});
after(async () => {
  await h?.stop();
});

const RESULT: CheckViewData = {
  verdict: 'mismatch',
  loss: 'mse',
  symbol: 'mse_half',
  fileName: 'wrong.py',
  line: 19,
  language: 'python',
  params: {},
  probes: [
    { name: 'random', about: '8 random rows', reference: 6.01, yours: 3.005, valueRelErr: 0.5, gradRelErr: { prediction: 0.5 }, ok: false },
    { name: 'ties', about: 'zero residuals', reference: 0.78125, yours: null, valueRelErr: null, gradRelErr: { prediction: null }, ok: false },
  ],
  diagnoses: [{ id: 'half_factor', message: 'is half the reference <b>bold?</b>', evidence: 'on 2 of 2 probes your value and gradient equal the reference × 0.5', factor: 0.5 }],
};

test('a check result selects the Check tab and shows verdict, probes and the diagnosis with its evidence', async () => {
  const lab = await h.open();
  const { page, host } = lab;
  await curvesSettled(lab);
  await host.post({ type: 'check', result: RESULT });
  await poll('the Check tab selected', async () => (await page.getByTestId('tab-check').getAttribute('aria-selected')) === 'true');
  assert.match((await page.getByTestId('check-verdict').textContent()) ?? '', /✗ mismatch mse_half \(wrong\.py:19, python\) against mse/);
  const d = page.getByTestId('diagnosis-half_factor');
  assert.match((await d.textContent()) ?? '', /half_factor \(factor 0\.5\): is half the reference <b>bold\?<\/b>on 2 of 2 probes/);
  assert.equal(await d.locator('b').count(), 0, 'host text is not markup');
  const rows = page.getByTestId('check-table').locator('tbody tr');
  assert.equal(await rows.count(), 2);
  assert.match((await rows.nth(1).textContent()) ?? '', /ties0\.78125non-finite∞∞✗/);
  await lab.screenshot('check-view');
  await host.post({ type: 'check', result: { ...RESULT, verdict: 'maybe' } });
  await poll('the malformed check refused', async () => Number(await page.getByTestId('loss-lab').getAttribute('data-refused')) >= 1);
  lab.assertClean();
  await lab.close();
});

/** A reply to checkCurves as the host builds it: the engine's Huber δ = 2 curve scaled by `factor` (a user's wrong factor). */
async function huberReply(factor: number, symbol: string): Promise<CheckCurvesResult> {
  await initBackend({ backend: 'cpu' });
  const ref = await computeCurves(getLoss('huber')!, { delta: 2 });
  const c = ref.curves[0]!;
  return {
    loss: 'huber', symbol, params: { delta: 2 }, kind: 'regression',
    curves: [{ variant: null, x: Array.from(c.x), values: Array.from(c.values, (v) => v * factor), grad: Array.from(c.grad, (g) => g * factor) }],
    hasGradient: true, failed: { count: 0, first: null },
  };
}

test('"Show on curves" asks the host for the checked function, then draws it over the reference with the check\'s loss and parameters', async () => {
  const lab = await h.open();
  const { page, host } = lab;
  await curvesSettled(lab);
  host.hold.add('checkCurves');
  await host.post({ type: 'check', result: { ...RESULT, loss: 'huber', symbol: 'huber_double', params: { delta: 2 }, paramSources: { delta: 'code default' }, diagnoses: [] } });
  assert.equal(await page.getByTestId('check-param-sources').textContent(), 'delta=2 from code default', 'where each parameter came from');
  await page.getByTestId('check-show-curves').click();
  const held = await poll('a checkCurves request', () => host.held.find((x) => x.req.type === 'checkCurves'));
  assert.deepEqual({ loss: (held.req as { loss: string }).loss, symbol: (held.req as { symbol: string }).symbol }, { loss: 'huber', symbol: 'huber_double' });
  assert.equal(await page.getByTestId('check-show-curves').textContent(), 'Cancel', 'the running request can be cancelled');
  const before = await canvasHash(page, 'curve-loss-chart');
  await held.release({ ok: true, result: await huberReply(2, 'huber_double') });
  await poll('the Curves tab selected', async () => (await page.getByTestId('tab-curves').getAttribute('aria-selected')) === 'true');
  // The panel switched to the check's loss and parameters: the reference is the curve the user's was computed against.
  await poll('a curves request for huber with δ = 2', () => host.requests('curves').find((r) => r.loss === 'huber' && r.params['delta'] === 2));
  await curvesSettled(lab);
  const view = page.getByTestId('curve-view');
  await poll('the user\'s series drawn on both charts', async () =>
    (await view.getAttribute('data-check-series')) === '1' && (await view.getAttribute('data-check-grad-series')) === '1');
  assert.match((await page.getByTestId('curve-check-note').textContent()) ?? '', /huber_double \(yours, from the Check view\) over the reference/);
  assert.notEqual(await canvasHash(page, 'curve-loss-chart'), before);
  await lab.screenshot('check-on-curves');
  // Another δ: the user's curve was computed with δ = 2, so it is not drawn, and the note says why.
  assert.equal(await page.getByTestId('param-delta').inputValue(), '2', 'the δ control shows the check\'s value');
  await page.getByTestId('param-delta').fill('1');
  await poll('a curves request with δ = 1', () => host.requests('curves').find((r) => r.loss === 'huber' && r.params['delta'] === 1));
  await curvesSettled(lab);
  await poll('the user\'s series withdrawn', async () => (await view.getAttribute('data-check-series')) === '0');
  assert.match((await page.getByTestId('curve-check-note').textContent()) ?? '', /huber_double was drawn with delta=2: set them to see it/);
  lab.assertClean();
  await lab.close();
});

test('"Show on curves" while running is Cancel: the webview cancels the request and says so', async () => {
  const lab = await h.open();
  const { page, host } = lab;
  await curvesSettled(lab);
  host.hold.add('checkCurves');
  await host.post({ type: 'check', result: RESULT });
  await page.getByTestId('check-show-curves').click();
  const held = await poll('a checkCurves request', () => host.held.find((x) => x.req.type === 'checkCurves'));
  await page.getByTestId('check-show-curves').click();
  await host.waitFor('cancel', () => host.requests('cancel').some((c) => c.target === held.req.requestId));
  await held.release({ ok: false, error: { code: 'cancelled', message: 'cancelled' } });
  await poll('the button back', async () => (await page.getByTestId('check-show-curves').textContent()) === 'Show on curves');
  assert.equal(await page.getByTestId('check-curves-status').textContent(), 'Cancelled.');
  assert.equal(await page.getByTestId('curve-view').getAttribute('data-check-series'), '0', 'nothing drawn');
  lab.assertClean();
  await lab.close();
});
