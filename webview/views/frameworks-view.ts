/**
 * The Frameworks view (issue #15): what each framework's built-in gives for the current loss and
 * settings, on the curve probe or on the loaded CSV, computed by the host's engine with the
 * framework's conventions switched. One row per API: the call, its default reduction, its value
 * on these inputs, how it relates to Loss Lab's value, why, and how the row is known to be right
 * (executed against the real framework in the tests, or transcribed from its source). A row can be
 * drawn over the curve charts as a dashed series.
 */
import type { ErrorData, FrameworkRowData, FrameworksResult } from '../../src/shared/protocol';
import { parseResult } from '../../src/shared/results';
import type { LabContext } from '../context';
import { el, uid } from '../dom';
import { LiveChannel } from '../live-channel';
import { Notice } from './notice';

function fmt(v: number | null): string {
  if (v === null) return '—';
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-4 || a >= 1e6) ? v.toExponential(4) : String(Number(v.toPrecision(6)));
}

function relationText(r: FrameworkRowData): string {
  return r.relation === 'factor' ? `×${Number(r.factor!.toPrecision(6))}` : r.relation;
}

export interface FrameworksHooks {
  /** The API whose curves are overlaid (null: none). */
  overlay(): string | null;
  setOverlay(api: string | null): void;
  /** Whether a CSV is loaded (the data option is offered then). */
  hasData(): boolean;
}

export class FrameworksView {
  readonly element: HTMLElement;
  private readonly on: HTMLSelectElement;
  private readonly summary = el('p', { class: 'small', 'data-testid': 'frameworks-summary' });
  private readonly body = el('tbody', { 'data-testid': 'frameworks-rows' });
  private readonly notice = new Notice('frameworks-error');
  private readonly channel: LiveChannel<'frameworks'>;
  private visible = false;
  private last: FrameworksResult | null = null;

  constructor(private readonly ctx: LabContext, private readonly hooks: FrameworksHooks) {
    const onId = uid('frameworks-on');
    this.on = el('select', { id: onId, 'data-testid': 'frameworks-on' });
    this.on.append(el('option', { value: 'probe' }, 'the curve probe'), el('option', { value: 'data' }, 'the loaded CSV'));
    this.on.addEventListener('change', () => this.refresh());
    this.channel = new LiveChannel<'frameworks'>(
      ctx.api,
      { show: (r) => this.show(r), fail: (e) => this.fail(e), busy: (b) => this.element.classList.toggle('busy', b) },
      (r) => (r as { seq?: unknown } | null)?.seq,
    );
    const head = el('tr', {}, ...['Built-in, call and why', 'Value · vs Loss Lab · default reduction', 'Verified · curve'].map((h) => el('th', { scope: 'col' }, h)));
    this.element = el(
      'section',
      { class: 'view frameworks-view', 'data-testid': 'frameworks-view', 'aria-label': 'What each framework\'s built-in gives' },
      el('div', { class: 'row' }, el('label', { for: onId }, 'Computed on '), this.on),
      this.notice.element,
      this.summary,
      el('div', { class: 'table-wrap' }, el('table', { class: 'frameworks-table' }, el('thead', {}, head), this.body)),
      el('p', { class: 'muted small' },
        'Each value is Loss Lab\'s engine with the framework\'s conventions switched (denominator, factor, defaults, label meaning, clipping), on the same inputs. ' +
        'executed: the call runs against the real framework on every golden case in the tests; transcribed: written from the cited source, checked on a hand-worked example.'),
    );
  }

  setVisible(v: boolean): void {
    this.visible = v;
    if (v) this.refresh();
  }

  /** Asks again (controls changed, the file changed) when shown. */
  refresh(): void {
    if (!this.visible) return;
    const loss = this.ctx.currentLoss();
    const dataOption = this.on.querySelector('option[value="data"]') as HTMLOptionElement;
    dataOption.disabled = !this.hooks.hasData();
    if (dataOption.disabled && this.on.value === 'data') this.on.value = 'probe';
    this.channel.ask((seq) => ({ type: 'frameworks', seq, loss: loss.id, params: this.ctx.store.paramsFor(loss), on: this.on.value as 'probe' | 'data' }));
  }

  private show(raw: unknown): void {
    const parsed = parseResult('frameworks', raw);
    if (!parsed.ok) {
      this.fail({ code: 'internal', message: `the host sent framework rows in an unexpected shape (${parsed.message})` });
      return;
    }
    const r = parsed.result;
    this.last = r;
    this.notice.clear();
    const where = r.inputs.kind === 'probe' ? `the curve probe (${r.inputs.text}; ${r.inputs.rows} rows)` : `${r.inputs.text} (${r.inputs.rows} rows)`;
    this.summary.textContent = `Loss Lab's ${r.loss}: ${fmt(r.value)}, on ${where}.`;
    if (!r.rows.length) {
      this.body.replaceChildren(el('tr', {}, el('td', { colspan: '3' }, `${r.loss} has no framework rows yet.`)));
      return;
    }
    const overlay = this.hooks.overlay();
    this.body.replaceChildren(...r.rows.map((row) => this.rowElement(row, r.inputs.kind === 'probe' && row.overlay, overlay === row.api)));
    this.element.dataset['rows'] = String(r.rows.length);
    this.element.dataset['on'] = r.inputs.kind;
  }

  private rowElement(row: FrameworkRowData, canOverlay: boolean, overlaid: boolean): HTMLElement {
    const src = row.source;
    const verified = el('span', { class: `badge verified-${row.verified}`, title: `${src.repo} ${src.commit !== '-' ? `@ ${src.commit.slice(0, 12)} ` : ''}${src.file}: ${src.function}` }, row.verified);
    let curve: HTMLElement = el('span', { class: 'muted small' }, row.relation === 'unsupported' ? '' : 'on the probe');
    if (canOverlay) {
      const box = el('input', { type: 'checkbox', 'aria-label': `Draw ${row.api} on the curves`, 'data-testid': 'frameworks-overlay' }) as HTMLInputElement;
      box.checked = overlaid;
      box.addEventListener('change', () => {
        this.hooks.setOverlay(box.checked ? row.api : null);
        if (this.last) this.show(this.last);
      });
      curve = box;
    }
    // Three columns, so that the table fits the middle pane beside the code.
    return el(
      'tr',
      { 'data-testid': 'frameworks-row', 'data-relation': row.relation, 'data-api': row.api },
      el('td', {},
        el('div', {}, el('span', { class: 'muted small' }, `${row.framework} `), el('strong', {}, row.api)),
        el('code', { class: 'small call' }, row.call),
        el('div', { class: 'small reason' }, row.reason)),
      el('td', { class: 'num' },
        el('div', { 'data-testid': 'frameworks-value' }, fmt(row.value)),
        el('div', { class: `relation relation-${row.relation}` }, relationText(row)),
        el('div', { class: 'muted small', 'data-testid': 'frameworks-reduction' }, row.reduction)),
      el('td', {}, verified, el('div', {}, curve)),
    );
  }

  private fail(e: ErrorData): void {
    this.notice.error(e);
    this.ctx.hostRefused(e);
  }
}
