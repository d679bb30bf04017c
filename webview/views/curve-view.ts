/**
 * The curve view: the loss and, on its own chart, its gradient against the family's explanatory
 * variable, computed by the host for the current setting and the pinned ones (Compare). Follows
 * the controls live through a LiveChannel, so stale curves are never drawn over newer ones.
 */
import type { CurvesResult, CurveSeries, ErrorData } from '../../src/shared/protocol';
import { XYChart, type Series } from '../charts/xy-chart';
import type { LabContext } from '../context';
import { el } from '../dom';
import { LiveChannel } from '../live-channel';
import { parseResult } from '../../src/shared/results';
import type { Palette } from '../theme';
import { Notice } from './notice';
import { PinList } from './pin-list';

function toSeries(result: CurvesResult, pick: (s: CurveSeries) => readonly (number | null)[]): Series[] {
  const variantsSeen = new Map<string, number>();
  return result.series.map((s) => {
    const key = s.source === 'current' ? 'current' : s.source === 'framework' ? 'framework' : `pin-${s.pinIndex}`;
    const nth = variantsSeen.get(key) ?? 0;
    variantsSeen.set(key, nth + 1);
    const pins = result.series.filter((x) => x.source === 'pinned').length;
    return {
      label: s.label,
      x: s.x,
      // null (not finite on the host) becomes a gap in the line.
      y: pick(s).map((v) => (v === null ? NaN : v)),
      // A framework row (Frameworks view) gets the colour after the pins'.
      color: s.source === 'current' ? 0 : s.source === 'framework' ? pins + 1 : (s.pinIndex ?? 0) + 1,
      // A loss with several curves (target 0/1, similar/dissimilar) draws the later ones dashed;
      // a framework row's curves are always dashed.
      style: nth === 0 && s.source !== 'framework' ? 'line' : 'dashed',
    } satisfies Series;
  });
}

export class CurveView {
  readonly element: HTMLElement;
  private readonly lossChart: XYChart;
  private readonly gradChart: XYChart;
  private readonly notice = new Notice('curve-error');
  private readonly construction = el('p', { class: 'muted small', 'data-testid': 'curve-construction' });
  private readonly skipped = el('ul', { class: 'skipped-pins', 'data-testid': 'curve-skipped' });
  private readonly pins: PinList;
  private readonly channel: LiveChannel<'curves'>;
  private last: CurvesResult | null = null;

  constructor(private readonly ctx: LabContext) {
    const p = ctx.palette();
    this.lossChart = new XYChart(p, { testId: 'curve-loss-chart', ariaLabel: 'Loss curve', yTitle: 'loss' });
    this.gradChart = new XYChart(p, { testId: 'curve-grad-chart', ariaLabel: 'Gradient curve', yTitle: 'gradient' });
    this.pins = new PinList(ctx, () => this.refresh());
    this.channel = new LiveChannel<'curves'>(
      ctx.api,
      {
        show: (r, seq) => this.show(r, seq),
        fail: (e) => this.fail(e),
        busy: (b) => this.element.classList.toggle('busy', b),
      },
      (r) => (r as { seq?: unknown } | null)?.seq,
    );
    const exportBtn = (chart: XYChart, name: string, label: string): HTMLButtonElement => {
      const b = el('button', { type: 'button', class: 'secondary small', 'data-testid': `export-${name}` }, label);
      b.addEventListener('click', () => ctx.exportChart(chart, `${ctx.currentLoss().id}-${name}.png`));
      return b;
    };
    this.element = el(
      'section',
      { class: 'view curve-view', 'data-testid': 'curve-view', 'aria-label': 'Loss and gradient curves' },
      this.notice.element,
      el('div', { class: 'chart-pair' },
        el('figure', { class: 'chart-figure' },
          el('figcaption', {}, el('span', {}, 'Loss'), exportBtn(this.lossChart, 'loss-curve', 'Save PNG')),
          this.lossChart.element),
        el('figure', { class: 'chart-figure' },
          el('figcaption', {}, el('span', {}, 'Gradient'), exportBtn(this.gradChart, 'gradient-curve', 'Save PNG')),
          this.gradChart.element)),
      this.construction,
      this.skipped,
      this.pins.element,
    );
  }

  /** Asks the host for curves of the current setting (called on every control change). */
  refresh(): void {
    const s = this.ctx.store.get();
    const loss = this.ctx.currentLoss();
    this.pins.render();
    this.channel.ask((seq) => ({
      type: 'curves',
      seq,
      loss: loss.id,
      params: this.ctx.store.paramsFor(loss),
      reduction: s.reduction,
      compare: s.pinned,
      ...(this.ctx.overlay() ? { overlay: this.ctx.overlay()! } : {}),
    }));
  }

  setPalette(p: Palette): void {
    this.lossChart.setPalette(p);
    this.gradChart.setPalette(p);
    this.pins.render();
  }

  /** Seq of the curves on screen (-1 before the first), and replies dropped as stale. */
  get shownSeq(): number {
    return this.channel.lastShownSeq;
  }

  private show(raw: unknown, seq: number): void {
    const parsed = parseResult('curves', raw);
    if (!parsed.ok) {
      this.fail({ code: 'internal', message: `the host sent curves in an unexpected shape (${parsed.message}); they were not drawn` });
      return;
    }
    const r = parsed.result;
    this.last = r;
    this.notice.clear();
    const markers = r.markers.map((m) => ({ x: m.x, label: m.label }));
    this.lossChart.setData(toSeries(r, (s) => s.values), { xTitle: r.variable, yTitle: 'loss', markers });
    this.gradChart.setData(toSeries(r, (s) => s.grad), { xTitle: r.variable, yTitle: r.gradientLabel, markers });
    this.construction.textContent = r.construction ?? '';
    this.skipped.replaceChildren(
      ...(r.skipped ?? []).map((k) => el('li', {}, `Pin ${k.pinIndex + 1} (${k.loss}) not drawn: ${k.reason}`)),
    );
    this.element.dataset['shownSeq'] = String(seq);
    this.element.dataset['series'] = String(r.series.length);
    this.element.dataset['overlay'] = r.series.find((x) => x.source === 'framework')?.label ?? '';
  }

  private fail(e: ErrorData): void {
    // Keep the last good curves visible and say why the new ones are missing.
    this.notice.error(e);
    this.ctx.hostRefused(e);
    if (this.last === null) this.construction.textContent = 'No curves yet: see the message above.';
  }
}
