/**
 * One chart of y against a numeric x (curves, scatter, sweeps, histograms as bars on a linear
 * axis). Owns its canvas and Chart instance; data and palette can be swapped without recreating
 * it, so a dragged slider redraws in place.
 */
import type { ChartDataset, ChartOptions } from 'chart.js';
import { el } from '../dom';
import type { Palette } from '../theme';
import { baseOptions, Chart, markersPlugin, withAlpha, type Marker } from './chart-kit';

export interface Series {
  readonly label: string;
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  /** Index into the palette's series colours (stable per pin, so colours do not jump). */
  readonly color: number;
  readonly style?: 'line' | 'dashed' | 'points' | 'bars';
}

export interface XYChartOptions {
  readonly testId: string;
  /** Accessible name of the canvas (charts are images to a screen reader; the summary says the numbers). */
  readonly ariaLabel: string;
  readonly xTitle?: string;
  readonly yTitle?: string;
  readonly legend?: boolean;
}

export class XYChart {
  readonly element: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  private chart: Chart | null = null;
  private series: readonly Series[] = [];
  private markers: readonly Marker[] = [];
  private xTitle: string;
  private yTitle: string;

  constructor(private palette: Palette, private readonly opts: XYChartOptions) {
    this.xTitle = opts.xTitle ?? '';
    this.yTitle = opts.yTitle ?? '';
    this.canvas = el('canvas', { 'data-testid': opts.testId, role: 'img', 'aria-label': opts.ariaLabel });
    // Chart.js sizes the canvas from its parent; a fixed-height box keeps layout stable.
    this.element = el('div', { class: 'chart-box' }, this.canvas);
  }

  setData(series: readonly Series[], opts: { xTitle?: string; yTitle?: string; markers?: readonly Marker[] } = {}): void {
    this.series = series;
    if (opts.xTitle !== undefined) this.xTitle = opts.xTitle;
    if (opts.yTitle !== undefined) this.yTitle = opts.yTitle;
    this.markers = opts.markers ?? [];
    this.render();
  }

  setPalette(p: Palette): void {
    this.palette = p;
    this.render();
  }

  /** The colours the chart currently draws its series with (used by tests and the legend). */
  seriesColors(): string[] {
    return this.series.map((s) => this.colorOf(s));
  }

  /**
   * The chart as a PNG data URL on an opaque `background` (the canvas itself is transparent, which
   * makes light-theme text unreadable once the file is opened elsewhere).
   */
  toPng(background: string): string {
    const out = document.createElement('canvas');
    out.width = this.canvas.width;
    out.height = this.canvas.height;
    const g = out.getContext('2d');
    if (!g) return this.canvas.toDataURL('image/png');
    g.fillStyle = background;
    g.fillRect(0, 0, out.width, out.height);
    g.drawImage(this.canvas, 0, 0);
    return out.toDataURL('image/png');
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = null;
  }

  private colorOf(s: Series): string {
    const list = this.palette.series;
    return list[s.color % list.length]!;
  }

  private datasets(): ChartDataset<'line' | 'bar', { x: number; y: number }[]>[] {
    const p = this.palette;
    return this.series.map((s) => {
      const color = this.colorOf(s);
      const points: { x: number; y: number }[] = [];
      const n = Math.min(s.x.length, s.y.length);
      for (let i = 0; i < n; i++) {
        const y = s.y[i]!;
        // Non-finite values (a loss that overflows) become gaps instead of breaking the scale.
        points.push({ x: s.x[i]!, y: Number.isFinite(y) ? y : NaN });
      }
      // `normalized: true` promises Chart.js x-sorted data (it then finds the x range and the
      // visible points by binary search); scatters arrive in row order, so sort them.
      for (let i = 1; i < points.length; i++) {
        if (points[i]!.x < points[i - 1]!.x) {
          points.sort((a, b) => a.x - b.x);
          break;
        }
      }
      if (s.style === 'bars') {
        return {
          type: 'bar' as const,
          label: s.label,
          data: points,
          backgroundColor: withAlpha(color, 0.6),
          borderColor: color,
          borderWidth: 1,
          barPercentage: 1,
          categoryPercentage: 1,
        };
      }
      const pointsOnly = s.style === 'points';
      return {
        type: 'line' as const,
        label: s.label,
        data: points,
        borderColor: color,
        backgroundColor: pointsOnly ? withAlpha(color, 0.7) : color,
        borderWidth: pointsOnly ? 0 : p.lineWidth,
        borderDash: s.style === 'dashed' ? [6, 4] : [],
        showLine: !pointsOnly,
        pointRadius: pointsOnly ? 2.5 : 0,
        pointHoverRadius: 3,
        spanGaps: false,
      };
    });
  }

  private options(): ChartOptions {
    const o = baseOptions(this.palette, this.xTitle, this.yTitle);
    o.plugins!.legend!.display = this.opts.legend ?? this.series.length > 1;
    o.plugins!.labMarkers!.markers = this.markers;
    const x = o.scales!['x'] as { offset?: boolean; bounds?: 'data' | 'ticks' };
    // Bars centred on a linear axis need half a bar of room at both ends.
    if (this.series.some((s) => s.style === 'bars')) x.offset = true;
    // Curves span exactly the range the host chose; scatters and bars get rounded ticks.
    if (this.series.length > 0 && this.series.every((s) => s.style === undefined || s.style === 'line' || s.style === 'dashed')) x.bounds = 'data';
    return o;
  }

  private render(): void {
    if (!this.canvas.isConnected && this.chart === null) {
      // Chart.js measures the parent on creation; wait until the canvas is in the document.
      queueMicrotask(() => { if (this.canvas.isConnected) this.render(); });
      return;
    }
    if (this.chart === null) {
      this.chart = new Chart(this.canvas, {
        type: 'line',
        data: { datasets: this.datasets() as ChartDataset<'line'>[] },
        options: this.options() as ChartOptions<'line'>,
        plugins: [markersPlugin],
      });
      return;
    }
    this.chart.data.datasets = this.datasets() as ChartDataset<'line'>[];
    // Options are rebuilt too: they carry the palette, axis titles and markers.
    this.chart.options = this.options() as ChartOptions<'line'>;
    this.chart.update('none');
  }
}
