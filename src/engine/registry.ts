/**
 * The catalog: every loss, assembled from the loss files. The single source of truth for panel
 * controls, CLI help, snippets and README tables. Adding a loss = one file in `losses/<family>/`,
 * one line here, and its tests.
 */
import type { Family, LossSpec } from './spec';
import { FAMILIES } from './spec';
import { mse } from './losses/regression/mse';
import { l1 } from './losses/regression/l1';
import { smoothL1 } from './losses/regression/smooth_l1';
import { huber } from './losses/regression/huber';
import { logCosh } from './losses/regression/log_cosh';
import { quantile } from './losses/regression/quantile';
import { crossEntropy } from './losses/classification/cross_entropy';
import { focal } from './losses/classification/focal';
import { bceWithLogits } from './losses/classification/bce_with_logits';
import { sigmoidFocal } from './losses/classification/sigmoid_focal';
import { klDiv } from './losses/classification/kl_div';
import { multiMargin } from './losses/classification/multi_margin';
import { dice } from './losses/classification/dice';
import { tversky } from './losses/classification/tversky';
import { pointwiseMse } from './losses/ranking/pointwise_mse';
import { ranknet } from './losses/ranking/ranknet';
import { lambdarank } from './losses/ranking/lambdarank';
import { listnet } from './losses/ranking/listnet';
import { listmle } from './losses/ranking/listmle';
import { contrastive } from './losses/similarity/contrastive';
import { softContrastive } from './losses/similarity/soft_contrastive';
import { triplet } from './losses/similarity/triplet';
import { tripletMined } from './losses/similarity/triplet_mined';

export const LOSSES: readonly LossSpec[] = [
  // regression
  mse,
  l1,
  smoothL1,
  huber,
  logCosh,
  quantile,
  // classification
  crossEntropy,
  focal,
  bceWithLogits,
  sigmoidFocal,
  klDiv,
  multiMargin,
  dice,
  tversky,
  // ranking
  pointwiseMse,
  ranknet,
  lambdarank,
  listnet,
  listmle,
  // similarity
  contrastive,
  softContrastive,
  triplet,
  tripletMined,
];

const byId = new Map(LOSSES.map((l) => [l.id, l]));

export function getLoss(id: string): LossSpec | undefined {
  return byId.get(id);
}

export function lossesByFamily(): ReadonlyArray<{ family: Family; losses: readonly LossSpec[] }> {
  return FAMILIES.map((family) => ({ family, losses: LOSSES.filter((l) => l.family === family) }));
}
