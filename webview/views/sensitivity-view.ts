/**
 * Sensitivity: the loss on the loaded data as one hyperparameter sweeps its range (the catalog
 * marks which ones: gamma, beta, delta, margin, sigma). Runs on demand, then follows the controls
 * while shown; the current value is marked on the chart.
 */
import type { CatalogLoss, ErrorData, SweepResult } from '../../src/shared/protocol';
import { XYChart } from '../charts/xy-chart';
import type { LabContext } from '../context';
import { el, fmt, uid } from '../dom';
import { LiveChannel } from '../live-channel';
import { parseResult } from '../../src/shared/results';
import type { Palette } from '../theme';
import { Notice } from './notice';

export class SensitivityView {
  readonly element: HTMLElement;
  private readonly chart: XYChart;
  private readonly select: HTMLSelectElement;
  private readonly run: HTMLButtonElement;
  private readonly notice = new Notice('sweep-error');
  private readonly hint = el('p', { class: 'muted small', 'data-testid': 'sweep-hint' });
  private readonly channel: LiveChannel<'sweep'>;
  private active = false;

  constructor(private readonly ctx: LabContext) {
    this.chart = new XYChart(ctx.palette(), { testId: 'sweep-chart', ariaLabel: 'Loss on the data against a swept hyperparameter', yTitle: 'loss on data' });
    const id = uid('sweep-param');
    this.select = el('select', { id, 'data-testid': 'sweep-param' });
    this.run = el('button', { type: 'button', class: 'secondary', 'data-testid': 'sweep-run' }, 'Sweep');
    this.run.addEventListener('click', () => {
      this.active = true;
      this.refresh();
    });
    this.select.addEventListener('change', () => {
      ctx.store.update({ sweepParam: this.select.value });
      this.describe();
      if (this.active) this.refresh();
    });
    this.channel = new LiveChannel<'sweep'>(ctx.api, {
      show: (r) => this.show(r),
      fail: (e) => this.fail(e),
      busy: (b) => this.element.classList.toggle('busy', b),
    }, (r) => (r as { seq?: unknown } | null)?.seq, 1);
    this.element = el(
      'section',
      { class: 'sensitivity', 'data-testid': 'sensitivity', 'aria-label': 'Sensitivity' },
      el('div', { class: 'section-head' },
        el('h3', { class: 'section-title' }, 'Sensitivity'),
        el('label', { for: id }, 'sweep'),
        this.select,
        this.run),
      this.hint,
      this.notice.element,
      this.chart.element,
    );
    this.element.hidden = true;
    this.chart.element.hidden = true;
  }

  /** Offers the loss's sweepable parameters; hides the section when it has none. */
  setLoss(loss: CatalogLoss): void {
    const sweepable = loss.params.filter((p) => (p.kind === 'number' || p.kind === 'integer') && p.sweep);
    this.select.replaceChildren(...sweepable.map((p) => el('option', { value: p.name }, p.name)));
    const saved = this.ctx.store.get().sweepParam;
    if (saved && sweepable.some((p) => p.name === saved)) this.select.value = saved;
    this.element.hidden = sweepable.length === 0;
    this.active = false;
    this.channel.reset();
    this.chart.setData([]);
    // No empty axes before a sweep ran: a hint says what the button does.
    this.chart.element.hidden = true;
    this.notice.clear();
    this.describe();
  }

  private describe(): void {
    const p = this.select.value;
    this.hint.textContent = p ? `Press Sweep to see the loss on this file as ${p} varies over its range, the other settings fixed.` : '';
    this.hint.hidden = this.active;
  }

  setPalette(p: Palette): void {
    this.chart.setPalette(p);
  }

  /** Re-runs the sweep if one is shown (controls or data changed). */
  refresh(): void {
    if (!this.active || this.element.hidden || this.select.value === '') return;
    const loss = this.ctx.currentLoss();
    const s = this.ctx.store.get();
    this.channel.ask((seq) => ({
      type: 'sweep',
      seq,
      loss: loss.id,
      params: this.ctx.store.paramsFor(loss),
      reduction: s.reduction,
      param: this.select.value,
    }));
  }

  private show(raw: unknown): void {
    const parsed = parseResult('sweep', raw);
    if (!parsed.ok) {
      this.fail({ code: 'internal', message: `the host sent a sweep in an unexpected shape (${parsed.message})` });
      return;
    }
    const sweep: SweepResult = parsed.result;
    this.notice.clear();
    this.hint.hidden = true;
    this.chart.element.hidden = false;
    this.chart.setData(
      [{ label: `loss vs ${sweep.param}`, x: sweep.x, y: sweep.value.map((v) => (v === null ? NaN : v)), color: 0 }],
      { xTitle: sweep.param, yTitle: `${sweep.reduction} loss on data`, markers: sweep.current === null ? [] : [{ x: sweep.current, label: `current ${fmt(sweep.current)}` }] },
    );
  }

  private fail(e: ErrorData): void {
    this.notice.error(e);
    this.ctx.hostRefused(e);
  }
}
