/**
 * Static checks on the built dist/webview.js, the file the panel ships: nothing in it (our code or
 * Chart.js or valibot) evaluates strings as code or writes markup, which the panel's CSP and the
 * "host strings are text" rule depend on. The Chromium tests check behaviour; this checks that no
 * such path exists at all, e.g. behind a branch the tests do not reach.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';

const bundle = readFileSync(resolve(__dirname, '../../dist/webview.js'), 'utf8');

test('the webview bundle contains no eval, Function constructor or markup writers', () => {
  for (const [what, re] of [
    ['eval', /\beval\s*\(/],
    ['new Function', /new\s+Function\s*\(/],
    ['Function(...) string code', /\bFunction\s*\(\s*["'`]/],
    ['innerHTML', /\binnerHTML\b/],
    ['outerHTML', /\bouterHTML\b/],
    ['insertAdjacentHTML', /insertAdjacentHTML/],
    ['document.write', /document\.write/],
    ['string timers', /set(Timeout|Interval)\(\s*["'`]/],
  ] as const) {
    assert.doesNotMatch(bundle, re, `${what} found in dist/webview.js`);
  }
});

test('the webview bundle sets inline style attributes only where KaTeX does, on paths webview/math.ts closes', () => {
  // KaTeX's three: \pmb (text-shadow) and \fcolorbox (border), redefined by NO_STYLE_MACROS, and
  // its error box (color), drawn only with throwOnError false (math.ts sets true).
  const sites = [...bundle.matchAll(/setAttribute\(\s*["'`]style["'`]\s*,\s*["'`]([a-z-]+)/g)].map((m) => m[1]);
  assert.deepEqual(sites.sort(), ['border', 'color', 'text-shadow']);
});

test('the webview bundle loads nothing remote (URLs only in license comments and XML namespace names)', () => {
  // KaTeX creates MathML and SVG elements by namespace (createElementNS): names, not addresses.
  const NAMESPACES = ['http://www.w3.org/1998/Math/MathML', 'http://www.w3.org/2000/svg'];
  let code = bundle.replace(/\/\*[\s\S]*?\*\//g, '');
  for (const ns of NAMESPACES) code = code.split(`"${ns}"`).join('""');
  assert.doesNotMatch(code, /https?:\/\/[a-z0-9.-]+\.[a-z]{2,}/i);
});
