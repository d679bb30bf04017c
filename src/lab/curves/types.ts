/** What a curve builder returns: loss and gradient against the family's variable. */
import type { ConventionSwitch } from '../../engine/conventions';
import type { EvalInputs, RoleName } from '../../engine/spec';
import type { CurveKind } from './kind';

export interface Curve {
  /** Which of the loss's curves this is ("target = 1"), null when it draws only one. */
  readonly variant: string | null;
  readonly x: Float64Array;
  /** Per-sample loss at x (the loss of one row, pair, query or triplet built for that x). */
  readonly values: Float64Array;
  /** The derivative of that loss w.r.t. the input named by `CurveSet.gradientLabel`. */
  readonly grad: Float64Array;
}

export interface CurveSet {
  readonly kind: CurveKind;
  readonly variable: string;
  readonly gradientLabel: string;
  /** How the synthetic inputs were built, for the caption under the charts. */
  readonly construction: string;
  readonly curves: readonly Curve[];
  readonly markers: ReadonlyArray<{ readonly x: number; readonly label: string }>;
}

export interface CurveOptions {
  /** Grid points per curve (default 201). */
  readonly points?: number;
  readonly signal?: AbortSignal;
  /**
   * Per-unit curves under a framework's conventions (a framework row's switches, issue #15): the
   * variant's per-unit losses and gradients; reduction and denominator switches do not change a
   * unit's loss and are left out.
   */
  readonly switches?: readonly ConventionSwitch[];
  /**
   * Called with the synthetic inputs the curves are computed on (the probe: parity without data).
   * A builder whose every point is a whole batch (file and in-batch losses) offers one
   * representative batch instead, with its own caption.
   */
  readonly onProbe?: (inputs: EvalInputs, caption?: string) => void;
  /**
   * Evaluates the units in place of the engine (the user's code drawn on the curves, issue #11):
   * the builder then reads the curve from these values and gradients as it reads the engine's.
   * Builders that do not go through `evaluateUnits` (in-batch, overlap, mined triplets) ignore it.
   */
  readonly units?: (inputs: EvalInputs) => Promise<UnitValues>;
}

/** Per-unit losses in unit order and the gradient of their sum, per role, laid out as the inputs. */
export interface UnitValues {
  readonly values: Float32Array;
  readonly grad: Readonly<Partial<Record<RoleName, Float32Array>>>;
  readonly count: number;
}

export const DEFAULT_POINTS = 201;

/** `points` evenly spaced values from a to b inclusive. */
export function linspace(a: number, b: number, points: number): Float64Array {
  const out = new Float64Array(points);
  for (let k = 0; k < points; k++) out[k] = points === 1 ? a : a + ((b - a) * k) / (points - 1);
  return out;
}
