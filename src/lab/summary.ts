/** The plain-text summary of a data evaluation ("copy summary"), one figure per line. */
import type { DataResult } from '../shared/protocol';

const fmt = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : Number(x.toPrecision(6)).toString());

export function formatSummary(r: Omit<DataResult, 'summary'>): string {
  const lines: string[] = [];
  const params = Object.entries(r.params)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`)
    .join(' ');
  lines.push(`Loss Lab · ${r.loss}${params ? ` (${params})` : ''} on ${r.dataset.path}`);
  lines.push(r.reduction === 'none' ? `mean per-${r.unit} loss: ${fmt(r.meanPerSample)} (reduction none)` : `${r.reduction} loss: ${fmt(r.value)}`);
  const units = r.unit === 'row' ? '' : r.unit === 'file' ? '; one value for the whole file' : `; ${r.count} ${r.unit}s`;
  lines.push(`rows used: ${r.n} of ${r.dataset.rows}${units}`);
  if (r.skipped.count) lines.push(`rows skipped: ${r.skipped.count} (${r.skipped.reasons.map((s) => `${s.count} × ${s.reason}, first at line ${s.firstLine}`).join('; ')})`);
  for (const [k, v] of Object.entries(r.metrics)) lines.push(`${k}: ${fmt(v)}`);
  for (const [k, v] of Object.entries(r.counts)) lines.push(`${k}: ${v}`);
  const a = r.analysis;
  if (a?.kind === 'classification') {
    if (a.accuracyLabel && a.accuracy !== null) lines.push(`${a.accuracyLabel}: ${fmt(a.accuracy)}`);
    lines.push(`${a.classLabel ?? 'class'} counts: ${a.classes.map((c) => c.count).join(', ')}`);
    lines.push(`inverse-frequency weights: ${a.weights.inverseFrequency.map((w) => fmt(w)).join(', ')}`);
    lines.push(`effective-number weights (β=${a.weights.beta}): ${a.weights.effectiveNumber.map((w) => fmt(w)).join(', ')}`);
  } else if (a?.kind === 'ranking') {
    lines.push(`queries: ${a.queries}; NDCG${a.k === null ? '' : '@' + a.k}: ${fmt(a.ndcg)}; MRR: ${fmt(a.mrr)}`);
  } else if (a?.kind === 'contrastive') {
    lines.push(`margin ${fmt(a.margin)}: dissimilar pairs inside it ${fmt(a.dissimilarInsideMargin)}; mean distance similar ${fmt(a.similarMeanDistance)}, dissimilar ${fmt(a.dissimilarMeanDistance)}`);
  } else if (a?.kind === 'triplet') {
    const share = (x: number): string => (a.total ? `${((100 * x) / a.total).toFixed(1)}%` : '—');
    lines.push(`triplets: easy ${share(a.easy)}, semi-hard ${share(a.semiHard)}, hard ${share(a.hard)} of ${a.total} (${a.note})`);
  }
  if (r.gradient) lines.push(`per-row gradient ${r.gradient.label}: mean ${fmt(r.gradient.mean)}, p99 ${fmt(r.gradient.p99)}, max ${fmt(r.gradient.max)}`);
  return lines.join('\n');
}
