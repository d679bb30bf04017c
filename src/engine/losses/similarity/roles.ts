/** Input roles shared by the similarity (metric-learning) losses. */
import type { RoleSpec } from '../../spec';

export const X1: RoleSpec = {
  name: 'x1',
  columns: 'many',
  domain: 'real',
  differentiable: true,
  aliases: ['x1', 'x1_*', 'emb1_*', 'e1_*', 'left_*', 'u_*'],
  doc: 'the first embedding of each pair, D columns',
};
export const X2: RoleSpec = {
  name: 'x2',
  columns: 'many',
  domain: 'real',
  differentiable: true,
  aliases: ['x2', 'x2_*', 'emb2_*', 'e2_*', 'right_*', 'v_*'],
  doc: 'the second embedding of each pair, D columns (as many as x1)',
};
export const PAIR_LABEL: RoleSpec = {
  name: 'label',
  columns: 'one',
  domain: 'binary',
  differentiable: false,
  aliases: ['label', 'labels', 'y', 'target', 'dissimilar', 'is_dissimilar'],
  doc: 'the pair label: 0 = similar (pulled together), 1 = dissimilar (pushed beyond the margin)',
};
export const SOFT_PAIR_LABEL: RoleSpec = {
  name: 'label',
  columns: 'one',
  domain: 'unit',
  differentiable: false,
  aliases: ['label', 'labels', 'y', 'target', 'soft_label', 'teacher', 'dissimilarity'],
  doc: 'the pair label in [0, 1], e.g. a teacher\'s dissimilarity: 0 = similar, 1 = dissimilar',
};
export const ANCHOR: RoleSpec = {
  name: 'anchor',
  columns: 'many',
  domain: 'real',
  differentiable: true,
  aliases: ['anchor', 'anchor_*', 'a_*'],
  doc: 'the anchor embedding of each triplet, D columns',
};
export const POSITIVE: RoleSpec = {
  name: 'positive',
  columns: 'many',
  domain: 'real',
  differentiable: true,
  aliases: ['positive', 'positive_*', 'pos_*', 'p_*'],
  doc: 'an embedding of the anchor\'s class, D columns',
};
export const NEGATIVE: RoleSpec = {
  name: 'negative',
  columns: 'many',
  domain: 'real',
  differentiable: true,
  aliases: ['negative', 'negative_*', 'neg_*', 'n_*'],
  doc: 'an embedding of another class, D columns',
};
export const EMBEDDING: RoleSpec = {
  name: 'embedding',
  columns: 'many',
  domain: 'real',
  differentiable: true,
  aliases: ['embedding', 'embedding_*', 'emb_*', 'e_*', 'feature_*', 'f_*'],
  doc: 'one embedding per row, D columns; triplets are mined among the rows',
};
export const CLASS_LABEL: RoleSpec = {
  name: 'label',
  columns: 'one',
  domain: 'integer',
  differentiable: false,
  aliases: ['label', 'labels', 'class', 'y', 'target', 'identity', 'id'],
  doc: 'the class of each row, an integer; rows of one class are positives of each other',
};

/** Every embedding role of a loss must have the same column count D. */
export function sameColumns(roles: readonly RoleSpec['name'][]): (p: unknown, cols: Readonly<Partial<Record<RoleSpec['name'], number>>>) => string | null {
  return (_p, cols) => {
    const d = roles.map((r) => cols[r]);
    return d.every((c) => c === d[0]) ? null : `the embeddings must have the same number of columns: ${roles.map((r, i) => `${r} has ${d[i]}`).join(', ')}`;
  };
}

/** nn.CosineEmbeddingLoss's target: 1 for pairs that should point the same way, −1 for pairs that should not. */
export const SIGN_PAIR_LABEL: RoleSpec = {
  name: 'label',
  columns: 'one',
  domain: 'sign',
  differentiable: false,
  aliases: ['label', 'labels', 'y', 'target', 'similar', 'is_similar'],
  doc: 'the pair label: 1 = similar (cosine pulled to 1), −1 = dissimilar (cosine pushed below the margin)',
};
/** In-batch positives: row i of x2 is the positive of row i of x1, every other row of x2 a negative. */
export const ANCHOR_X1: RoleSpec = {
  ...X1,
  doc: 'the anchors, D columns; each is contrasted with every row of x2',
};
export const POSITIVE_X2: RoleSpec = {
  ...X2,
  doc: 'the positives, D columns (as many as x1): row i is the positive of anchor i, the other rows its negatives',
};
/** supcon's rows: one embedding and its class per row; rows of one class are positives of each other. */
export const SUPCON_EMBEDDING: RoleSpec = {
  ...EMBEDDING,
  doc: 'one embedding per row, D columns; every row is contrasted with every other row',
};
