/** Small helpers shared by the webview tests. */
import type { Page } from 'playwright-core';
import type { LabPage, PageGlobals } from './harness';

/** Polls `fn` until it returns a truthy value (returned), or fails naming `what`. */
export async function poll<T>(what: string, fn: () => Promise<T> | T, ms = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${String(last)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The seq of the curves on screen (-1 before any). */
export async function shownCurveSeq(page: Page): Promise<number> {
  const v = await page.getByTestId('curve-view').getAttribute('data-shown-seq');
  return v === null ? -1 : Number(v);
}

/** Waits until the latest curves request has been answered and drawn. */
export async function curvesSettled(lab: LabPage): Promise<number> {
  return poll('the latest curves to be drawn', async () => {
    const reqs = lab.host.requests('curves');
    if (reqs.length === 0) return 0;
    const last = reqs[reqs.length - 1]!.seq;
    return (await shownCurveSeq(lab.page)) === last ? last : 0;
  });
}

export function canvasHash(page: Page, testId: string): Promise<number | null> {
  return page.evaluate((id) => (globalThis as unknown as PageGlobals).__labTest.canvasHash(id), testId);
}

export function pixelStats(page: Page, testId: string, colors: readonly string[], tol = 10) {
  return page.evaluate(
    ({ id, c, t }) => (globalThis as unknown as PageGlobals).__labTest.pixelStats(id, c, t),
    { id: testId, c: [...colors], t: tol },
  );
}

/** Waits for two animation frames (the theme observer redraws on the next frame). */
export function frames(page: Page): Promise<unknown> {
  return page.evaluate(
    () => new Promise((r) => (globalThis as unknown as { requestAnimationFrame(f: () => void): void }).requestAnimationFrame(() =>
      (globalThis as unknown as { requestAnimationFrame(f: () => void): void }).requestAnimationFrame(() => r(null)))),
  );
}

/** Bounding box of the canvas pixels drawn in `color` (within `tol` per channel). */
export function colorBox(page: Page, testId: string, color: string, tol = 40) {
  return page.evaluate(({ id, c, t }) => (globalThis as unknown as PageGlobals).__labTest.colorBox(id, c, t), { id: testId, c: color, t: tol });
}
