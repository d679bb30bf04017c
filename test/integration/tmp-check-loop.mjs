import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareRun, repoRoot, startCodeServer, workbenchUrl } from './harness/code-server.mjs';
import { launchBrowser } from './harness/browser.mjs';
import { openPalette, runCommand, webview } from './harness/workbench.mjs';
const N = Number(process.argv[2] ?? 8);
const run = prepareRun('ui-tmp-loop');
mkdirSync(join(run.workspace, '.vscode'), { recursive: true });
writeFileSync(join(run.workspace, '.vscode', 'settings.json'), JSON.stringify({ 'lossLab.pythonPath': '/usr/bin/python3' }));
for (let k = 0; k < N; k++) copyFileSync(join(repoRoot, 'test', 'fixtures', 'check', 'regression', 'wrong.py'), join(run.workspace, `my_losses_${k}.py`));
const server = await startCodeServer(run);
const browser = await launchBrowser(run);
const page = browser.page;
const panel = webview(page);
console.log('logs', run.dir);
try {
  await page.goto(workbenchUrl(server, run.workspace, { extensionDevelopmentPath: repoRoot }), { waitUntil: 'domcontentloaded', timeout: 120_000 });
  await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
  await runCommand(page, 'Loss Lab: Open Loss Lab');
  await panel.locator('[data-testid="loss-lab"]').waitFor({ timeout: 60_000 });
  for (let k = 0; k < N; k++) {
    await panel.locator('[data-testid="tab-curves"]').click().catch((e) => console.log('no curves tab', e.message.split('\n')[0]));
    await openPalette(page, '');
    await page.keyboard.type(`my_losses_${k}.py`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: `my_losses_${k}.py` }).first().waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    const lens = page.locator('.editor-group-container.active .codelens-decoration a', { hasText: 'Check against Loss Lab' }).first();
    await lens.waitFor({ timeout: 60_000 });
    const t0 = Date.now();
    await lens.click();
    const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first();
    await row.waitFor({ timeout: 30_000 });
    const active = await page.evaluate(() => `${document.activeElement?.tagName}.${document.activeElement?.className}`.slice(0, 80));
    const widgetVisible = await page.locator('.quick-input-widget').isVisible();
    await page.keyboard.press('Enter');
    const ok = await panel.locator('[data-testid="check-diagnoses"] li').first().waitFor({ timeout: 45_000 }).then(() => true, () => false);
    const dirty = await page.locator('.tabs-container .tab.dirty').count();
    const qiVisible = await page.locator('.quick-input-widget').isVisible();
    console.log(`iter ${k}: ${ok ? 'shown' : 'NOT SHOWN'} in ${((Date.now() - t0) / 1000).toFixed(1)} s; focus at Enter ${active}; widget ${widgetVisible}; dirty tabs ${dirty}; quick input visible after ${qiVisible}`);
    if (!ok) await page.screenshot({ path: `/tmp/loop-${k}.png` });
    await page.keyboard.press('Escape');
  }
} finally {
  await browser.context.close().catch(() => {});
  await server.stop();
}
