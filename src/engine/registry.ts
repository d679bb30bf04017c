/**
 * The catalog: every loss, assembled from the loss files. The single source of truth for panel
 * controls, CLI help, snippets and README tables. Adding a loss = one file in `losses/<family>/`,
 * one line here, and its tests.
 */
import type { Family, LossSpec } from './spec';
import { FAMILIES } from './spec';
import { mse } from './losses/regression/mse';

export const LOSSES: readonly LossSpec[] = [
  // regression
  mse,
  // classification
  // ranking
  // similarity
];

const byId = new Map(LOSSES.map((l) => [l.id, l]));

export function getLoss(id: string): LossSpec | undefined {
  return byId.get(id);
}

export function lossesByFamily(): ReadonlyArray<{ family: Family; losses: readonly LossSpec[] }> {
  return FAMILIES.map((family) => ({ family, losses: LOSSES.filter((l) => l.family === family) }));
}
