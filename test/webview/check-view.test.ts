/**
 * The Check view (issue #11): a `check` message from the host selects the Check tab and shows the
 * verdict, the per-probe table and the ranked diagnoses; a malformed one is refused; host text is
 * shown as text, never as markup.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CheckViewData } from '../../src/shared/protocol';
import { Harness } from './harness';
import { curvesSettled, poll } from './util';

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
