/**
 * The Check view (issue #11): the result of "Check against Loss Lab" on the user's own loss — the
 * verdict, a table per probe (reference, yours, relative errors of the value and the gradient),
 * and the ranked diagnoses with their evidence.
 */
import type { CheckViewData } from '../../src/shared/protocol';
import { el, replaceChildren } from '../dom';

const fmt = (x: number | null): string => (x === null ? 'non-finite' : Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(3) : Number(x.toPrecision(6)).toString());
const err = (x: number | null): string => (x === null ? '∞' : x === 0 ? '0' : x.toExponential(1));

/** What the Check view asks of the app: run the checked function along the curves, or cancel that. */
export interface CheckActions {
  showOnCurves(r: CheckViewData): void;
  cancelCurves(): void;
}

export class CheckView {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private readonly curvesButton = el('button', { type: 'button', class: 'secondary small', 'data-testid': 'check-show-curves' }, 'Show on curves');
  private readonly curvesStatus = el('span', { class: 'muted small', role: 'status', 'data-testid': 'check-curves-status' });
  private result: CheckViewData | null = null;
  private running = false;

  constructor(private readonly actions: CheckActions) {
    this.curvesButton.title = 'Runs your function again along the loss\'s curves (a child process, stopped after the check timeout) and draws it over the reference on the Curves view';
    this.curvesButton.addEventListener('click', () => {
      if (this.running) this.actions.cancelCurves();
      else if (this.result) this.actions.showOnCurves(this.result);
    });
    this.body = el('div', { class: 'check-body' },
      el('p', { class: 'muted' }, 'Run "Check against Loss Lab" (the CodeLens above a loss function or class, or the command Loss Lab: Check Loss Implementation) to compare your own implementation with the reference.'));
    this.element = el('section', { class: 'check-view', 'data-testid': 'check-view', 'aria-label': 'Check' }, this.body);
  }

  /** The "Show on curves" run: busy (the button cancels), or done with a note or an error. */
  setCurvesRunning(running: boolean, note = ''): void {
    this.running = running;
    this.curvesButton.textContent = running ? 'Cancel' : 'Show on curves';
    this.curvesStatus.textContent = note;
    this.element.dataset['curvesRunning'] = String(running);
  }

  show(r: CheckViewData): void {
    this.result = r;
    this.setCurvesRunning(false);
    const ok = r.verdict === 'match';
    const params = Object.entries(r.params).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
    // Where each parameter came from: the code's defaults, the panel's setting, or the loss's default.
    const sources = r.paramSources ? el('ul', { class: 'check-param-sources small', 'data-testid': 'check-param-sources' },
      ...Object.entries(r.params).map(([k, v]) => el('li', { 'data-param': k },
        el('code', {}, `${k}=${JSON.stringify(v)}`), ` from ${r.paramSources?.[k] ?? 'the check'}`))) : null;
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
    const actions = el('div', { class: 'check-actions' }, this.curvesButton, ' ', this.curvesStatus);
    replaceChildren(this.body, head, ...(sources && Object.keys(r.params).length ? [sources] : []), actions, diagnoses, table);
  }
}
