/**
 * The panel's interactions, timed in the page (issue #10 §6): the built webview (dist/webview.js)
 * in headless Chromium under the panel's own HTML and CSP (test/webview/harness.ts), its requests
 * answered in this process by the real lab code on the wasm backend, as the extension host does:
 * `curvesFor` for curves, a `DataSession` streaming the generated CSV for the data view.
 *
 * Each figure runs from the slider's `input` event to the view's `data-shown-seq` (set once its
 * charts are updated) plus the next frame. Baseline, same run and same page: the same interaction
 * answered at once with the previous real reply (seq updated), i.e. the webview's own cost and the
 * page ↔ host bridge, without the host's computation.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { readChunks } from '../src/data/read-chunks';
import { initBackend, tf } from '../src/engine/backend';
import { getLoss } from '../src/engine/registry';
import { curvesFor } from '../src/lab/curves-request';
import { DataSession } from '../src/lab/data-session';
import { errorData } from '../src/lab/error-data';
import type { AnyRequest } from '../src/shared/protocol';
import { Harness, type LabPage } from '../test/webview/harness';
import { poll } from '../test/webview/util';
import type { Answer } from '../test/webview/scripted-host';
import { benchCsv } from './csv-data';
import { median, ms, nLabel, printHeader, printLine, printSkip } from './report';

const LOSS = 'focal';
const SLIDER = 'param-gamma-slider';
/** Slider positions visited in turn (gamma's UI range is 0-5). */
const VALUES = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5];

/** What the host answers: the real computation, or the last real reply again (the baseline). */
type Mode = 'real' | 'canned';

/**
 * Runs in the page: moves the slider, resolves with ms until `view` shows a new seq and a frame
 * passed (`total`), and of it the ms from the arrival of the last reply with a seq to that frame
 * (`render`: the webview's own part, without the request, the host and the test bridge's transport).
 */
const PROBE = `async ({ slider, view, value }) => {
  const s = document.querySelector('[data-testid="' + slider + '"]');
  const v = document.querySelector('[data-testid="' + view + '"]');
  const before = v.dataset.shownSeq;
  let tReply = NaN;
  let tSend = NaN;
  const toHost = window.__labToHost;
  window.__labToHost = (t) => { if (Number.isNaN(tSend)) tSend = performance.now(); return toHost(t); };
  // Capturing at the target runs before the page's own listener (Chromium >= 89).
  const onMessage = (e) => { if (e.data && e.data.type === 'reply' && e.data.ok && e.data.result && typeof e.data.result.seq === 'number') tReply = performance.now(); };
  window.addEventListener('message', onMessage, { capture: true });
  const t0 = performance.now();
  const done = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(view + ' not redrawn in 60 s')), 60000);
    const mo = new MutationObserver(() => {
      if (v.dataset.shownSeq === before) return;
      mo.disconnect();
      clearTimeout(timer);
      requestAnimationFrame(() => setTimeout(resolve, 0));
    });
    mo.observe(v, { attributes: true, attributeFilter: ['data-shown-seq'] });
  });
  s.value = String(value);
  s.dispatchEvent(new Event('input', { bubbles: true }));
  await done;
  window.removeEventListener('message', onMessage, { capture: true });
  window.__labToHost = toHost;
  const t1 = performance.now();
  return { total: t1 - t0, render: t1 - tReply, send: tSend - t0 };
}`;

interface Timing {
  readonly total: number;
  readonly render: number;
  /** From the input event to the request leaving the page. */
  readonly send: number;
}

function timeChange(page: Page, view: string, value: number): Promise<Timing> {
  return page.evaluate(`(${PROBE})(${JSON.stringify({ slider: SLIDER, view, value })})`) as Promise<Timing>;
}

function pct(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
}

interface HostLog {
  /** The file the last evaluateData ran on, and the seq it answered. */
  evaluated: { path: string; seq: number } | null;
  /** Host compute time of each real evaluateData, ms. */
  evalMs: number[];
}

/** The host's part: real curves and data session; `mode.now` switches to replaying the last reply. */
function realHost(lab: LabPage, dataDir: string, mode: { now: Mode }): HostLog {
  const { host } = lab;
  const log: HostLog = { evaluated: null, evalMs: [] };
  let session: DataSession | null = null;
  const last = new Map<string, unknown>();
  const replay = (req: AnyRequest, seq: number): Answer => ({ ok: true, result: { ...(last.get(req.type) as object), seq } });
  const guard = (f: (req: AnyRequest) => Promise<unknown>) => async (req: AnyRequest): Promise<Answer> => {
    try {
      if (mode.now === 'canned' && last.has(req.type) && 'seq' in req && typeof req.seq === 'number') return replay(req, req.seq);
      const result = await f(req);
      last.set(req.type, result);
      return { ok: true, result };
    } catch (e) {
      return { ok: false, error: errorData(e) };
    }
  };
  const spec = (id: string) => getLoss(id)!;
  host.overrides.set('curves', guard(async (req) => curvesFor(req as Extract<AnyRequest, { type: 'curves' }>)));
  host.overrides.set(
    'loadCsv',
    guard(async (req) => {
      const r = req as Extract<AnyRequest, { type: 'loadCsv' }>;
      const file = join(dataDir, r.path);
      session = await DataSession.read(readChunks(file), { path: r.path, folder: null }, { bytesTotal: statSync(file).size });
      return session.info(spec(r.loss));
    }),
  );
  host.overrides.set('evaluateData', guard(async (req) => {
    const r = req as Extract<AnyRequest, { type: 'evaluateData' }>;
    if (!session) throw new Error('no CSV is loaded');
    const t0 = performance.now();
    const result = (await session.evaluate(spec(r.loss), r.params, r.reduction, { seq: r.seq, sampleSize: 5000 })).result;
    log.evalMs.push(performance.now() - t0);
    log.evaluated = { path: session.ref.path, seq: r.seq };
    return result;
  }));
  return log;
}

