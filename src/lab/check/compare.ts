/**
 * Comparing the user's numbers with the reference's: relative errors of a value and of a gradient,
 * and the tolerance under which a probe agrees. Non-finite numbers agree only with the same
 * non-finite number (NaN with NaN, +∞ with +∞).
 */

/** A probe agrees when every relative error is at most this (float32 on both sides, different summation orders). */
export const REL_TOL = 1e-3;
/** Below this magnitude errors are measured absolutely (a loss of exactly 0 against 1e-9). */
export const ABS_FLOOR = 1e-3;

function sameNonFinite(a: number, b: number): boolean {
  return (Number.isNaN(a) && Number.isNaN(b)) || (a === b && !Number.isFinite(a));
}

/** |y − r| / max(|r|, ABS_FLOOR); 0 for the same non-finite number, ∞ when only one is finite. */
export function relErr(yours: number, ref: number): number {
  if (sameNonFinite(yours, ref)) return 0;
  if (!Number.isFinite(yours) || !Number.isFinite(ref)) return Infinity;
  return Math.abs(yours - ref) / Math.max(Math.abs(ref), ABS_FLOOR);
}

/** max_i |y_i − r_i| / max(max_i |r_i|, ABS_FLOOR), elementwise non-finite rule as relErr. */
export function vecRelErr(yours: ArrayLike<number>, ref: ArrayLike<number>): number {
  if (yours.length !== ref.length) return Infinity;
  let scale = ABS_FLOOR;
  for (let i = 0; i < ref.length; i++) if (Number.isFinite(ref[i])) scale = Math.max(scale, Math.abs(ref[i]));
  let worst = 0;
  for (let i = 0; i < ref.length; i++) {
    const y = yours[i];
    const r = ref[i];
    if (sameNonFinite(y, r)) continue;
    if (!Number.isFinite(y) || !Number.isFinite(r)) return Infinity;
    worst = Math.max(worst, Math.abs(y - r) / scale);
  }
  return worst;
}

export function allFinite(a: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}

export function allZero(a: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== 0) return false;
  return true;
}
