// Debian's chromium driven by playwright-core: nothing but loopback is reachable from the page.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export async function launchBrowser(run, { viewport = { width: 1400, height: 900 } } = {}) {
  if (!existsSync(CHROMIUM)) throw new Error(`harness: ${CHROMIUM} is missing: sudo apt-get install -y chromium (or run node scripts/ensure-system.mjs)`);
  const context = await chromium.launchPersistentContext(run.browserProfile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  const blocked = new Set();
  await context.route('**/*', (route) => {
    const url = route.request().url();
    let host = '';
    try {
      host = new URL(url).hostname;
    } catch {
      /* data:, blob: and the like have no host and stay local */
    }
    if (host && host !== '127.0.0.1' && host !== 'localhost' && host !== '[::1]' && !host.endsWith('.localhost')) {
      blocked.add(host);
      return route.abort('blockedbyclient');
    }
    return route.continue();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page, blocked };
}
