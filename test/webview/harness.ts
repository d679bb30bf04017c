/**
 * Runs the built webview (dist/webview.js + media/lab.css) in Debian's headless Chromium, in the
 * page the panel ships: the markup and CSP come from the host's own `panelHtml` (src/panel/html.ts)
 * with a fresh nonce, served over http on 127.0.0.1 (the server's origin plays `cspSource`). The
 * only additions are two nonce'd scripts before the bundle that play VS Code: a fake
 * `acquireVsCodeApi` wired to the ScriptedHost in this process, and the theme (body class and
 * `--vscode-*` variables on <html>, as VS Code sets them).
 *
 * Every page fails its test on a CSP violation, a console error, an uncaught page error, a request
 * leaving loopback, or a message the webview posts that the protocol refuses.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { after, before } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { panelHtml } from '../../src/panel/html';
import { makeNonce } from '../../src/panel/nonce';
import { ScriptedHost } from './scripted-host';
import { THEMES, type ThemeName } from './themes';

const ROOT = resolve(__dirname, '../..');
export const SHOTS = join(ROOT, 'test-results', 'webview');
const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** What the page offers the tests (window.postMessage and the probes in page/fake-vscode.js). */
export interface PageGlobals {
  postMessage(message: unknown, targetOrigin: string): void;
  /** Posts the host's message, given as JSON text, to the window (fake-vscode.js). */
  __labDeliver(text: string): void;
  __labTest: {
    setTheme(bodyClass: string, vars: Readonly<Record<string, string>>): void;
    pixelStats(testId: string, colors: readonly string[], tol?: number): { painted: number; counts: number[]; width: number; height: number } | null;
    canvasHash(testId: string): number | null;
    colorBox(testId: string, color: string, tol: number): { left: number; right: number; top: number; bottom: number; width: number; height: number } | null;
  };
}

interface Session {
  theme: ThemeName;
  state: unknown;
}

export interface OpenOptions {
  readonly theme?: ThemeName;
  /** What the fake VS Code API's getState() returns (a persisted state, as after a reload). */
  readonly state?: unknown;
  readonly viewport?: { width: number; height: number };
  /** Set up the host before the page loads (hold types, overrides, initial dataset). */
  readonly setup?: (host: ScriptedHost) => void;
  /** Do not wait for the panel to render (tests of what happens before/without init). */
  readonly noWait?: boolean;
  /** Runs on the page before it loads (e.g. `page.clock.install()` to move time on by hand). */
  readonly beforeLoad?: (page: Page) => Promise<void>;
}

export interface LabPage {
  readonly page: Page;
  readonly host: ScriptedHost;
  /** CSP violations, console errors, page errors and blocked requests seen so far. */
  readonly problems: string[];
  /** Problems seen that a test declared as expected (e.g. the log of a refused message). */
  readonly allowedConsole: RegExp[];
  screenshot(name: string): Promise<string>;
  /** Applies a theme the way VS Code switches it: body class and variables on <html>. */
  setTheme(name: ThemeName): Promise<void>;
  /** Reloads the page as "Reload Window" would: VS Code hands back the last persisted state. */
  reload(): Promise<void>;
  /** Throws if anything in `problems` was seen (call at the end of every test). */
  assertClean(): void;
  close(): Promise<void>;
}

export class Harness {
  private server!: Server;
  private context!: BrowserContext;
  private profile!: string;
  private origin = '';
  private readonly sessions = new Map<string, Session>();
  private counter = 0;

