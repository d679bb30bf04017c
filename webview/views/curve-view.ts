/**
 * The curve view: the loss and, on its own chart, its gradient against the family's explanatory
 * variable, computed by the host for the current setting and the pinned ones (Compare). Follows
 * the controls live through a LiveChannel, so stale curves are never drawn over newer ones.
 */
import type { CheckCurvesResult, CurvesResult, CurveSeries, ErrorData } from '../../src/shared/protocol';
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

/**
 * The user's function from the Check view ("Show on curves"), when it goes with these curves: the
 * same loss and the parameters it was computed with (else why not, for the note under the charts).
 */
function checkSeries(result: CurvesResult, check: CheckCurvesResult, pick: (c: CheckCurvesResult['curves'][number]) => readonly (number | null)[]): Series[] | string {
  const current = result.series.find((s) => s.source === 'current');
  if (!current || current.loss !== check.loss) return `${check.symbol} was checked against ${check.loss}: pick ${check.loss} to see it`;
  const differ = Object.entries(check.params).filter(([k, v]) => JSON.stringify(current.params[k]) !== JSON.stringify(v));
  if (differ.length) return `${check.symbol} was drawn with ${differ.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}: set them to see it`;
  const pins = result.series.filter((x) => x.source === 'pinned').length;
  return check.curves.map((c, i) => ({
    label: `${check.symbol} (yours)${c.variant ? ` · ${c.variant}` : ''}`,
    x: c.x,
    y: pick(c).map((v) => (v === null ? NaN : v)),
    // After the pins' and the framework row's colours.
    color: pins + 2,
    style: i === 0 ? 'line' : 'dashed',
  }));
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
  private lastSeq = -1;
  /** The user's function drawn over the reference (Check view, "Show on curves"), or null. */
  private check: CheckCurvesResult | null = null;
  private readonly checkNote = el('p', { class: 'muted small', 'data-testid': 'curve-check-note' });
  /** Hidden behind another tab, the view asks for nothing: it asks once when shown again. */
  private visible = true;
  private dirty = false;

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
      this.checkNote,
      this.skipped,
      this.pins.element,
    );
  }

  /** Shown or hidden by the tabs; shown after a change made while hidden, it asks for the curves. */
  setVisible(v: boolean): void {
    this.visible = v;
    if (v && this.dirty) this.refresh();
  }

  /**
   * Asks the host for curves of the current setting (called on every control change); while the
   * view is hidden only notes that it must (the host's time goes to the view on screen).
   */
  refresh(): void {
    this.pins.render();
    if (!this.visible) {
      this.dirty = true;
      return;
    }
    this.dirty = false;
    const s = this.ctx.store.get();
    const loss = this.ctx.currentLoss();
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

  /** Draws the user's function over the reference from now on (null: no more). */
  setCheck(check: CheckCurvesResult | null): void {
    this.check = check;
    if (this.last) this.draw(this.last, this.lastSeq);
    else this.checkNote.textContent = '';
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
    this.notice.clear();
    this.draw(parsed.result, seq);
  }

  private draw(r: CurvesResult, seq: number): void {
    this.last = r;
    this.lastSeq = seq;
    const markers = r.markers.map((m) => ({ x: m.x, label: m.label }));
    const mine = this.check ? checkSeries(r, this.check, (c) => c.values) : [];
    const mineGrad = this.check && this.check.hasGradient ? checkSeries(r, this.check, (c) => c.grad) : [];
    const extra = typeof mine === 'string' ? [] : mine;
    const extraGrad = typeof mineGrad === 'string' ? [] : mineGrad;
    this.checkNote.textContent = typeof mine === 'string' ? mine
      : this.check ? `${this.check.symbol} (yours, from the Check view) over the reference${this.check.hasGradient ? '' : '; no gradient: your code gave none'}.` : '';
    this.element.dataset['checkSeries'] = String(extra.length);
    this.element.dataset['checkGradSeries'] = String(extraGrad.length);
    this.lossChart.setData([...toSeries(r, (s) => s.values), ...extra], { xTitle: r.variable, yTitle: 'loss', markers });
    this.gradChart.setData([...toSeries(r, (s) => s.grad), ...extraGrad], { xTitle: r.variable, yTitle: r.gradientLabel, markers });
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
