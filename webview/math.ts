/**
 * Formulas as math: KaTeX typesets a loss's TeX (from the catalog) to native MathML, which
 * Chromium renders with no fonts and no stylesheet. `katex.render` builds DOM nodes (no markup
 * strings, no inline styles, no eval), so it runs under the panel's strict CSP; `trust: false`
 * refuses \href, \includegraphics and the like in TeX from the host. A formula KaTeX cannot parse
 * falls back to its plain-text form, never to an error box.
 */
import katex from 'katex';

/** Typesets `tex` into `target` (replacing its children); returns false and shows `fallback` as text when it cannot. */
export function renderMath(target: HTMLElement, tex: string | undefined, fallback: string): boolean {
  if (tex) {
    try {
      katex.render(tex, target, { output: 'mathml', displayMode: true, throwOnError: true, strict: 'ignore', trust: false, maxSize: 10, maxExpand: 200 });
      return true;
    } catch {
      // fall through to the text form
    }
  }
  target.textContent = fallback;
  return false;
}
