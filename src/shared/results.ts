/**
 * The `result` payloads of successful replies, one per request type (`ResultSchemas`; `ResultMap`
 * in protocol.ts is inferred from them). The host produces them; they are plain JSON: no typed
 * arrays, no NaN or Infinity (a value that is not finite is `null`, which Chart.js draws as a gap).
 * The webview validates each result with its schema (`parseResult`) before a view reads it, so a
 * malformed or hostile reply becomes an error message instead of a broken panel.
 */
import * as v from 'valibot';
import { CODE_FRAMEWORK_IDS, CURVE_KINDS, type FrameworkId } from './catalog';
import { ParamsSchema, describeIssues } from './state';

import { Int, NumSchema, Reduction, Str } from './result-values';
import { DataResultSchema, DatasetInfoSchema, LambdaMartQuerySchema } from './results-data';

export type { Num } from './result-values';
// The data view's results (a file's dataset, per-family analyses, worst rows) live in results-data.ts.
export * from './results-data';

// ---------------------------------------------------------------------------------------------
// curves

export const CurveSeriesSchema = v.object({
  /** Stable key: `current` or `pin-<index>`, plus `:<variant>` when a loss draws several curves. */
  id: Str,
  /** `framework`: a framework row's curve overlaid (curves request `overlay`), drawn dashed. */
  source: v.picklist(['current', 'pinned', 'framework']),
  /** Index in the request's `compare` list, for pinned series. */
  pinIndex: v.nullable(Int),
  loss: Str,
  /** Resolved hyperparameters (defaults filled in). */
  params: ParamsSchema,
  /** Legend text, e.g. "focal γ=2" or "contrastive m=1 · similar (y=0)". */
  label: Str,
  /** Which of the loss's curves this is (e.g. "target = 1", "dissimilar (y = 1)"), null if only one. */
  variant: v.nullable(Str),
  x: v.array(v.number()),
  /** Loss values at x. */
  values: v.array(NumSchema),
  /** The gradient at x (w.r.t. the variable's input; see CurvesResult.gradientLabel). */
  grad: v.array(NumSchema),
});
export type CurveSeries = v.InferOutput<typeof CurveSeriesSchema>;

export const CurvesResultSchema = v.object({
  /** The request's seq, echoed: drop a result whose seq is older than one already shown. */
  seq: Int,
  kind: v.picklist(CURVE_KINDS),
  /** x-axis label, e.g. "residual ŷ − y". */
  variable: Str,
  /** Gradient chart's y-axis label, e.g. "∂loss/∂ŷ". */
  gradientLabel: Str,
  /** How the synthetic inputs behind the curves were built (shown under the charts). */
  construction: Str,
  series: v.array(v.pipe(CurveSeriesSchema, v.check((s) => s.values.length === s.x.length && s.grad.length === s.x.length, 'values and grad must be as long as x'))),
  /** Vertical lines to mark, e.g. the margin. */
  markers: v.array(v.object({ x: v.number(), label: Str })),
  /** Pinned entries that could not be drawn on this x axis (another kind) or failed, with why. */
  skipped: v.array(v.object({ pinIndex: Int, loss: Str, reason: Str })),
});
export type CurvesResult = v.InferOutput<typeof CurvesResultSchema>;

export const SweepResultSchema = v.pipe(
  v.object({
    seq: Int,
    loss: Str,
    param: Str,
    x: v.array(v.number()),
    /** The reduced loss on the loaded data at each x (null where it failed or was not finite). */
    value: v.array(NumSchema),
    /** The param's current value (marked on the chart). */
    current: NumSchema,
    reduction: Reduction,
  }),
  v.check((s) => s.value.length === s.x.length, 'value must be as long as x'),
);
export type SweepResult = v.InferOutput<typeof SweepResultSchema>;

export interface SettingsData {
  readonly defaultFramework: FrameworkId;
  readonly chartSampleSize: number;
  readonly backend: 'wasm' | 'cpu';
  readonly liveReload: boolean;
}

export const CodeResultSchema = v.object({
  framework: v.picklist(CODE_FRAMEWORK_IDS),
  /** Language id for highlighting: 'python' | 'typescript'. */
  language: Str,
  code: Str,
});
export type CodeResult = v.InferOutput<typeof CodeResultSchema>;

