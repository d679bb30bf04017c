/**
 * The `result` payloads of successful replies, one per request type (see `ResultOf` in protocol.ts).
 * The host produces them; they are plain JSON: no typed arrays, no NaN or Infinity (a value that is
 * not finite is `null`, which Chart.js draws as a gap).
 */
import type { CurveKind, FrameworkId, ReductionId } from './catalog';
import type { MappingData, ParamsData } from './state';

/** A number, or null where the value is not finite. */
export type Num = number | null;

// ---------------------------------------------------------------------------------------------
// curves

export interface CurveSeries {
  /** Stable key: `current` or `pin-<index>`, plus `:<variant>` when a loss draws several curves. */
  readonly id: string;
  readonly source: 'current' | 'pinned';
  /** Index in the request's `compare` list, for pinned series. */
  readonly pinIndex: number | null;
  readonly loss: string;
  /** Resolved hyperparameters (defaults filled in). */
  readonly params: ParamsData;
  /** Legend text, e.g. "focal γ=2" or "contrastive m=1 · similar (y=0)". */
  readonly label: string;
  /** Which of the loss's curves this is (e.g. "target = 1", "dissimilar (y = 1)"), null if only one. */
  readonly variant: string | null;
  readonly x: readonly number[];
  /** Loss values at x. */
  readonly values: readonly Num[];
  /** The gradient at x (w.r.t. the variable's input; see CurvesResult.gradientLabel). */
  readonly grad: readonly Num[];
}

export interface CurvesResult {
  /** The request's seq, echoed: drop a result whose seq is older than one already shown. */
  readonly seq: number;
  readonly kind: CurveKind;
  /** x-axis label, e.g. "residual ŷ − y". */
  readonly variable: string;
  /** Gradient chart's y-axis label, e.g. "∂loss/∂ŷ". */
  readonly gradientLabel: string;
  /** How the synthetic inputs behind the curves were built (shown under the charts). */
  readonly construction: string;
  readonly series: readonly CurveSeries[];
  /** Vertical lines to mark, e.g. the margin. */
  readonly markers: ReadonlyArray<{ readonly x: number; readonly label: string }>;
  /** Pinned entries that could not be drawn on this x axis (another kind) or failed, with why. */
  readonly skipped: ReadonlyArray<{ readonly pinIndex: number; readonly loss: string; readonly reason: string }>;
}

// ---------------------------------------------------------------------------------------------
// data

export interface SkippedRows {
  readonly count: number;
  /** Why rows were skipped, e.g. "NaN in column y_pred", with the first line it happened on. */
  readonly reasons: ReadonlyArray<{ readonly reason: string; readonly count: number; readonly firstLine: number | null }>;
}

export interface DatasetInfo {
  /** Workspace-relative path ('/'-separated), as loadCsv takes it. */
  readonly path: string;
  /** Workspace folder name when the workspace has several folders, else null. */
  readonly folder: string | null;
  readonly fileName: string;
  readonly sizeBytes: number;
  /** Data rows read (header excluded). */
  readonly rows: number;
  readonly columns: readonly string[];
  /** The loss the mapping below is for. */
  readonly loss: string;
  /** Role → columns for that loss, or null when the columns do not fit it (see mappingError). */
  readonly mapping: MappingData | null;
  /** What inference chose and why ("prediction ← y_pred (alias)"). */
  readonly mappingNotes: readonly string[];
  readonly mappingError: string | null;
  /** A loss whose roles all map onto this file's columns, when the requested one does not fit. */
  readonly suggestedLoss: string | null;
  readonly loadMs: number;
}

export interface Histogram {
  /** bins + 1 edges, ascending. */
  readonly edges: readonly number[];
  readonly counts: readonly number[];
}

export interface Scatter {
  /** The chart's title, naming the variable ("Per-row loss against the probability of the true class p"). */
  readonly title: string;
  /** x-axis label (the family's explanatory variable). */
  readonly xLabel: string;
  readonly yLabel: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
  /** CSV line (1-based, as in the editor) of each point, or null when a point is not one row (a query). */
  readonly lines: readonly Num[];
  /** Optional group index per point (target / label), with names in `groups`. */
  readonly group: readonly number[] | null;
  readonly groups: readonly string[] | null;
  /** Points in the full data, and drawn (decimated to the chartSampleSize setting). */
  readonly total: number;
  readonly shown: number;
}

export interface WorstRow {
  /** 1-based CSV line of the row (of the first row of the query, for query units). */
  readonly line: number | null;
  readonly loss: number;
  /** The family variable for this unit, when it has one. */
  readonly variable: Num;
  /** What the unit is: "row", "query 17". */
  readonly label: string;
  /** The mapped cells of the row, column name → value (at most 12). */
  readonly cells: Readonly<Record<string, number>>;
}

export interface ClassificationAnalysis {
  readonly kind: 'classification';
  /** Rows per class (ignored rows excluded) and their mean per-sample loss as the loss returns it (class weights applied). */
  readonly classes: ReadonlyArray<{ readonly index: number; readonly count: number; readonly meanLoss: Num }>;
  /** Suggested class weights, each normalised to mean 1 over the classes. */
  readonly weights: {
    readonly inverseFrequency: readonly number[];
    readonly effectiveNumber: readonly number[];
    readonly beta: number;
  };
  readonly accuracy: Num;
}

