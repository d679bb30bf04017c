/**
 * A small fixed "CSV" for the scripted host's data answers: 240 rows with regression columns
 * (y_true, y_pred) and 3-class logits (logit_0..2, label), two rows skipped for NaN. Figures are
 * computed here from those rows so the panel shows numbers that belong together (the reduced
 * value is the mean of the histogrammed per-sample losses; worst rows are the largest ones).
 */
import { gradientMeaning } from '../../src/lab/analysis/analyze-data';
import type { DataResult, DatasetInfo, Histogram, RequestOf, WorstRow } from '../../src/shared/protocol';

export const FILE = 'data/preds.csv';
const ROWS = 240;
const SKIPPED_LINES = [14, 77];
const COLUMNS = ['y_true', 'y_pred', 'logit_0', 'logit_1', 'logit_2', 'label'];

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Row {
  line: number;
  yTrue: number;
  yPred: number;
  logits: [number, number, number];
  label: number;
}

const rows: Row[] = (() => {
  const r = prng(7);
  const out: Row[] = [];
  for (let i = 0; i < ROWS; i++) {
    const line = i + 2; // line 1 is the header
    if (SKIPPED_LINES.includes(line)) continue;
    const yTrue = 4 * r() - 2;
    // Mostly small errors, a few outliers: the histogram has a tail worth looking at.
    const noise = (r() - 0.5) * (r() < 0.05 ? 6 : 1);
    const label = r() < 0.6 ? 0 : r() < 0.75 ? 1 : 2;
    const logits: [number, number, number] = [r() * 2 - 1, r() * 2 - 1, r() * 2 - 1];
    logits[label] += 1.2;
    out.push({ line, yTrue, yPred: yTrue + noise, logits, label });
  }
  return out;
})();

type Kind = 'regression' | 'classification' | 'other';
function kindOf(loss: string): Kind {
  if (['mse', 'l1', 'smooth_l1', 'huber', 'log_cosh', 'quantile'].includes(loss)) return 'regression';
  if (['cross_entropy', 'focal'].includes(loss)) return 'classification';
  return 'other';
}

function mappingFor(loss: string): Record<string, string[]> | null {
  const k = kindOf(loss);
  if (k === 'regression') return { prediction: ['y_pred'], target: ['y_true'] };
  if (k === 'classification') return { logits: ['logit_0', 'logit_1', 'logit_2'], target: ['label'] };
  return null;
}

export function datasetInfoFor(loss: string, mapping: Record<string, string[]> | null): DatasetInfo {
  const inferred = mappingFor(loss);
  const m = mapping ?? inferred;
  return {
    path: FILE,
    folder: null,
    fileName: 'preds.csv',
    sizeBytes: 18_432,
    rows: ROWS,
    columns: COLUMNS,
    loss,
    mapping: m,
    mappingNotes: m ? Object.entries(m).map(([role, cols]) => `${role} ← ${cols.join(', ')} (alias)`) : [],
    mappingError: m ? null : `${loss}: no column of ${FILE} fits its roles`,
    suggestedLoss: m ? null : 'mse',
    loadMs: 12,
  };
}

function histogram(values: readonly number[], bins = 24): Histogram {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const w = (hi - lo) / bins || 1;
  const edges = Array.from({ length: bins + 1 }, (_, i) => lo + i * w);
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor((v - lo) / w))]! += 1;
  return { edges, counts };
}

function regressionLoss(loss: string, r: number, params: Readonly<Record<string, unknown>>): number {
  const a = Math.abs(r);
  const num = (k: string, d: number): number => (typeof params[k] === 'number' ? (params[k] as number) : d);
  switch (loss) {
    case 'l1':
      return a;
    case 'huber': {
      const d = num('delta', 1);
      return a <= d ? 0.5 * r * r : d * (a - 0.5 * d);
    }
    case 'smooth_l1': {
      const b = num('beta', 1);
      return b > 0 && a < b ? (0.5 * r * r) / b : a - 0.5 * b;
    }
    case 'log_cosh':
      return Math.log(Math.cosh(r));
    default:
      return r * r;
  }
}

