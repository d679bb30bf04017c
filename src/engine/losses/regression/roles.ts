/** Input roles shared by the regression losses. */
import type { RoleSpec } from '../../spec';

export const PREDICTION: RoleSpec = {
  name: 'prediction',
  columns: 'one',
  domain: 'real',
  differentiable: true,
  aliases: ['y_pred', 'pred', 'prediction', 'predictions', 'yhat', 'y_hat', 'output', 'outputs'],
  doc: 'the model output ŷ, one column',
};
export const TARGET: RoleSpec = {
  name: 'target',
  columns: 'one',
  domain: 'real',
  differentiable: false,
  aliases: ['y_true', 'target', 'targets', 'y', 'label', 'labels', 'truth', 'actual'],
  doc: 'the true value y, one column',
};
export const WEIGHT: RoleSpec = {
  name: 'weight',
  columns: 'one',
  domain: 'nonnegative',
  differentiable: false,
  optional: true,
  sampleWeight: true,
  aliases: ['weight', 'weights', 'w', 'sample_weight'],
  doc: 'optional per-sample weight w_i >= 0; mean = Σ w_i l_i / N',
};
