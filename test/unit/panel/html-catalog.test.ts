/** The panel HTML's CSP, the catalog sent in init, and the curves request with Compare. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as v from 'valibot';
import { initBackend } from '../../../src/engine/backend';
import { LOSSES } from '../../../src/engine/registry';
import { catalogData } from '../../../src/lab/catalog-data';
import { curvesFor } from '../../../src/lab/curves-request';
import { errorData } from '../../../src/lab/error-data';
import { panelHtml } from '../../../src/panel/html';
import { makeNonce } from '../../../src/panel/nonce';
import { CatalogSchema, parseToWebview, PROTOCOL_VERSION } from '../../../src/shared/protocol';

describe('panel html', () => {
  const html = panelHtml({ cspSource: 'https://x.vscode-cdn.net', nonce: 'abc123+/==', scriptUri: 'https://x/dist/webview.js', styleUris: ['https://x/media/lab.css'] });
  const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)![1];

  it("has a strict CSP: default-src 'none', nonce-only scripts, no unsafe-inline or eval", () => {
    assert.match(csp, /^default-src 'none'; /);
    assert.match(csp, /script-src 'nonce-abc123\+\/=='/);
    assert.match(csp, /img-src https:\/\/x.vscode-cdn.net data:/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  });

  it('loads only the nonce-tagged bundle and the stylesheets, no inline script or handler', () => {
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.match(html, /<script nonce="abc123\+\/==" src="https:\/\/x\/dist\/webview.js"><\/script>/);
    assert.match(html, /<link rel="stylesheet" href="https:\/\/x\/media\/lab.css">/);
    assert.doesNotMatch(html, /\son[a-z]+=/i);
    assert.match(html, /<div id="app"><\/div>/);
  });

  it('nonces are 128-bit base64 from a CSPRNG, unique per load; a non-base64 nonce is refused', () => {
    const a = makeNonce();
    assert.match(a, /^[A-Za-z0-9+/]{22}==$/);
    assert.notEqual(a, makeNonce());
    assert.throws(() => panelHtml({ cspSource: 'x', nonce: "a' 'unsafe-inline", scriptUri: 'y' }));
  });
});

describe('catalog data for init', () => {
  const cat = catalogData();

  it('lists every registry loss once, grouped by family, valid against the protocol schema', () => {
    assert.equal(cat.losses.length, LOSSES.length);
    assert.deepEqual(cat.families.flatMap((f) => f.losses).sort(), LOSSES.map((l) => l.id).sort());
    const r = v.safeParse(CatalogSchema, cat);
    assert.ok(r.success, r.success ? '' : JSON.stringify(r.issues[0].path?.map((p) => p.key)));
  });

  it('is plain JSON (no Infinity: unbounded ranges are null) with finite slider ranges', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(cat)), cat);
    for (const l of cat.losses) {
      for (const p of l.params) {
        if (p.kind === 'number' || p.kind === 'integer') {
          assert.ok(Number.isFinite(p.ui.min) && Number.isFinite(p.ui.max) && p.ui.max > p.ui.min && p.ui.step > 0, `${l.id}.${p.name} slider`);
        }
      }
    }
  });

  it('an init message carrying it passes the webview-side validation (parseToWebview)', () => {
    const init = {
      type: 'init',
      protocolVersion: PROTOCOL_VERSION,
      catalog: cat,
      settings: { defaultFramework: 'pytorch', chartSampleSize: 5000, backend: 'wasm', liveReload: true },
      state: null,
      stateNote: null,
      dataset: null,
      backend: { name: 'wasm', fallbackReason: null },
      codeAvailable: true,
    };
    const r = parseToWebview(init);
    assert.ok(r.ok, r.ok ? '' : r.error.message);
  });

  it('assigns each loss the curve kind of its family variable', () => {
    const kind = (id: string) => cat.losses.find((l) => l.id === id)?.view.kind;
    assert.equal(kind('huber'), 'regression');
    assert.equal(kind('focal'), 'classification');
    assert.equal(kind('sigmoid_focal'), 'binary');
    assert.equal(kind('lambdarank'), 'ranking');
    assert.equal(kind('soft_contrastive'), 'contrastive');
    assert.equal(kind('triplet_mined'), 'triplet');
  });
});

describe('curves request with Compare', () => {
  before(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('overlays pinned settings of the same kind with legend labels, and skips other kinds with the reason', async () => {
    const r = await curvesFor({
      seq: 12,
      loss: 'focal',
      params: { gamma: 2 },
      reduction: 'mean',
      compare: [{ loss: 'focal', params: { gamma: 0.5 } }, { loss: 'cross_entropy', params: {} }, { loss: 'mse', params: {} }, { loss: 'focal', params: { gamma: 1 }, label: 'mine' }],
    });
    assert.equal(r.seq, 12);
    assert.deepEqual(r.series.map((s) => s.label), ['focal', 'focal gamma=0.5', 'cross_entropy', 'mine']);
    assert.deepEqual(r.series.map((s) => s.id), ['current', 'pin-0', 'pin-1', 'pin-3']);
    assert.deepEqual(r.skipped.map((s) => [s.pinIndex, s.loss]), [[2, 'mse']]);
    assert.match(r.skipped[0].reason, /regression/);
    // focal with γ = 0 is cross-entropy: the pinned cross-entropy curve lies above focal γ = 0.5 everywhere.
    const ce = r.series[2].values;
    const f05 = r.series[1].values;
    assert.ok(ce.every((y, k) => (y as number) >= (f05[k] as number) - 1e-6));
  });

  it('an unknown loss or an out-of-range parameter is refused with the reason', async () => {
    await assert.rejects(() => curvesFor({ seq: 1, loss: 'nope', params: {}, reduction: 'mean', compare: [] }), (e: unknown) => errorData(e).code === 'bad_request');
    await assert.rejects(
      () => curvesFor({ seq: 1, loss: 'focal', params: { gamma: -1 }, reduction: 'mean', compare: [] }),
      (e: unknown) => errorData(e).code === 'param_error' && /gamma/.test(errorData(e).message),
    );
  });
});