/** One AdaRank training run on the loaded file (src/engine/losses/ranking/adarank-training.ts). */
export const AdarankRunSchema = v.object({
  /** Names this run for `adarankUseScore` (the host keeps only its last run). */
  runId: Int,
  metric: v.picklist(['ndcg', 'map']),
  k: v.nullable(Int),
  queries: Int,
  /** Rows trained on (rows with a missing value in a used column are skipped). */
  rows: Int,
  skippedRows: Int,
  features: v.array(Str),
  rounds: v.array(
    v.object({
      round: Int,
      feature: Str,
      alpha: v.number(),
      /** Mean E of the combined ranker after the round; loss: its mean exp(−E). */
      measure: v.number(),
      loss: v.number(),
      weightedMeasure: v.number(),
    }),
  ),
  /** Final weight of each feature (Σ of its α), in column order. */
  weights: v.array(v.object({ feature: Str, weight: v.number() })),
  stopped: v.nullable(v.object({ round: Int, reason: Str })),
});
export type AdarankRunData = v.InferOutput<typeof AdarankRunSchema>;
/** One framework row of the Frameworks view (issue #15): what a built-in gives on these inputs, and why. */
export const FrameworkRowSchema = v.object({
  framework: Str,
  api: Str,
  /** The call with the user's hyperparameters, in the framework's language. */
  call: Str,
  /** The built-in's default reduction, in its own words. */
  reduction: Str,
  /** Its value on these inputs; null when it returns per-element losses, is unsupported, or is a mean over nothing. */
  value: NumSchema,
  relation: v.picklist(['same', 'factor', 'different', 'unsupported']),
  factor: v.optional(v.number()),
  reason: Str,
  verified: v.picklist(['executed', 'transcribed']),
  source: v.object({ repo: Str, file: Str, function: Str, commit: Str }),
  /** Whether the row can be drawn on the curve charts (not unsupported, and the view is on the probe). */
  overlay: v.boolean(),
});
export type FrameworkRowData = v.InferOutput<typeof FrameworkRowSchema>;

export const FrameworksResultSchema = v.object({
  seq: Int,
  loss: Str,
  /** Loss Lab's value on the same inputs (its default reduction). */
  value: NumSchema,
  /** What the values are computed on: the curve probe (its caption) or the loaded file. */
  inputs: v.object({ kind: v.picklist(['probe', 'data']), text: Str, rows: Int }),
  rows: v.array(FrameworkRowSchema),
});
export type FrameworksResult = v.InferOutput<typeof FrameworksResultSchema>;

// ---------------------------------------------------------------------------------------------
// check: the user's function on the curves (issue #11)

export const CheckCurveSchema = v.pipe(
  v.object({
    /** The reference curve it goes with (CurveSeries.variant), null when the loss draws one. */
    variant: v.nullable(Str),
    x: v.array(v.number()),
    values: v.array(NumSchema),
    /** All null when the user's code gave no gradient. */
    grad: v.array(NumSchema),
  }),
  v.check((c) => c.values.length === c.x.length && c.grad.length === c.x.length, 'values and grad must be as long as x'),
);
export type CheckCurve = v.InferOutput<typeof CheckCurveSchema>;

export const CheckCurvesResultSchema = v.object({
  loss: Str,
  /** The user's function or class: the series' legend. */
  symbol: Str,
  /** The parameters both were computed with (resolved): drawn only over a reference with these. */
  params: ParamsSchema,
  kind: v.picklist(CURVE_KINDS),
  curves: v.array(CheckCurveSchema),
  /** Whether the user's code gave a gradient to draw. */
  hasGradient: v.boolean(),
  /** Grid points where the user's code raised or returned nothing, and the first message. */
  failed: v.object({ count: Int, first: v.nullable(Str) }),
});
export type CheckCurvesResult = v.InferOutput<typeof CheckCurvesResultSchema>;

const Saved = v.object({ saved: v.nullable(Str) });
const Empty = v.object({});

/** The result schema of each request type: what a successful reply's `result` holds. */
export const ResultSchemas = {
  curves: CurvesResultSchema,
  pickCsv: v.nullable(v.object({ path: Str, folder: v.nullable(Str) })),
  loadCsv: DatasetInfoSchema,
  setMapping: DatasetInfoSchema,
  evaluateData: DataResultSchema,
  lambdamartQuery: LambdaMartQuerySchema,
  sweep: SweepResultSchema,
  cancel: v.object({ cancelled: v.boolean() }),
  revealRow: Empty,
  exportChart: Saved,
  exportCsv: Saved,
  copyText: Empty,
  code: CodeResultSchema,
  insertCode: v.object({ inserted: Str }),
  adarankTrain: AdarankRunSchema,
  /** The combined score became column `column`, mapped as `score` for the ranking losses listed. */
  adarankUseScore: v.object({ column: Str, losses: v.array(Str), dataset: DatasetInfoSchema }),
  frameworks: FrameworksResultSchema,
  checkCurves: CheckCurvesResultSchema,
} as const;
export type ResultType = keyof typeof ResultSchemas;

/** Validates a reply's result against its request type's schema (webview side). */
export function parseResult<T extends ResultType>(type: T, raw: unknown): { ok: true; result: v.InferOutput<(typeof ResultSchemas)[T]> } | { ok: false; message: string } {
  const r = v.safeParse(ResultSchemas[type], raw);
  return r.success ? { ok: true, result: r.output as v.InferOutput<(typeof ResultSchemas)[T]> } : { ok: false, message: `${type} result: ${describeIssues(r.issues)}` };
}
