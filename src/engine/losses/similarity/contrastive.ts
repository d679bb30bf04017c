import { tf } from '../../backend';
import { num, type Batch, type LossSpec, type NumberParam, type ResolvedParams } from '../../spec';
import { pairwiseDistance } from './distance';
import { PAIR_LABEL, sameColumns, X1, X2 } from './roles';

export const MARGIN: NumberParam = {
  name: 'margin',
  kind: 'number',
  default: 1.0,
  min: 0,
  max: Infinity,
  ui: { min: 0, max: 5, step: 0.1 },
  sweep: true,
  doc: 'distance beyond which dissimilar pairs cost nothing',
};

/**
 * (1 − y) d² + y max(0, margin − d)², d = ‖x1 − x2 + 1e-6‖₂, for labels y in {0, 1} or [0, 1].
 * max is tf.maximum, which passes the gradient at the boundary like torch.clamp(min=0); there the
 * square's gradient is 0 anyway.
 */
export function contrastiveValues(b: Batch, p: ResolvedParams): tf.Tensor1D {
  const y = b.t.label!;
  const d = pairwiseDistance(b.t.x1!, b.t.x2!);
  const pull = tf.mul(tf.sub(1, y), tf.square(d));
  const push = tf.mul(y, tf.square(tf.maximum(tf.sub(num(p, 'margin'), d), 0)));
  return tf.add(pull, push) as tf.Tensor1D;
}

/** Contrastive loss (Hadsell, Chopra, LeCun 2006). */
export const contrastive: LossSpec = {
  id: 'contrastive',
  family: 'similarity',
  title: 'Contrastive (pairs)',
  doc:
    'For pairs of embeddings labelled similar (0) or dissimilar (1): similar pairs are pulled together by ' +
    'their squared distance, dissimilar pairs are pushed apart until they are at least `margin` away, after ' +
    'which they cost nothing. The distance is PyTorch\'s F.pairwise_distance, which adds 1e-6 to each ' +
    'component of the difference, so identical embeddings have distance √D·1e-6 and a finite gradient.',
  formula: 'l_i = (1 − y_i) d_i² + y_i max(0, margin − d_i)²,  d_i = ‖x1_i − x2_i + 1e-6‖₂;  mean: Σ l_i / N',
  reference: 'plain PyTorch from the definition on F.pairwise_distance(x1, x2) (Hadsell et al. 2006)',
  convention: 'Label 1 means dissimilar (Hadsell et al.; some libraries use 1 = similar). No 1/2 factor. mean divides by N.',
  roles: [X1, X2, PAIR_LABEL],
  params: [MARGIN],
  reductions: ['mean', 'sum', 'none'],
  defaultReduction: 'mean',
  unit: 'row',
  batching: 'rows',
  check: sameColumns(['x1', 'x2']),
  compute: (b, p) => ({ values: contrastiveValues(b, p) }),
};
