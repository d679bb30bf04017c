/**
 * Suggested class weights from class counts, each normalised to mean 1 over the classes (so the
 * loss keeps its scale when they are applied):
 * - inverse frequency: w_c ∝ 1 / n_c;
 * - effective number of samples (Cui et al., "Class-Balanced Loss Based on Effective Number of
 *   Samples", CVPR 2019, https://arxiv.org/abs/1901.05555): w_c ∝ (1 − β) / (1 − β^n_c), β = 0.999.
 * A class with no sample gets the largest weight of the present classes (it is at least as rare).
 */

export const EFFECTIVE_NUMBER_BETA = 0.999;

function normalise(raw: number[]): number[] {
  const present = raw.filter((w) => Number.isFinite(w));
  if (present.length === 0) return raw.map(() => 1);
  const maxW = Math.max(...present);
  const filled = raw.map((w) => (Number.isFinite(w) ? w : maxW));
  const m = filled.reduce((s, w) => s + w, 0) / filled.length;
  return filled.map((w) => w / m);
}

export function inverseFrequencyWeights(counts: readonly number[]): number[] {
  return normalise(counts.map((n) => (n > 0 ? 1 / n : NaN)));
}

export function effectiveNumberWeights(counts: readonly number[], beta = EFFECTIVE_NUMBER_BETA): number[] {
  // 1 − β^n computed as −expm1(n·ln β): exact for small n, where 1 − β^n loses digits.
  return normalise(counts.map((n) => (n > 0 ? (1 - beta) / -Math.expm1(n * Math.log(beta)) : NaN)));
}
