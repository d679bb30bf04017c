import type { LossSpec } from '../../spec';
import { contrastiveCode, contrastiveValues, MARGIN } from './contrastive';
import { DISTANCE_AT_ZERO_NOTE } from './distance';
import { sameColumns, SOFT_PAIR_LABEL, X1, X2 } from './roles';

/** Contrastive loss with soft labels, for embedding distillation. */
export const softContrastive: LossSpec = {
  id: 'soft_contrastive',
  family: 'similarity',
  title: 'Soft contrastive (continuous labels)',
  doc:
    'The contrastive loss with a label y in [0, 1] instead of {0, 1}, e.g. a teacher model\'s dissimilarity: ' +
    'each pair is pulled together with weight 1 − y and pushed beyond the margin with weight y. At y = 0 or 1 ' +
    'it equals `contrastive`.',
  formula: 'l_i = (1 − y_i) d_i² + y_i max(0, margin − d_i)²,  y_i ∈ [0, 1],  d_i = ‖x1_i − x2_i + 1e-6‖₂;  mean: Σ l_i / N',
  tex: String.raw`\begin{aligned} l_i &= (1 - y_i)\, d_i^2 \\ &\quad + y_i \max(0,\ \text{margin} - d_i)^2 \\ y_i &\in [0, 1] \\ d_i &= \lVert x1_i - x2_i + 10^{-6} \rVert_2 \\ \text{mean} &= \tfrac{1}{N} \textstyle\sum_i l_i \end{aligned}`,
  reference: 'plain PyTorch from the definition on F.pairwise_distance(x1, x2), as contrastive',
  convention: `Label 1 means dissimilar. No 1/2 factor. mean divides by N. ${DISTANCE_AT_ZERO_NOTE}`,
  roles: [X1, X2, SOFT_PAIR_LABEL],
  params: [MARGIN],
  reductions: ['mean', 'sum', 'none'],
  defaultReduction: 'mean',
  unit: 'row',
  batching: 'rows',
  check: sameColumns(['x1', 'x2']),
  compute: (b, p) => ({ values: contrastiveValues(b, p) }),
  code: contrastiveCode,
};