async function measure(page: Page, view: string, runs: number, mode: { now: Mode }, which: Mode): Promise<Timing[]> {
  mode.now = which;
  const out: Timing[] = [];
  for (let i = 0; i < runs; i++) out.push(await timeChange(page, view, VALUES[i % VALUES.length]));
  return out;
}

export async function interaction(dataRows: readonly number[]): Promise<void> {
  printHeader(`interactions in the built webview (headless Chromium), answered by the real lab code on wasm; baseline: the same page answered at once with the previous reply`);
  let h: Harness;
  try {
    h = await Harness.start();
  } catch (e) {
    return printSkip('interactions', String(e instanceof Error ? e.message : e));
  }
  try {
    await initBackend({ backend: 'wasm' });
    const files = dataRows.map((n) => benchCsv(n));
    const mode = { now: 'real' as Mode };
    const lab = await h.open({ setup: () => undefined });
    const log = realHost(lab, join(files[0], '..'), mode);
    const { page } = lab;
    await page.getByTestId('loss-picker').selectOption(LOSS);
    await timeChange(page, 'curve-view', 2);

    // Slider → both curves redrawn (curve tab).
    await measure(page, 'curve-view', 5, mode, 'real'); // warm-up
    const real = await measure(page, 'curve-view', 40, mode, 'real');
    const base = await measure(page, 'curve-view', 40, mode, 'canned');
    for (const [p, label] of [[0.5, 'p50'], [0.95, 'p95']] as const) {
      const f = pct(real.map((t) => t.total), p);
      const b = pct(base.map((t) => t.total), p);
      const render = pct(real.map((t) => t.render), p);
      printLine({ what: `slider → both curves redrawn, ${label}`, figure: ms(f), baseline: ms(b), ratio: f / b, target: label === 'p95' ? '< 50 ms' : null, pass: f < 50, note: `${real.length} changes, focal gamma; of it the webview from reply to frame ${ms(render)}` });
    }

    // Data view: slider → figures updated, per file size. On wasm, as the extension host: the
    // scripted host answers requests that come before the overrides above (the page's first curves)
    // after starting the cpu backend, which then stayed the process's backend and these figures were
    // the cpu backend's (tfjs cpu kernels were most of a profile of this bench at 1e6 rows).
    await page.getByTestId('tab-data').click();
    await initBackend({ backend: 'wasm' });
    if (tf.getBackend() !== 'wasm') throw new Error(`the data view is timed on the wasm backend, not ${tf.getBackend()}`);
    for (const [k, file] of files.entries()) {
      const rows = dataRows[k];
      mode.now = 'real';
      const name = file.split('/').pop()!;
      lab.host.pickFile = name;
      await page.getByTestId('data-pick').click();
      // Loaded and its first figures on screen.
      await poll(`${name} evaluated and shown`, async () => {
        const e = log.evaluated;
        return e?.path === name && (await page.getByTestId('data-view').getAttribute('data-shown-seq')) === String(e.seq);
      }, 300_000);
      const runs = rows >= 1e6 ? 5 : 10;
      await measure(page, 'data-view', 1, mode, 'real'); // warm-up
      log.evalMs.length = 0;
      const r = await measure(page, 'data-view', runs, mode, 'real');
      const hostMs = median(log.evalMs);
      const b = await measure(page, 'data-view', runs, mode, 'canned');
      const limit = rows >= 1e6 ? 1000 : 150;
      const f = median(r.map((t) => t.total));
      const base = median(b.map((t) => t.total));
      const render = median(r.map((t) => t.render));
      printLine({
        what: `data view: slider → figures updated, ${nLabel(rows)} rows`,
        figure: ms(f),
        baseline: ms(base),
        ratio: f / base,
        target: `< ${ms(limit)}`,
        pass: f < limit,
        note:
          `median of ${runs}, max ${ms(Math.max(...r.map((t) => t.total)))}; of it the page's request out ${ms(median(r.map((t) => t.send)))}, the host's evaluate ${ms(hostMs)}, ` +
          `the webview from reply to frame ${ms(render)}, the rest the test bridge's transport (Playwright/CDP, about 7 MB/s); focal on ${nLabel(rows)} × 11, ${tf.getBackend()} backend`,
      });
    }
    lab.assertClean();
    await lab.close();
  } finally {
    await h.stop();
  }
}
