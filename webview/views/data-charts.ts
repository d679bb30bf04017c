/**
 * The data view's three charts: the histogram of per-sample losses, the per-unit loss against the
 * family's variable (titled with the variable's name, decimated points), and the per-row gradient
 * magnitudes (titled and explained as what they are: each row's own loss's gradient, or the
 * gradient of the summed pair/query/triplet losses). The titles come from the host's result.
 */
import type { DataResult, Histogram } from '../../src/shared/protocol';
import { XYChart } from '../charts/xy-chart';
import type { LabContext } from '../context';
import { el, fmt } from '../dom';
import type { Palette } from '../theme';

const centers = (h: Histogram): number[] => h.edges.slice(0, -1).map((e, i) => (e + h.edges[i + 1]!) / 2);

export class DataCharts {
  readonly element: HTMLElement;
  private readonly hist: XYChart;
  private readonly scatter: XYChart;
  private readonly grad: XYChart;
  private readonly scatterTitle = el('span', { 'data-testid': 'data-scatter-title' }, 'Per-sample loss against the variable');
  private readonly gradTitle = el('span', { 'data-testid': 'data-gradient-title' }, 'Per-row gradient magnitudes');
  private readonly gradNote = el('p', { class: 'muted small', 'data-testid': 'gradient-figures' });

  constructor(ctx: LabContext) {
    const p = ctx.palette();
    this.hist = new XYChart(p, { testId: 'data-histogram', ariaLabel: 'Histogram of per-sample losses', xTitle: 'per-sample loss', yTitle: 'count' });
    this.scatter = new XYChart(p, { testId: 'data-scatter', ariaLabel: 'Per-sample loss against the loss family\'s variable', yTitle: 'loss' });
    this.grad = new XYChart(p, { testId: 'data-gradient', ariaLabel: 'Histogram of per-row gradient magnitudes', xTitle: '‖∂l_i/∂input_i‖', yTitle: 'rows' });
    const exportBtn = (chart: XYChart, name: string): HTMLButtonElement => {
      const b = el('button', { type: 'button', class: 'secondary small', 'data-testid': `export-${name}` }, 'Save PNG');
      b.addEventListener('click', () => ctx.exportChart(chart, `${ctx.currentLoss().id}-${name}.png`));
      return b;
    };
    const figure = (title: HTMLElement, chart: XYChart, name: string, ...extra: HTMLElement[]): HTMLElement =>
      el('figure', { class: 'chart-figure' }, el('figcaption', {}, title, exportBtn(chart, name)), chart.element, ...extra);
    this.element = el('div', { class: 'chart-grid' },
      figure(el('span', {}, 'Per-sample loss'), this.hist, 'histogram'),
      figure(this.scatterTitle, this.scatter, 'scatter'),
      figure(this.gradTitle, this.grad, 'gradient', this.gradNote));
  }

  setPalette(p: Palette): void {
    this.hist.setPalette(p);
    this.scatter.setPalette(p);
    this.grad.setPalette(p);
  }

  show(r: DataResult): void {
    this.hist.setData([{ label: 'per-sample loss', x: centers(r.histogram), y: r.histogram.counts, color: 0, style: 'bars' }], { xTitle: `per-sample loss (per ${r.unit})` });
    if (r.scatter) {
      const sc = r.scatter;
      const groups = sc.group && sc.groups ? sc.groups : null;
      const series = groups
        ? groups.map((name, g) => ({
            label: name,
            x: sc.x.filter((_, i) => sc.group![i] === g),
            y: sc.y.filter((_, i) => sc.group![i] === g),
            color: g,
            style: 'points' as const,
          }))
        : [{ label: 'samples', x: sc.x, y: sc.y, color: 0, style: 'points' as const }];
      this.scatter.setData(series, { xTitle: sc.xLabel, yTitle: sc.yLabel });
      this.scatterTitle.textContent = sc.title;
    } else {
      this.scatter.setData([]);
      this.scatterTitle.textContent = `Per-${r.unit} loss (no variable to plot it against)`;
    }
    if (r.gradient) {
      const g = r.gradient;
      // Per-sample (row units) or of the summed unit losses (pairs, queries, triplets): the host says which.
      this.gradTitle.textContent = g.of === 'per-sample' ? 'Per-sample gradient magnitudes' : 'Per-row gradient of the summed losses';
      this.grad.setData([{ label: g.label, x: centers(g.histogram), y: g.histogram.counts, color: 1, style: 'bars' }], { xTitle: `${g.label} per row` });
      this.gradNote.textContent = `${g.note} mean ${fmt(g.mean)} · p99 ${fmt(g.p99)} · max ${fmt(g.max)}`;
    } else if (r.unitWeights) {
      // A loss without a gradient (adarank): its per-unit weights stand where the gradients are.
      const w = r.unitWeights;
      this.gradTitle.textContent = `No gradient: ${w.name} per ${r.unit} instead`;
      this.grad.setData([{ label: w.name, x: centers(w.histogram), y: w.histogram.counts, color: 1, style: 'bars' }], { xTitle: `${w.name} per ${r.unit}`, yTitle: `${r.unit === 'query' ? 'queries' : `${r.unit}s`}` });
      const top = w.top.slice(0, 5).map((t) => `${t.id}: ${fmt(t.weight)}`).join(', ');
      this.gradNote.textContent = `${w.doc}. min ${fmt(w.min)} · max ${fmt(w.max)} · largest: ${top}`;
    } else {
      this.grad.setData([]);
      this.gradTitle.textContent = 'Gradient magnitudes';
      this.gradNote.textContent = 'No gradient for this loss and mapping.';
    }
  }
}
