/**
 * Chart.js, registered piecemeal (tree-shaken: only what the panel draws) and themed from the
 * VS Code palette. Chart.js 4 only touches `canvas.style` through the CSSOM (display, box-sizing,
 * size), which a CSP without 'unsafe-inline' allows; the Chromium tests fail on any CSP violation,
 * which is how this is checked rather than assumed.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Tooltip,
  type ChartOptions,
  type ChartType,
  type Plugin,
} from 'chart.js';
import type { Palette } from '../theme';

Chart.register(LineController, ScatterController, BarController, LineElement, PointElement, BarElement,
  LinearScale, CategoryScale, Legend, Tooltip);

export { Chart };

/** A vertical reference line, e.g. the contrastive margin, with a short label. */
export interface Marker {
  readonly x: number;
  readonly label: string;
}

export interface MarkerOptions {
  markers: readonly Marker[];
  color: string;
  font: string;
}

declare module 'chart.js' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface PluginOptionsByType<TType extends ChartType> {
    labMarkers: MarkerOptions;
  }
}

/** Draws `options.plugins.labMarkers.markers` as dashed vertical lines (no annotation plugin needed). */
export const markersPlugin: Plugin = {
  id: 'labMarkers',
  afterDatasetsDraw(chart) {
    const opts = (chart.options.plugins as { labMarkers?: MarkerOptions }).labMarkers;
    const xScale = chart.scales['x'];
    if (!opts || !xScale) return;
    const { ctx, chartArea } = chart;
    for (const m of opts.markers) {
      if (!Number.isFinite(m.x) || m.x < xScale.min || m.x > xScale.max) continue;
      const px = xScale.getPixelForValue(m.x);
      ctx.save();
      ctx.strokeStyle = opts.color;
      ctx.fillStyle = opts.color;
      ctx.lineWidth = 1.5;
      ctx.setLineDash([5, 4]);
      ctx.beginPath();
      ctx.moveTo(px, chartArea.top);
      ctx.lineTo(px, chartArea.bottom);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.font = opts.font;
      ctx.textAlign = px > chartArea.right - 60 ? 'right' : 'left';
      ctx.fillText(m.label, px + (ctx.textAlign === 'right' ? -4 : 4), chartArea.top + 12);
      ctx.restore();
    }
  },
};

/** Options shared by every panel chart: no animation (charts follow a dragged slider), themed. */
export function baseOptions(p: Palette, xTitle: string, yTitle: string): ChartOptions {
  const font = { family: p.fontFamily, size: p.fontSize - 1 };
  const axis = (title: string) => ({
    type: 'linear' as const,
    title: { display: title !== '', text: title, color: p.foreground, font },
    ticks: { color: p.muted, font, maxTicksLimit: 8 },
    grid: { color: p.grid },
    border: { color: p.grid },
  });
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    parsing: false,
    normalized: true,
    interaction: { mode: 'nearest', intersect: false, axis: 'x' },
    scales: { x: axis(xTitle), y: axis(yTitle) },
    color: p.foreground,
    font,
    plugins: {
      legend: { labels: { color: p.foreground, font, boxWidth: 14, boxHeight: 2 } },
      tooltip: {
        backgroundColor: p.background,
        titleColor: p.foreground,
        bodyColor: p.foreground,
        borderColor: p.grid,
        borderWidth: 1,
        titleFont: font,
        bodyFont: font,
      },
      labMarkers: { markers: [], color: p.marker, font: `${font.size}px ${p.fontFamily}` },
    },
  };
}

/** Canvas colour strings with alpha, for fills (`#rrggbb` and `rgb()` are what themes give). */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})([0-9a-f]{2})?$/i.exec(color.trim());
  if (hex) {
    let h = hex[1]!;
    if (h.length === 3) h = h.split('').map((c) => c + c).join('');
    const n = parseInt(h, 16);
    return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
  }
  const rgb = /^rgba?\(([^,]+),([^,]+),([^,)]+)/i.exec(color.trim());
  if (rgb) return `rgba(${rgb[1]!.trim()}, ${rgb[2]!.trim()}, ${rgb[3]!.trim()}, ${alpha})`;
  return color;
}
