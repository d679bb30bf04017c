/**
 * The Check view (issue #11): the result of "Check against Loss Lab" on the user's own loss — the
 * verdict, a table per probe (reference, yours, relative errors of the value and the gradient),
 * and the ranked diagnoses with their evidence.
 */
import type { CheckViewData } from '../../src/shared/protocol';
import { el, replaceChildren } from '../dom';

const fmt = (x: number | null): string => (x === null ? 'non-finite' : Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(3) : Number(x.toPrecision(6)).toString());
const err = (x: number | null): string => (x === null ? '∞' : x === 0 ? '0' : x.toExponential(1));

export class CheckView {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;

  constructor() {
    this.body = el('div', { class: 'check-body' },
      el('p', { class: 'muted' }, 'Run "Check against Loss Lab" (the CodeLens above a loss function or class, or the command Loss Lab: Check Loss Implementation) to compare your own implementation with the reference.'));
    this.element = el('section', { class: 'check-view', 'data-testid': 'check-view', 'aria-label': 'Check' }, this.body);
  }

  show(r: CheckViewData): void {
    const ok = r.verdict === 'match';
    const params = Object.entries(r.params).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
    const head = el('div', { class: `check-verdict ${ok ? 'ok' : 'bad'}`, 'data-testid': 'check-verdict' },
      el('strong', {}, ok ? '✓ match' : '✗ mismatch'),
      ` ${r.symbol} (${r.fileName}:${r.line}, ${r.language}) against ${r.loss}${params ? ` (${params})` : ''}`);
    const diagnoses = ok ? el('p', {}, `Value and gradient agree with the reference on all ${r.probes.length} probes.`)
      : el('ol', { class: 'check-diagnoses', 'data-testid': 'check-diagnoses' },
        ...r.diagnoses.map((d) => el('li', { 'data-testid': `diagnosis-${d.id}` },
          el('code', {}, d.id), d.factor !== undefined ? ` (factor ${d.factor})` : '', ': ', d.message,
          el('div', { class: 'muted small' }, d.evidence))));
    const gradRoles = [...new Set(r.probes.flatMap((p) => Object.keys(p.gradRelErr)))];
    const table = el('table', { class: 'check-table', 'data-testid': 'check-table' },
      el('thead', {}, el('tr', {},
        el('th', {}, 'probe'), el('th', {}, 'reference'), el('th', {}, 'yours'), el('th', {}, 'value rel. err'),
        ...gradRoles.map((g) => el('th', {}, `∂/∂${g} rel. err`)), el('th', {}, ''))),
      el('tbody', {}, ...r.probes.map((p) => el('tr', { class: p.ok ? '' : 'bad', title: p.about },
        el('td', {}, p.name), el('td', {}, fmt(p.reference)), el('td', {}, fmt(p.yours)), el('td', {}, err(p.valueRelErr)),
        ...gradRoles.map((g) => el('td', {}, p.gradRelErr[g] === undefined ? '' : err(p.gradRelErr[g]!))), el('td', {}, p.ok ? '✓' : '✗')))));
    replaceChildren(this.body, head, diagnoses, table);
  }
}