  static async start(): Promise<Harness> {
    const bundle = join(ROOT, 'dist', 'webview.js');
    if (!existsSync(bundle)) throw new Error('dist/webview.js is missing: run `npm run build` first');
    const h = new Harness();
    await h.listen();
    h.profile = mkdtempSync(join(tmpdir(), 'loss-lab-webview-'));
    h.context = await chromium.launchPersistentContext(h.profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1400, height: 900 },
      deviceScaleFactor: 1,
    });
    mkdirSync(SHOTS, { recursive: true });
    return h;
  }

  async open(opts: OpenOptions = {}): Promise<LabPage> {
    const id = `s${++this.counter}`;
    const session: Session = { theme: opts.theme ?? 'dark', state: opts.state };
    this.sessions.set(id, session);
    const host = new ScriptedHost();
    opts.setup?.(host);
    const problems: string[] = [];
    const allowedConsole: RegExp[] = [];
    const page = await this.context.newPage();
    if (opts.viewport) await page.setViewportSize(opts.viewport);

    await page.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
      if (url.hostname !== '127.0.0.1') {
        problems.push(`request left loopback: ${url.href}`);
        return route.abort('blockedbyclient');
      }
      return route.continue();
    });
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      const text = m.text();
      if (allowedConsole.some((r) => r.test(text))) return;
      problems.push(`console error: ${text}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.exposeFunction('__labToHost', (text: string) => {
      void host.receive(JSON.parse(text));
    });
    await page.exposeFunction('__labSetState', (s: unknown) => {
      session.state = s;
      host.recordState(s);
    });
    await page.exposeFunction('__labCsp', (v: string) => problems.push(`CSP violation: ${v}`));
    // Runs before any page script and outside the page's CSP (Playwright injects it), so it sees
    // violations from the very first <link>.
    await page.addInitScript({
      content:
        "document.addEventListener('securitypolicyviolation', function (e) {" +
        " window.__labCsp(e.violatedDirective + ' blocked ' + (e.blockedURI || '(inline)') + ' ' + (e.sample || '')); });",
    });
    host.connect(async (msg) => {
      if (page.isClosed()) return;
      // As JSON text, as VS Code carries it: Playwright's own argument encoding wraps every value
      // and took over 100 ms for one data-view reply (5000 samples), which the bench counted.
      const text = JSON.stringify(msg);
      await page.evaluate((t) => (globalThis as unknown as PageGlobals).__labDeliver(t), text).catch((e: unknown) => {
        if (!page.isClosed()) problems.push(`could not post to the page: ${String(e)}`);
      });
    });

    const url = `${this.origin}/panel?session=${id}`;
    await opts.beforeLoad?.(page);
    await page.goto(url);
    if (!opts.noWait) await page.getByTestId('loss-lab').waitFor({ timeout: 15_000 });

    const lab: LabPage = {
      page,
      host,
      problems,
      allowedConsole,
      screenshot: async (name) => {
        const file = join(SHOTS, `${name}.png`);
        await page.screenshot({ path: file, fullPage: true });
        return file;
      },
      setTheme: async (name) => {
        const t = THEMES[name];
        session.theme = name;
        await page.evaluate(({ cls, vars }) => (globalThis as unknown as PageGlobals).__labTest.setTheme(cls, vars), { cls: t.bodyClass, vars: t.vars });
      },
      reload: async () => {
        host.received.length = 0;
        await page.reload();
        await page.getByTestId('loss-lab').waitFor({ timeout: 15_000 });
      },
      assertClean: () => {
        const bad = [...problems, ...host.invalid.map((m) => `webview sent an invalid message: ${m}`)];
        if (bad.length) throw new Error(`page problems:\n  ${bad.join('\n  ')}`);
      },
      close: async () => {
        await page.close();
        this.sessions.delete(id);
      },
    };
    return lab;
  }

  async stop(): Promise<void> {
    await this.context?.close().catch(() => {});
    await new Promise<void>((r) => this.server?.close(() => r()));
    if (this.profile) rmSync(this.profile, { recursive: true, force: true });
  }

  private listen(): Promise<void> {
    this.server = createServer((req, res) => this.serve(req, res));
    return new Promise((resolveListen) => {
      this.server.listen(0, '127.0.0.1', () => {
        this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
        resolveListen();
      });
    });
  }

  private serve(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.origin);
    const session = this.sessions.get(url.searchParams.get('session') ?? '');
    const send = (type: string, body: string | Buffer): void => {
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    try {
      switch (url.pathname) {
        case '/panel': {
          if (!session) break;
          const nonce = makeNonce();
          const sid = url.searchParams.get('session')!;
          const html = panelHtml({
            cspSource: this.origin,
            nonce,
            scriptUri: `${this.origin}/dist/webview.js`,
            styleUri: `${this.origin}/media/lab.css`,
          });
          // VS Code's part runs before the bundle, with the same nonce (as VS Code's own script does).
          const fake =
            `<script nonce="${nonce}" src="${this.origin}/test/boot.js?session=${sid}"></script>\n` +
            `<script nonce="${nonce}" src="${this.origin}/test/fake-vscode.js"></script>\n`;
          const i = html.indexOf(`<script nonce="${nonce}"`);
          if (i < 0) throw new Error('panelHtml has no nonce script tag');
          return send('text/html; charset=utf-8', html.slice(0, i) + fake + html.slice(i));
        }
        case '/test/boot.js':
          if (!session) break;
          return send('text/javascript', `window.__LAB_BOOT__ = ${JSON.stringify({ state: session.state, themeClass: THEMES[session.theme].bodyClass, vars: THEMES[session.theme].vars })};\n`);
        case '/test/fake-vscode.js':
          return send('text/javascript', readFileSync(join(__dirname, 'page', 'fake-vscode.js')));
        case '/dist/webview.js':
          return send('text/javascript', readFileSync(join(ROOT, 'dist', 'webview.js')));
        case '/media/lab.css':
          return send('text/css', readFileSync(join(ROOT, 'media', 'lab.css')));
      }
      res.writeHead(404).end();
    } catch (e) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(e));
    }
  }
}

/**
 * The set-up most webview test files share: one harness and one open lab for the whole file (opened
 * before its first test, closed after its last), handed to `set` once open.
 */
export function useLab(set: (lab: LabPage) => void): void {
  let h: Harness | undefined;
  let lab: LabPage | undefined;
  before(async () => {
    h = await Harness.start();
    lab = await h.open();
    set(lab);
  });
  after(async () => {
    await lab?.close();
    await h?.stop();
  });
}
