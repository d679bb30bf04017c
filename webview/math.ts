/**
 * Formulas as math: KaTeX typesets a loss's TeX (from the catalog) to native MathML, which
 * Chromium renders with no fonts and no stylesheet. `katex.render` builds DOM nodes (no markup
 * strings, no inline styles, no eval), so it runs under the panel's strict CSP; `trust: false`
 * refuses \href, \includegraphics and the like in TeX from the host. A formula KaTeX cannot parse
 * falls back to its plain-text form, never to an error box.
 *
 * KaTeX writes a `style` attribute (which the CSP refuses) in exactly three places; none is
 * reachable here: its error box (only with throwOnError false), and \pmb and \fcolorbox, which
 * NO_STYLE_MACROS redefines (test/webview/bundle.test.ts counts those sites).
 */
import katex from 'katex';

/** \pmb and \fcolorbox as KaTeX draws them without a style attribute. */
export const NO_STYLE_MACROS: Readonly<Record<string, string>> = {
  '\\pmb': '\\boldsymbol{#1}',
  '\\fcolorbox': '\\vphantom{#1#2}\\boxed{#3}',
};

/** Typesets `tex` into `target` (replacing its children); returns false and shows `fallback` as text when it cannot. */
export function renderMath(target: HTMLElement, tex: string | undefined, fallback: string): boolean {
  if (tex) {
    try {
      katex.render(tex, target, {
        output: 'mathml',
        displayMode: true,
        throwOnError: true,
        strict: 'ignore',
        trust: false,
        maxSize: 10,
        maxExpand: 200,
        // KaTeX adds to a macros object it is given: a copy each time.
        macros: { ...NO_STYLE_MACROS },
      });
      return true;
    } catch {
      // fall through to the text form
    }
  }
  target.textContent = fallback;
  return false;
}
