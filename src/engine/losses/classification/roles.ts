/** Input roles shared by the classification losses. */
import type { RoleSpec } from '../../spec';

/** Multi-class logits, one column per class. */
export const LOGITS: RoleSpec = {
  name: 'logits',
  columns: 'many',
  domain: 'real',
  differentiable: true,
  aliases: ['logit_*', 'logits_*', 'logit*', 'score_*', 'z_*'],
  doc: 'unnormalised class scores z_i (C columns, one per class), before softmax',
};

/** A class index per row, for cross_entropy and focal. */
export const CLASS_TARGET: RoleSpec = {
  name: 'target',
  columns: 'one',
  domain: 'classIndex',
  differentiable: false,
  aliases: ['y_true', 'target', 'targets', 'label', 'labels', 'class', 'class_index', 'y', 'cls'],
  doc: 'the true class index y_i in [0, C) (or ignore_index), one column',
};

/** One logit per row, for the binary losses. */
export const LOGIT: RoleSpec = {
  name: 'logit',
  columns: 'one',
  domain: 'real',
  differentiable: true,
  aliases: ['logit', 'logits', 'z', 'score', 'scores', 'y_pred', 'pred', 'prediction', 'output'],
  doc: 'the unnormalised score z_i of the positive class (before sigmoid), one column',
};

/** A 0/1 label per row, for the binary losses. */
export const BINARY_TARGET: RoleSpec = {
  name: 'target',
  columns: 'one',
  domain: 'binary',
  differentiable: false,
  aliases: ['y_true', 'target', 'targets', 'label', 'labels', 'class', 'y'],
  doc: 'the true label y_i, 0 or 1, one column',
};

/** Per-sample weights for bce_with_logits (PyTorch's `weight` argument of BCEWithLogitsLoss). */
export const SAMPLE_WEIGHT: RoleSpec = {
  name: 'weight',
  columns: 'one',
  domain: 'nonnegative',
  differentiable: false,
  optional: true,
  sampleWeight: true,
  aliases: ['weight', 'weights', 'w', 'sample_weight'],
  doc: 'optional per-sample weight w_i >= 0; mean = Σ w_i l_i / N, as BCEWithLogitsLoss(weight=w)',
};

/** The student's logits for kl_div: the logits role, also found under student_* names. */
export const STUDENT_LOGITS: RoleSpec = {
  ...LOGITS,
  aliases: ['student_*', 'student_logit_*', ...LOGITS.aliases],
  doc: 'the student\'s unnormalised class scores s_i (C columns, one per class), before softmax',
};

/** The teacher's logits for kl_div: a fixed target distribution, not differentiated (a detached teacher). */
export const TEACHER_LOGITS: RoleSpec = {
  name: 'teacher_logits',
  columns: 'many',
  domain: 'real',
  differentiable: false,
  aliases: ['teacher_*', 'teacher_logit_*', 'teacher_logits_*', 't_*'],
  doc: 'the teacher\'s unnormalised class scores t_i (C columns, as many as logits); the target, no gradient',
};

/** A 0/1 mask value per row (pixel), for the overlap losses (dice, tversky). */
export const MASK_TARGET: RoleSpec = {
  ...BINARY_TARGET,
  aliases: ['mask', 'gt', 'ground_truth', ...BINARY_TARGET.aliases],
  doc: 'the true mask value y_i, 0 or 1, one column (one row per pixel or element of the file)',
};
