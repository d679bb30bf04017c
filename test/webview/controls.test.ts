/**
 * Controls generated from the catalog: every hyperparameter of every loss gets a labelled
 * control of its kind; invalid values are refused at the control with the reason; the loss
 * picker filters and describes losses from the catalog.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useLab, type LabPage } from './harness';
import { curvesSettled, poll } from './util';

let lab: LabPage;
useLab((l) => (lab = l));

test('every parameter of every catalog loss has a labelled control of its kind', async () => {
  const { page, host } = lab;
  for (const loss of host.catalog.losses) {
    await page.getByTestId('loss-picker').selectOption(loss.id);
    await poll(`${loss.id}'s title`, async () => (await page.getByTestId('loss-title').textContent()) === loss.title);
    // The formula typeset as math (KaTeX → MathML, under the shipped CSP: any violation fails the page),
    // the plain text beside it, and the id in full on its own line.
    const formula = page.getByTestId('loss-formula');
    assert.equal(await formula.getAttribute('data-typeset'), 'true', `${loss.id}: formula not typeset`);
    const box = await formula.locator('math').boundingBox();
    assert.ok(box && box.width > 20 && box.height > 10, `${loss.id}: the MathML is not laid out (${JSON.stringify(box)})`);
    const overflow = await formula.evaluate((e) => (e as unknown as { scrollWidth: number }).scrollWidth - (e as unknown as { clientWidth: number }).clientWidth);
    assert.ok(overflow <= 1, `${loss.id}: the formula is ${overflow} px wider than the sidebar`);
    assert.equal(await page.getByTestId('loss-formula-text').textContent(), loss.formula, `${loss.id} formula`);
    assert.equal(await page.getByTestId('loss-id').textContent(), loss.id);
    assert.equal(await page.getByTestId('loss-doc').textContent(), loss.doc, `${loss.id} doc`);
    if (loss.params.length === 0) assert.equal(await page.getByTestId('no-params').count(), 1, `${loss.id}: says it has none`);
    for (const p of loss.params) {
      const control = page.getByTestId(`param-${p.name}`);
      assert.equal(await control.count(), 1, `${loss.id}.${p.name}: one control`);
      // The control's accessible name is the parameter's name (label for=…).
      const byLabel = page.getByLabel(p.name, { exact: true });
      assert.equal(await byLabel.getAttribute('data-testid'), `param-${p.name}`, `${loss.id}.${p.name}: labelled`);
      const tag = await control.evaluate((e) => `${e.tagName.toLowerCase()}:${e.getAttribute('type') ?? ''}`);
      const expected = { number: 'input:text', integer: 'input:text', enum: 'select:', boolean: 'input:checkbox', numberList: 'input:text' }[p.kind];
      assert.equal(tag, expected, `${loss.id}.${p.name} (${p.kind})`);
      if (p.kind === 'number') {
        const slider = page.getByTestId(`param-${p.name}-slider`);
        assert.equal(await slider.getAttribute('min'), String(p.ui.min));
        assert.equal(await slider.getAttribute('max'), String(p.ui.max));
        assert.equal(Number(await control.inputValue()), p.default, `${loss.id}.${p.name} shows its default`);
      }
      if (p.kind === 'enum') assert.deepEqual(await control.locator('option').allTextContents(), p.options);
      if (p.kind === 'boolean') assert.equal(await control.isChecked(), p.default);
    }
    // The reduction select offers the loss's reductions.
    assert.deepEqual(await page.getByTestId('reduction').locator('option').allTextContents(), loss.reductions);
  }
  lab.assertClean();
});

test('an out-of-range value is refused at the control with the reason, and never sent', async () => {
  const { page, host } = lab;
  await page.getByTestId('loss-picker').selectOption('focal');
  await curvesSettled(lab);
  const gamma = page.getByTestId('param-gamma');
  const error = page.getByTestId('param-gamma-error');
  const before = host.requests('curves').length;

  await gamma.fill('-1');
  assert.equal(await gamma.getAttribute('aria-invalid'), 'true');
  assert.match((await error.textContent()) ?? '', /gamma must be ≥ 0/);
  assert.ok(await error.isVisible());
  // The message is tied to the input for screen readers.
  const describedBy = (await gamma.getAttribute('aria-describedby')) ?? '';
  assert.ok(describedBy.split(' ').includes((await error.getAttribute('id'))!));

  await gamma.fill('abc');
  assert.match((await error.textContent()) ?? '', /not a number/);
  // One rule with the engine (src/shared/param-rule.ts): gamma is unbounded above, yet inf is refused.
  await gamma.fill('inf');
  assert.match((await error.textContent()) ?? '', /gamma must be finite/);
  await page.waitForTimeout(300);
  assert.equal(host.requests('curves').length, before, 'no request for refused values');
  await lab.screenshot('controls-invalid-gamma');

  await gamma.fill('2.5');
  assert.equal(await gamma.getAttribute('aria-invalid'), null);
  assert.ok(await error.isHidden());
  await poll('a curves request with gamma 2.5', () => host.requests('curves').some((r) => r.params['gamma'] === 2.5));
  assert.ok(host.requests('curves').every((r) => r.params['gamma'] === undefined || (r.params['gamma'] as number) >= 0));
  lab.assertClean();
});

test('class weights are typed comma-separated as the help says; the value in force is a status, and entries out of range are refused', async () => {
  const { page, host } = lab;
  await page.getByTestId('loss-picker').selectOption('cross_entropy');
  const box = page.getByTestId('param-weight');
  const status = page.getByTestId('param-weight-status');
  const clear = page.getByTestId('param-weight-clear');
  // The help and the control agree: comma-separated, C values.
  assert.match((await page.getByTestId('param-row-weight').locator('.param-doc').textContent()) ?? '', /comma-separated/);
  // Not set is said, not offered as a (greyed) button; nothing to clear yet.
  assert.equal(await status.textContent(), 'Not set: every class weighs 1.');
  assert.equal(await status.evaluate((e) => e.tagName.toLowerCase()), 'div');
  assert.ok(await clear.isHidden(), 'a Clear button with nothing to clear');
  await box.fill('1, 2.5');
  await poll('weights [1, 2.5] sent', () => host.requests('curves').some((r) => JSON.stringify(r.params['weight']) === '[1,2.5]'));
  assert.equal(await status.textContent(), '2 classes: class 0 = 1 · class 1 = 2.5');
  await box.fill('-3, 2.5');
  assert.equal(await box.getAttribute('aria-invalid'), 'true');
  assert.match((await page.getByTestId('param-weight-error').textContent()) ?? '', /weight\[0\] must be ≥ 0/);
  assert.equal(await status.textContent(), '2 classes: class 0 = 1 · class 1 = 2.5', 'the list in force stays');
  await box.fill('0.5,2.5');
  await poll('weights [0.5, 2.5] sent', () => host.requests('curves').some((r) => JSON.stringify(r.params['weight']) === '[0.5,2.5]'));
  await clear.click();
  await poll('weights unset (null)', () => {
    const reqs = host.requests('curves');
    return reqs[reqs.length - 1]!.params['weight'] === null;
  });
  assert.equal(await box.inputValue(), '');
  assert.equal(await status.textContent(), 'Not set: every class weighs 1.');
  assert.ok(await clear.isHidden());
  await lab.screenshot('controls-class-weights');
  lab.assertClean();
});

test('the slider is keyboard operable and each step asks for new curves', async () => {
  const { page, host } = lab;
  await page.getByTestId('loss-picker').selectOption('huber');
  await curvesSettled(lab);
  const before = host.requests('curves').length;
  const slider = page.getByTestId('param-delta-slider');
  await slider.focus();
  for (let i = 0; i < 4; i++) await slider.press('ArrowRight');
  // huber delta: default 1, step 0.05 → 1.2 after four steps.
  assert.equal(await page.getByTestId('param-delta').inputValue(), '1.2');
  await poll('curves for delta 1.2', () => host.requests('curves').some((r) => r.params['delta'] === 1.2));
  const seqs = host.requests('curves').slice(before).map((r) => r.seq);
  assert.ok(seqs.every((s, i) => i === 0 || s > seqs[i - 1]!), `seqs increase: ${seqs.join(',')}`);
  await curvesSettled(lab);
  lab.assertClean();
});

test('the loss picker shows every entry in full: titles fit the select, the id has its own line', async () => {
  const { page, host } = lab;
  for (const loss of host.catalog.losses) {
    await page.getByTestId('loss-picker').selectOption(loss.id);
    const fit = await page.getByTestId('loss-picker').evaluate((sel) => {
      const s = sel as unknown as { options: { text: string }[]; selectedIndex: number; clientWidth: number; ownerDocument: { defaultView: { getComputedStyle(e: unknown): { font: string; paddingLeft: string; paddingRight: string } } | null; createElement(t: string): { getContext(k: string): { font: string; measureText(t: string): { width: number } } } } };
      const cs = s.ownerDocument.defaultView!.getComputedStyle(sel);
      const g = s.ownerDocument.createElement('canvas').getContext('2d');
      g.font = cs.font;
      // the closed select shows the chosen entry beside its arrow (about 20 px)
      const room = s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 20;
      return { text: s.options[s.selectedIndex]!.text, width: g.measureText(s.options[s.selectedIndex]!.text).width, room };
    });
    assert.equal(fit.text, loss.title);
    assert.ok(fit.width <= fit.room, `${loss.id}: "${fit.text}" needs ${Math.round(fit.width)} px, the select shows ${Math.round(fit.room)}`);
    const id = page.getByTestId('loss-id');
    assert.equal(await id.textContent(), loss.id);
    assert.ok(await id.evaluate((e) => (e as unknown as { scrollWidth: number; clientWidth: number }).scrollWidth <= (e as unknown as { clientWidth: number }).clientWidth + 1), `${loss.id}: id cut off`);
  }
  await page.getByTestId('loss-picker').selectOption('cross_entropy');
  await lab.screenshot('controls-picker-cross-entropy');
  await page.getByTestId('loss-picker').selectOption('huber');
  lab.assertClean();
});

test('the loss picker filters by name and family and keeps the current loss', async () => {
  const { page, host } = lab;
  await page.getByTestId('loss-search').fill('triplet');
  const options = await page.getByTestId('loss-picker').locator('option').evaluateAll((os) => os.map((o) => o.getAttribute('value')));
  assert.ok(options.includes('triplet') && options.includes('triplet_mined'));
  assert.ok(options.includes('huber'), 'the current loss stays listed');
  assert.ok(!options.includes('mse') && !options.includes('focal'));
  assert.equal((await page.getByTestId('loss-search-count').textContent())?.match(/\d+ of \d+ losses match/)?.[0], `2 of ${host.catalog.losses.length} losses match`);
  await page.getByTestId('loss-search').press('Enter');
  await poll('triplet picked by Enter', async () => (await page.getByTestId('loss-picker').inputValue()) === 'triplet');
  await page.getByTestId('loss-search').fill('');
  await lab.screenshot('controls-triplet');
  lab.assertClean();
});
