/**
 * Which explanatory variable a loss is plotted against, decided from its input roles (so a loss
 * added to the registry gets a curve without touching this folder).
 */
import type { LossSpec, RoleName } from '../../engine/spec';

/** Same names as `CURVE_KINDS` in src/shared/catalog.ts (the panel sends them to the webview). */
export type CurveKind = 'regression' | 'classification' | 'binary' | 'ranking' | 'contrastive' | 'triplet' | 'cosine' | 'in_batch';

export const VARIABLE_LABEL: Readonly<Record<CurveKind, string>> = {
  regression: 'residual ŷ − y',
  classification: 'probability of the true class p',
  binary: 'p = σ(z)',
  ranking: 'score difference s_i − s_j (rel_i > rel_j)',
  contrastive: 'distance d = ‖x1 − x2‖',
  triplet: 'd(a,p) − d(a,n)',
  cosine: 'cosine similarity cos(x1, x2)',
  in_batch: 'cosine similarity of an anchor and its positive',
};

export function curveKindOf(spec: LossSpec): CurveKind | null {
  const has = (r: RoleName): boolean => spec.roles.some((x) => x.name === r);
  if (has('logits')) return 'classification';
  if (has('logit')) return 'binary';
  if (has('query')) return 'ranking';
  // Embeddings contrasted with the rest of the batch through a temperature-scaled softmax (info_nce, supcon).
  if ((has('x1') || has('embedding')) && spec.params.some((p) => p.name === 'temperature')) return 'in_batch';
  // Pairs labelled ±1 are scored by their cosine (cosine_embedding), 0/1 or soft labels by their distance.
  if (has('x1')) return spec.roles.some((r) => r.name === 'label' && r.domain === 'sign') ? 'cosine' : 'contrastive';
  if (has('anchor') || has('embedding')) return 'triplet';
  if (has('prediction')) return 'regression';
  return null;
}
