// What a user touches in the VS Code workbench, as playwright locators: the command palette, the
// explorer, context menus, the editor's text and the webview's frames.

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const quickInput = (page) => page.locator('.quick-input-widget');
const quickInputBox = (page) => page.locator('.quick-input-widget .quick-input-box input');

/** Opens quick open (Ctrl+P) with `prefix` typed ('>' for commands, '' for files). */
export async function openPalette(page, prefix) {
  await page.keyboard.press('Escape');
  await page.keyboard.press(prefix === '>' ? 'F1' : 'Control+P');
  await quickInput(page).waitFor({ state: 'visible', timeout: 10_000 });
  if (prefix !== '>') await quickInputBox(page).fill(prefix);
}

/**
 * Runs a command from the palette by its full title. The extension host may register commands some
 * seconds after the workbench shows, and the palette lists a command only once it is known: retry
 * until its row shows.
 */
export async function runCommand(page, title, timeoutMs = 60_000) {
  const t0 = Date.now();
  for (let attempt = 1; ; attempt++) {
    await openPalette(page, '>');
    await quickInputBox(page).fill(`>${title}`);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    try {
      await row.waitFor({ state: 'visible', timeout: 3_000 });
      await row.click();
      return attempt;
    } catch {
      if (Date.now() - t0 > timeoutMs) {
        await page.keyboard.press('Escape');
        throw new Error(`the command palette never listed "${title}" (${attempt} attempts in ${timeoutMs / 1000} s)`);
      }
      await sleep(1000);
    }
  }
}

/** Presses Enter on each quick pick / input box that shows up (at most `max`); returns how many. */
export async function acceptQuickInputs(page, max, waitMs = 2500) {
  let accepted = 0;
  while (accepted < max) {
    try {
      await quickInput(page).waitFor({ state: 'visible', timeout: waitMs });
    } catch {
      break;
    }
    await sleep(300);
    await page.keyboard.press('Enter');
    accepted += 1;
    await sleep(300);
  }
  return accepted;
}

/** The explorer's row for a file of the workspace root. */
export function explorerRow(page, name) {
  return page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`).first();
}

/** An item of the open context menu (VS Code renders it inside a shadow root; CSS locators pierce it). */
export function contextMenuItem(page, label) {
  return page.locator('.monaco-menu .action-item .action-label', { hasText: label }).first();
}

/**
 * Right-clicks `row` and chooses `label` from its context menu. A click that lands while the menu is
 * still settling is sometimes lost (the menu stays open with the item highlighted): retry then.
 */
export async function chooseFromContextMenu(page, row, label, attempts = 3) {
  for (let i = 1; ; i++) {
    await row.click({ button: 'right' });
    const item = contextMenuItem(page, label);
    await item.waitFor({ state: 'visible', timeout: 10_000 });
    const menu = page.locator('.context-view .monaco-menu').first();
    await menu.waitFor({ state: 'visible', timeout: 5_000 });
    await sleep(250);
    await item.click();
    try {
      await menu.waitFor({ state: 'hidden', timeout: 3_000 });
      return i;
    } catch {
      await page.keyboard.press('Escape');
      if (i >= attempts) throw new Error(`the context menu item "${label}" did not run after ${attempts} clicks`);
    }
  }
}

/** The text an editor shows (its rendered lines; enough for the small files of the scenario). */
export async function editorText(editor) {
  const lines = editor.locator('.view-lines .view-line');
  const tops = await lines.evaluateAll((els) =>
    els.map((e) => ({ top: parseFloat(e.style.top) || 0, text: e.textContent.replace(/\u00a0/g, ' ') })).sort((a, b) => a.top - b.top),
  );
  return tops.map((l) => l.text).join('\n');
}

/** The content frame of the (first) webview: VS Code nests the document in two frames. */
export function webview(page) {
  return page.frameLocator('iframe.webview').first().frameLocator('#active-frame');
}

/**
 * How much of a canvas is drawn (share of non-transparent pixels, and of coloured ones: the series)
 * and a hash of its pixels, to tell a drawn chart from a blank one and a redraw from the same picture.
 */
export async function canvasInk(locator) {
  return locator.evaluate((c) => {
    const g = c.getContext('2d');
    const { data } = g.getImageData(0, 0, c.width, c.height);
    let inked = 0;
    let colored = 0;
    let h = 2166136261;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 0) inked += 1;
      // Axes, grid and labels are grey in every theme; series are drawn in saturated colours.
      if (data[i + 3] > 128 && Math.max(data[i], data[i + 1], data[i + 2]) - Math.min(data[i], data[i + 1], data[i + 2]) > 60) colored += 1;
      // FNV-1a over every 4th byte triple is plenty to notice a moved curve.
      h = Math.imul(h ^ data[i] ^ (data[i + 1] << 8) ^ (data[i + 2] << 16) ^ (data[i + 3] << 24), 16777619);
    }
    return { share: inked / (c.width * c.height), colored: colored / (c.width * c.height), hash: (h >>> 0).toString(16), width: c.width, height: c.height };
  });
}

/**
 * Closes VS Code's modal dialogs and notifications' error toasts left by a failed step (a modal blocks
 * every later click) and returns their text, which usually says why the step failed.
 */
export async function dismissDialogs(page) {
  const texts = [];
  const dialog = page.locator('.monaco-dialog-box');
  for (let i = 0; i < 3 && (await dialog.isVisible().catch(() => false)); i++) {
    texts.push((await dialog.innerText().catch(() => '')).replace(/\s+/g, ' ').trim());
    await page.keyboard.press('Escape');
    await sleep(300);
  }
  const toasts = page.locator('.notifications-toasts .notification-list-item-message');
  for (let i = 0; i < Math.min(3, await toasts.count().catch(() => 0)); i++) texts.push((await toasts.nth(i).innerText().catch(() => '')).trim());
  return texts.filter(Boolean);
}