export interface RankingAnalysis {
  readonly kind: 'ranking';
  /** NDCG cut-off: the loss's `k` parameter, or null for the full list (as the CLI's metrics). */
  readonly k: number | null;
  readonly queries: number;
  /** Means over queries. */
  readonly ndcg: Num;
  readonly mrr: Num;
  /** How a query's loss is formed from the per-sample values (mean over its pairs/rows, or the query's own). */
  readonly queryLoss: string;
  /** Per-query figures, worst loss first, at most 200. */
  readonly perQuery: ReadonlyArray<{ readonly id: number; readonly docs: number; readonly loss: Num; readonly ndcg: Num; readonly mrr: Num; readonly line: number | null }>;
  readonly lossHistogram: Histogram | null;
}

export interface ContrastiveAnalysis {
  readonly kind: 'contrastive';
  readonly margin: number;
  /** Distance histograms on shared edges: similar (label < 0.5) and dissimilar pairs. */
  readonly edges: readonly number[];
  readonly similar: readonly number[];
  readonly dissimilar: readonly number[];
  readonly similarCount: number;
  readonly dissimilarCount: number;
  /** Dissimilar pairs closer than the margin (they carry loss), as a share of dissimilar pairs. */
  readonly dissimilarInsideMargin: Num;
  readonly similarMeanDistance: Num;
  readonly dissimilarMeanDistance: Num;
}

export interface TripletAnalysis {
  readonly kind: 'triplet';
  readonly margin: number;
  /** Triplets classified as the miner does: easy d_an ≥ d_ap + m (no loss); semi-hard d_ap < d_an < d_ap + m; hard d_an ≤ d_ap. */
  readonly easy: number;
  readonly semiHard: number;
  readonly hard: number;
  readonly total: number;
  /** How the triplets were formed (given rows; or every positive and negative of sampled anchors). */
  readonly note: string;
}

export interface RegressionAnalysis {
  readonly kind: 'regression';
  readonly residualMean: Num;
  readonly residualStd: Num;
  readonly maxAbsResidual: Num;
}

export type FamilyAnalysis = ClassificationAnalysis | RankingAnalysis | ContrastiveAnalysis | TripletAnalysis | RegressionAnalysis;

/** A one-click change the panel can offer (e.g. apply suggested class weights). */
export interface ParamSuggestion {
  readonly label: string;
  readonly param: string;
  readonly value: number | readonly number[];
}

export interface DataResult {
  readonly seq: number;
  readonly loss: string;
  readonly reduction: ReductionId;
  readonly params: ParamsData;
  readonly dataset: DatasetInfo;
  readonly mapping: MappingData;
  /** The reduced value; null for reduction 'none' (then see meanPerSample). */
  readonly value: Num;
  readonly meanPerSample: Num;
  /** Rows used, per-sample units (rows, pairs, queries, triplets) and what `mean` divided by. */
  readonly n: number;
  readonly unit: string;
  readonly count: number;
  readonly denominator: number;
  readonly skipped: SkippedRows;
  readonly metrics: Readonly<Record<string, number>>;
  readonly counts: Readonly<Record<string, number>>;
  readonly histogram: Histogram;
  readonly scatter: Scatter | null;
  /**
   * Per-row L2 norm of a per-sample gradient w.r.t. the differentiable role(s) (never of the
   * reduced loss, which carries 1/N). `of`: `per-sample` for row units, ∂l_i/∂(row i's inputs);
   * `sum` for pair, query and triplet units, ∂(Σ losses)/∂(row i's inputs), as a unit depends on
   * several rows. `label` names it (axis title), `note` says it in a sentence.
   */
  readonly gradient: {
    readonly role: string;
    readonly of: 'per-sample' | 'sum';
    readonly label: string;
    readonly note: string;
    readonly histogram: Histogram;
    readonly mean: Num;
    readonly max: Num;
    readonly p99: Num;
  } | null;
  readonly worst: readonly WorstRow[];
  readonly analysis: FamilyAnalysis | null;
  readonly suggestions: readonly ParamSuggestion[];
  /** Plain-text summary (for "copy summary"). */
  readonly summary: string;
  readonly evalMs: number;
}

export interface SweepResult {
  readonly seq: number;
  readonly loss: string;
  readonly param: string;
  readonly x: readonly number[];
  /** The reduced loss on the loaded data at each x (null where it failed or was not finite). */
  readonly value: readonly Num[];
  /** The param's current value (marked on the chart). */
  readonly current: Num;
  readonly reduction: ReductionId;
}

export interface SettingsData {
  readonly defaultFramework: FrameworkId;
  readonly chartSampleSize: number;
  readonly backend: 'wasm' | 'cpu';
  readonly liveReload: boolean;
}

export interface CodeResult {
  readonly framework: FrameworkId;
  /** Language id for highlighting: 'python' | 'typescript'. */
  readonly language: string;
  readonly code: string;
}
