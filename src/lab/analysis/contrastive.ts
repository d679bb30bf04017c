/**
 * Contrastive figures: the distance distributions of similar (label < 0.5) and dissimilar pairs on
 * shared bins, against the margin, and the share of dissimilar pairs still inside it (those carry
 * loss and gradient).
 */
import type { ContrastiveAnalysis } from '../../shared/results';
import type { EvalInputs, ResolvedParams } from '../../engine/spec';
import { rowDistances } from './distances';
import { histogram } from './histogram';
import { rowUnits, type UnitView } from './unit-view';

export function analyzeContrastive(inputs: EvalInputs, params: ResolvedParams): { analysis: ContrastiveAnalysis; view: UnitView } {
  const { data: x1, cols: dim } = inputs.x1!;
  const label = inputs.label!.data;
  const margin = typeof params.margin === 'number' ? params.margin : 1;
  const d = rowDistances(x1, inputs.x2!.data, dim);
  const n = d.length;
  const group = new Uint8Array(n);
  let hi = margin;
  const sums = [0, 0];
  const counts = [0, 0];
  let inside = 0;
  for (let i = 0; i < n; i++) {
    const g = label[i] >= 0.5 ? 1 : 0;
    group[i] = g;
    counts[g]++;
    sums[g] += d[i];
    if (g === 1 && d[i] < margin) inside++;
    if (d[i] > hi) hi = d[i];
  }
  const range: [number, number] = [0, hi > 0 ? hi : 1];
  const byGroup = (g: number): Float64Array => {
    const out = new Float64Array(counts[g]);
    let k = 0;
    for (let i = 0; i < n; i++) if (group[i] === g) out[k++] = d[i];
    return out;
  };
  const sim = histogram(byGroup(0), { range });
  const dis = histogram(byGroup(1), { range });
  return {
    analysis: {
      kind: 'contrastive',
      margin,
      edges: sim.edges,
      similar: sim.counts,
      dissimilar: dis.counts,
      similarCount: counts[0],
      dissimilarCount: counts[1],
      dissimilarInsideMargin: counts[1] ? inside / counts[1] : null,
      similarMeanDistance: counts[0] ? sums[0] / counts[0] : null,
      dissimilarMeanDistance: counts[1] ? sums[1] / counts[1] : null,
    },
    view: rowUnits('distance d', 'the distance d between the pair', d, { names: ['similar', 'dissimilar'], group }),
  };
}
