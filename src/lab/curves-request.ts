/**
 * Answers a `curves` request: the current loss and each pinned setting, overlaid when they share
 * the current loss's x axis (its curve kind); others are listed in `skipped` with the reason.
 * No vscode import: the webview harness answers `curves` with this too.
 */
import { computeCurves, curveKindOf } from './curves/curves';
import { resolveParams } from '../engine/params';
import { getLoss } from '../engine/registry';
import type { LossSpec, ParamSpec, ResolvedParams } from '../engine/spec';
import type { CurveSeries, CurvesResult, Num, ParamsData, RequestOf } from '../shared/protocol';
import { lossOrThrow } from './loss-or-throw';

const toNums = (a: Float64Array): Num[] => Array.from(a, (v) => (Number.isFinite(v) ? v : null));

function formatValue(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map((x) => formatValue(x)).join(', ')}]`;
  if (typeof v === 'number') return String(Number(v.toPrecision(4)));
  return String(v);
}

/** "focal γ=2" style legend text: the loss id and its params that differ from the defaults. */
export function seriesLabel(spec: LossSpec, params: ResolvedParams, variant: string | null): string {
  const differs = (p: ParamSpec): boolean => JSON.stringify(params[p.name]) !== JSON.stringify(p.default);
  const parts = spec.params.filter(differs).map((p) => `${p.name}=${formatValue(params[p.name])}`);
  return [spec.id, ...parts].join(' ') + (variant ? ` · ${variant}` : '');
}

export async function curvesFor(req: Omit<RequestOf<'curves'>, 'type' | 'requestId'>, signal?: AbortSignal): Promise<CurvesResult> {
  const spec = lossOrThrow(req.loss);
  const kind = curveKindOf(spec);
  const opts = signal ? { signal } : {};
  const main = await computeCurves(spec, req.params, opts);
  const series: CurveSeries[] = [];
  const add = (source: 'current' | 'pinned', pinIndex: number | null, s: LossSpec, given: Readonly<Record<string, unknown>>, set: typeof main, label?: string): void => {
    const p = resolveParams(s, given);
    for (const c of set.curves) {
      series.push({
        id: `${source === 'current' ? 'current' : `pin-${pinIndex}`}${c.variant ? `:${c.variant}` : ''}`,
        source,
        pinIndex,
        loss: s.id,
        params: p as ParamsData,
        label: label ? (c.variant ? `${label} · ${c.variant}` : label) : seriesLabel(s, p, c.variant),
        variant: c.variant,
        x: Array.from(c.x),
        values: toNums(c.values),
        grad: toNums(c.grad),
      });
    }
  };
  add('current', null, spec, req.params, main);
  if (req.overlay) {
    // A framework row's per-unit curves, on the same probe, under its convention switches.
    const row = spec.frameworks?.find((r) => r.api === req.overlay);
    if (row) {
      const params = resolveParams(spec, req.params);
      const built = row.build({ params, inputs: {}, weighted: false });
      if (built.relation !== 'unsupported') {
        const set = await computeCurves(spec, req.params, { ...opts, switches: built.switches });
        for (const c of set.curves) {
          series.push({
            id: `framework${c.variant ? `:${c.variant}` : ''}`,
            source: 'framework',
            pinIndex: null,
            loss: spec.id,
            params: params as ParamsData,
            label: `${row.api}${c.variant ? ` · ${c.variant}` : ''}`,
            variant: c.variant,
            x: Array.from(c.x),
            values: toNums(c.values),
            grad: toNums(c.grad),
          });
        }
      }
    }
  }
  const skipped: Array<{ pinIndex: number; loss: string; reason: string }> = [];
  for (let i = 0; i < req.compare.length; i++) {
    const pin = req.compare[i];
    const s = getLoss(pin.loss);
    if (!s) {
      skipped.push({ pinIndex: i, loss: pin.loss, reason: 'unknown loss' });
      continue;
    }
    const k = curveKindOf(s);
    if (k !== kind) {
      skipped.push({ pinIndex: i, loss: pin.loss, reason: `plotted against ${k ?? 'nothing'}, not ${kind}` });
      continue;
    }
    try {
      add('pinned', i, s, pin.params, await computeCurves(s, pin.params, opts), pin.label);
    } catch (e) {
      signal?.throwIfAborted();
      skipped.push({ pinIndex: i, loss: pin.loss, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  return {
    seq: req.seq,
    kind: main.kind,
    variable: main.variable,
    gradientLabel: main.gradientLabel,
    construction: main.construction,
    series,
    markers: main.markers.map((m) => ({ ...m })),
    skipped,
  };
}
