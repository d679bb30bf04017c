/**
 * Layout at the widths a panel gets in VS Code (beside an editor, full window, a narrow split):
 * nothing overflows sideways, the charts keep a usable size, and every control can be reached
 * with Tab in a sensible order.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Harness } from './harness';
import { curvesSettled } from './util';

let h: Harness;
before(async () => {
  h = await Harness.start();
});
after(async () => {
  await h?.stop();
});

interface Geometry {
  scrollWidth: number;
  innerWidth: number;
  charts: Array<{ id: string; width: number; height: number }>;
}

for (const width of [1400, 900, 560]) {
  test(`at ${width}px nothing overflows sideways and the curve charts stay usable`, async () => {
    const lab = await h.open({ viewport: { width, height: 900 } });
    const { page } = lab;
    await page.getByTestId('loss-picker').selectOption('focal');
    await curvesSettled(lab);
    await page.getByTestId('pin-current').click();
    await page.getByTestId('param-gamma').fill('4');
    await curvesSettled(lab);
    const g = (await page.evaluate(`(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      charts: ['curve-loss-chart', 'curve-grad-chart'].map((id) => {
        const r = document.querySelector('[data-testid="' + id + '"]').getBoundingClientRect();
        return { id, width: Math.round(r.width), height: Math.round(r.height) };
      }),
    }))()`)) as Geometry;
    assert.ok(g.scrollWidth <= g.innerWidth, `no horizontal scroll (${g.scrollWidth} > ${g.innerWidth})`);
    for (const c of g.charts) assert.ok(c.width >= 240 && c.height >= 200, `${c.id} is ${c.width}×${c.height}`);
    await lab.screenshot(`layout-${width}`);
    lab.assertClean();
    await lab.close();
  });
}

test('Tab reaches the picker, the parameter controls, the views and the code buttons in order', async () => {
  const lab = await h.open();
  const { page } = lab;
  await page.getByTestId('loss-picker').selectOption('focal');
  await curvesSettled(lab);
  await page.getByTestId('tab-curves').focus();
  const seen: string[] = [];
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    const id = (await page.evaluate('document.activeElement && document.activeElement.getAttribute("data-testid")')) as string | null;
    if (id) seen.push(id);
  }
  const order = ['loss-search', 'loss-picker', 'param-gamma-slider', 'param-gamma', 'param-weight', 'reduction', 'export-loss-curve', 'pin-current', 'snippet-framework', 'snippet-insert', 'snippet-copy'];
  let at = -1;
  for (const id of order) {
    const i = seen.indexOf(id);
    assert.ok(i > at, `${id} reached after the previous one (Tab order: ${seen.join(', ')})`);
    at = i;
  }
  lab.assertClean();
  await lab.close();
});