export function dataResultFor(req: RequestOf<'evaluateData'>, mapping: Record<string, string[]> | null): DataResult {
  const kind = kindOf(req.loss);
  const info = datasetInfoFor(req.loss, mapping);
  const per: number[] = [];
  const variable: number[] = [];
  const gradMag: number[] = [];
  if (kind === 'classification') {
    const gamma = typeof req.params['gamma'] === 'number' ? (req.params['gamma'] as number) : 0;
    for (const row of rows) {
      const m = Math.max(...row.logits);
      const z = row.logits.reduce((s, v) => s + Math.exp(v - m), 0);
      const p = Math.exp(row.logits[row.label] - m) / z;
      per.push(-Math.pow(1 - p, gamma) * Math.log(p));
      variable.push(p);
      gradMag.push((1 - p) * Math.SQRT2);
    }
  } else {
    for (const row of rows) {
      const r = row.yPred - row.yTrue;
      per.push(regressionLoss(req.loss, r, req.params));
      variable.push(r);
      // the row's own loss's gradient (as the host reports it), not the mean's
      gradMag.push(Math.abs(2 * r));
    }
  }
  const n = rows.length;
  const sum = per.reduce((s, v) => s + v, 0);
  const value = req.reduction === 'sum' ? sum : req.reduction === 'mean' ? sum / n : null;
  const order = per.map((_, i) => i).sort((a, b) => per[b]! - per[a]!);
  const worst: WorstRow[] = order.slice(0, 10).map((i) => {
    const row = rows[i]!;
    const cells: Record<string, number> = kind === 'classification'
      ? { logit_0: row.logits[0], logit_1: row.logits[1], logit_2: row.logits[2], label: row.label }
      : { y_true: row.yTrue, y_pred: row.yPred };
    return { line: row.line, loss: per[i]!, variable: variable[i]!, label: 'row', cells };
  });
  const classes = [0, 1, 2].map((c) => {
    const idx = rows.map((r, i) => (r.label === c ? i : -1)).filter((i) => i >= 0);
    return { index: c, count: idx.length, meanLoss: idx.reduce((s, i) => s + per[i]!, 0) / idx.length };
  });
  const inv = classes.map((c) => n / (3 * c.count));
  const invMean = inv.reduce((s, v) => s + v, 0) / 3;
  const beta = 0.999;
  const eff = classes.map((c) => (1 - beta) / (1 - Math.pow(beta, c.count)));
  const effMean = eff.reduce((s, v) => s + v, 0) / 3;
  const round = (v: number): number => Number(v.toFixed(3));
  const inverseFrequency = inv.map((v) => round(v / invMean));
  const effectiveNumber = eff.map((v) => round(v / effMean));
  const gm = gradMag.reduce((s, v) => s + v, 0) / n;
  const sortedG = [...gradMag].sort((a, b) => a - b);
  return {
    seq: req.seq,
    loss: req.loss,
    reduction: req.reduction,
    params: req.params,
    dataset: info,
    mapping: info.mapping ?? {},
    value,
    meanPerSample: sum / n,
    n,
    unit: 'row',
    count: n,
    denominator: n,
    skipped: { count: SKIPPED_LINES.length, reasons: [{ reason: `NaN in column ${kind === 'classification' ? 'logit_1' : 'y_pred'}`, count: SKIPPED_LINES.length, firstLine: SKIPPED_LINES[0]! }] },
    metrics: kind === 'classification' ? { accuracy: 0.71 } : {},
    counts: {},
    histogram: histogram(per),
    scatter: {
      title: kind === 'classification' ? 'Per-row loss against the probability of the true class p' : 'Per-row loss against the residual ŷ − y',
      xLabel: kind === 'classification' ? 'probability of the true class p' : 'residual ŷ − y',
      yLabel: 'per-sample loss',
      x: variable,
      y: per,
      lines: rows.map((r) => r.line),
      group: kind === 'classification' ? rows.map((r) => r.label) : null,
      groups: kind === 'classification' ? ['class 0', 'class 1', 'class 2'] : null,
      total: n,
      shown: n,
    },
    gradient: { role: kind === 'classification' ? 'logits' : 'prediction', ...gradientMeaning('row', [kind === 'classification' ? 'logits' : 'prediction']), histogram: histogram(gradMag), mean: gm, max: sortedG[n - 1]!, p99: sortedG[Math.floor(0.99 * (n - 1))]! },
    worst,
    analysis: kind === 'classification'
      ? { kind: 'classification', classes, weights: { inverseFrequency, effectiveNumber, beta }, accuracy: 0.71 }
      : { kind: 'regression', residualMean: variable.reduce((s, v) => s + v, 0) / n, residualStd: 0.5, maxAbsResidual: Math.max(...variable.map(Math.abs)) },
    suggestions: kind === 'classification'
      ? [
          { label: 'inverse-frequency class weights', param: 'weight', value: inverseFrequency },
          { label: `effective-number class weights (β=${beta})`, param: 'weight', value: effectiveNumber },
        ]
      : [],
    summary: `${req.loss} (${req.reduction}) on ${FILE}: ${value ?? sum / n} over ${n} rows; ${SKIPPED_LINES.length} rows skipped`,
    evalMs: 9,
  };
}
