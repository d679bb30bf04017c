/**
 * Which explanatory variable a loss is plotted against, decided from its input roles (so a loss
 * added to the registry gets a curve without touching this folder).
 */
import type { LossSpec, ResolvedParams, RoleName } from '../../engine/spec';

/** Same names as `CURVE_KINDS` in src/shared/catalog.ts (the panel sends them to the webview). */
export type CurveKind = 'regression' | 'classification' | 'binary' | 'ranking' | 'contrastive' | 'triplet' | 'cosine' | 'in_batch';

const VARIABLE_LABEL: Readonly<Record<CurveKind, string>> = {
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

// Losses of a kind whose curve is built differently, so its axis is another variable than the
// kind's (the curve builders dispatch on the same predicates: curves.ts, regression.ts).

/** A loss of counts (poisson_nll): a `target` of domain `nonnegative` and no `variance` role; drawn against the prediction itself. */
export function isCountLoss(spec: LossSpec): boolean {
  return !spec.roles.some((r) => r.name === 'variance') && spec.roles.some((r) => r.name === 'target' && r.domain === 'nonnegative');
}
/** A distillation loss (kl_div): drawn against the student's probability of the teacher's preferred class. */
export function isDistillation(spec: LossSpec): boolean {
  return spec.roles.some((r) => r.name === 'teacher_logits');
}

const COUNT_VARIABLE = { logRate: 'prediction ŷ = log λ (log-rate)', rate: 'prediction ŷ = λ (rate)' } as const;

/**
 * The label of the axis a loss's curves are drawn against: the one owner for the catalog (no
 * params: a label true for every setting) and the curve builders (with the params the curve is
 * computed at, when the axis depends on them: poisson_nll's log_input).
 */
export function variableLabel(spec: LossSpec, params?: ResolvedParams): string {
  const kind = curveKindOf(spec) ?? 'regression';
  if (kind === 'regression' && isCountLoss(spec)) {
    if (!params) return 'prediction ŷ: log-rate log λ (log_input = true) or rate λ (log_input = false)';
    return params.log_input === false ? COUNT_VARIABLE.rate : COUNT_VARIABLE.logRate;
  }
  if (kind === 'classification' && isDistillation(spec)) return "student's probability p of the teacher's preferred class";
  if (kind === 'binary' && spec.unit === 'file') return 'p = σ(z), the same for every row of the file';
  return VARIABLE_LABEL[kind];
}
