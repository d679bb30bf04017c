/** Convention notes several losses' templates share. */

/** Keras' regression and binary losses average over the last axis: (N,) inputs would be averaged away. */
export const KERAS_COLUMN_NOTE = 'Keras averages these losses over the last axis: pass (N, 1) columns.';
