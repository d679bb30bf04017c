/**
 * Every loss's formula is typeset in the panel from its spec's `tex` (KaTeX to MathML): every
 * registry loss has one, KaTeX parses it strictly, its MathML carries no inline style (the panel's
 * CSP has no 'unsafe-inline'), it names the loss's hyperparameters as `formula` does, and the
 * catalog the webview gets carries it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import katex from 'katex';
import { LOSSES } from '../../../src/engine/registry';
import { catalogData } from '../../../src/lab/catalog-data';

/** How each hyperparameter appears in the TeX (its symbol). */
const SYMBOL: Readonly<Record<string, string>> = {
  beta: '\\beta',
  delta: '\\delta',
  q: 'q',
  weight: 'w_',
  label_smoothing: '\\varepsilon',
  ignore_index: 'ignore\\_index',
  gamma: '\\gamma',
  pos_weight: 'p_w',
  alpha: '\\alpha',
  sigma: '\\sigma',
  k: 'k',
  margin: '\\text{margin}',
  p: '\\rVert_p',
  swap: 'swap',
  mining: 'mined',
  smooth: '\\text{smooth}',
};

/** Where a loss writes a parameter with another symbol than SYMBOL's (multi_margin's p is an exponent). */
const SYMBOL_OF: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  kl_div: { temperature: 'T^2' },
  multi_margin: { p: ')^p' },
};

describe('loss formulas as math', () => {
  for (const spec of LOSSES) {
    it(`${spec.id}: its TeX parses with KaTeX (strict) into MathML without inline styles and names its parameters`, () => {
      assert.ok(spec.tex.trim().length > 0, `${spec.id} has no tex`);
      const mathml = katex.renderToString(spec.tex, { output: 'mathml', displayMode: true, throwOnError: true, strict: 'error', trust: false });
      assert.match(mathml, /<math[\s>]/);
      assert.doesNotMatch(mathml, /\sstyle=/, 'an inline style would be refused by the panel\'s CSP');
      assert.doesNotMatch(mathml, /katex-error/);
      for (const p of spec.params) {
        const sym = SYMBOL_OF[spec.id]?.[p.name] ?? SYMBOL[p.name];
        assert.ok(sym, `${spec.id}.${p.name}: no symbol known for this parameter (add it to SYMBOL)`);
        assert.ok(spec.tex.includes(sym), `${spec.id}: the TeX does not show ${p.name} (${sym})`);
      }
    });
  }

  it('the catalog sent to the webview carries each loss\'s TeX beside its plain formula', () => {
    const c = catalogData();
    for (const spec of LOSSES) {
      const l = c.losses.find((x) => x.id === spec.id)!;
      assert.equal(l.tex, spec.tex);
      assert.equal(l.formula, spec.formula);
    }
  });
});
