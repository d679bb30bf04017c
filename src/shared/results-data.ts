/**
 * The data view's results (results.ts holds the rest and `ResultSchemas`): the loaded file's
 * dataset, its histograms and scatters, the worst rows, the per-family analyses and the whole
 * evaluation of a file. Plain JSON, validated in the webview like every result.
 */
import * as v from 'valibot';
import { Int, NumSchema, Reduction, Str } from './result-values';
import { MappingSchema, ParamsSchema } from './state';

// ---------------------------------------------------------------------------------------------
// data

export const SkippedRowsSchema = v.object({
  count: Int,
  /** Why rows were skipped, e.g. "NaN in column y_pred", with the first line it happened on. */
  reasons: v.array(v.object({ reason: Str, count: Int, firstLine: v.nullable(Int) })),
});
export type SkippedRows = v.InferOutput<typeof SkippedRowsSchema>;

export const DatasetInfoSchema = v.object({
  /** Workspace-relative path ('/'-separated), as loadCsv takes it. */
  path: Str,
  /** Workspace folder name when the workspace has several folders, else null. */
  folder: v.nullable(Str),
  fileName: Str,
  sizeBytes: v.number(),
  /** Data rows read (header excluded). */
  rows: Int,
  columns: v.array(Str),
  /** The loss the mapping below is for. */
  loss: Str,
  /** Role → columns for that loss, or null when the columns do not fit it (see mappingError). */
  mapping: v.nullable(MappingSchema),
  /** What inference chose and why ("prediction ← y_pred (alias)"). */
  mappingNotes: v.array(Str),
  mappingError: v.nullable(Str),
  /** A loss whose roles all map onto this file's columns, when the requested one does not fit. */
  suggestedLoss: v.nullable(Str),
  loadMs: v.number(),
});
export type DatasetInfo = v.InferOutput<typeof DatasetInfoSchema>;

export const HistogramSchema = v.pipe(
  v.object({
    /** bins + 1 edges, ascending. */
    edges: v.array(v.number()),
    counts: v.array(v.number()),
  }),
  v.check((h) => h.edges.length === h.counts.length + 1, 'a histogram has one edge more than counts'),
);
export type Histogram = v.InferOutput<typeof HistogramSchema>;

export const ScatterSchema = v.pipe(
  v.object({
    /** The chart's title, naming the variable ("Per-row loss against the probability of the true class p"). */
    title: Str,
    /** x-axis label (the family's explanatory variable). */
    xLabel: Str,
    yLabel: Str,
    x: v.array(v.number()),
    y: v.array(v.number()),
    /** CSV line (1-based, as in the editor) of each point, or null when a point is not one row (a query). */
    lines: v.array(NumSchema),
    /** Optional group index per point (target / label), with names in `groups`. */
    group: v.nullable(v.array(v.number())),
    groups: v.nullable(v.array(Str)),
    /** Points in the full data, and drawn (decimated to the chartSampleSize setting). */
    total: Int,
    shown: Int,
  }),
  v.check((s) => s.y.length === s.x.length, 'y must be as long as x'),
);
export type Scatter = v.InferOutput<typeof ScatterSchema>;

export const WorstRowSchema = v.object({
  /** 1-based CSV line of the row (of the first row of the query, for query units). */
  line: v.nullable(Int),
  loss: v.number(),
  /** The family variable for this unit, when it has one. */
  variable: NumSchema,
  /** What the unit is: "row", "query 17". */
  label: Str,
  /** The mapped cells of the row, column name → value (at most 12). */
  cells: v.record(Str, v.number()),
});
export type WorstRow = v.InferOutput<typeof WorstRowSchema>;

export const ClassificationAnalysisSchema = v.object({
  kind: v.literal('classification'),
  /** Rows per class (ignored rows excluded) and their mean per-sample loss as the loss returns it (class weights applied). */
  classes: v.array(v.object({ index: Int, count: Int, meanLoss: NumSchema })),
  /** Suggested class weights, each normalised to mean 1 over the classes. */
  weights: v.object({ inverseFrequency: v.array(v.number()), effectiveNumber: v.array(v.number()), beta: v.number() }),
  accuracy: NumSchema,
  /** What `accuracy` measures when it is not the share of rows predicted as their target (kl_div: agreement with the teacher). */
  accuracyLabel: v.optional(Str),
  /** What the classes are when they are not the targets (kl_div: the teacher's top class). */
  classLabel: v.optional(Str),
});
export type ClassificationAnalysis = v.InferOutput<typeof ClassificationAnalysisSchema>;

/**
 * One query as LightGBM's lambdarank objective sees it (lambdamart): its documents in rank order
 * with their gradient (λ) and hessian (h), and the pairs behind them. Computed on the host by the
 * engine's transcription (src/engine/losses/ranking/lambdamart-core.ts).
 */
export const LambdaMartQuerySchema = v.object({
  /** The file's own query id (not the engine's code of a renumbered id). */
  id: v.number(),
  /** 1-based CSV line of the query's first row. */
  line: v.nullable(Int),
  docs: Int,
  /** The query's value (LambdaRank cost) and NDCG@truncation_level (null: no relevant document). */
  cost: NumSchema,
  ndcg: NumSchema,
  /** Σ over pairs of 2σρw, and the factor log2(1 + Σ)/Σ applied to the query's λ and h (1 when not). */
  sumLambdas: v.number(),
  normFactor: v.number(),
  /** Whether ΔNDCG was divided by (0.01 + |Δs|) (norm on, scores not all equal). */
  scoreNorm: v.boolean(),
  /** Documents in rank order (0-based rank), at most 100. */
  documents: v.array(v.object({ rank: Int, line: v.nullable(Int), score: v.number(), relevance: v.number(), lambda: v.number(), hess: v.number() })),
  /** Pairs the objective visits, largest |λ| first, at most 100; ranks name the documents. */
  pairs: v.array(v.object({ highRank: Int, lowRank: Int, deltaScore: v.number(), deltaNdcg: v.number(), rho: v.number(), lambda: v.number() })),
  pairCount: Int,
});
export type LambdaMartQuery = v.InferOutput<typeof LambdaMartQuerySchema>;

export const LambdaMartAnalysisSchema = v.object({
  truncationLevel: Int,
  /** The worst queries by value (LambdaRank cost), worst first, at most 20: the panel's query picker. */
  queries: v.array(LambdaMartQuerySchema),
  /** Queries in the file; any of them can be asked for by id (request `lambdamartQuery`). */
  queryCount: Int,
  /** The file's query ids, ascending, the first 10,000: the picker's suggestions. */
  queryIds: v.array(v.number()),
});
export type LambdaMartAnalysis = v.InferOutput<typeof LambdaMartAnalysisSchema>;

export const RankingAnalysisSchema = v.object({
  kind: v.literal('ranking'),
  /** NDCG cut-off: the loss's `k` parameter, or null for the full list (as the CLI's metrics). */
  k: v.nullable(v.number()),
  /** The NDCG gain: the loss's `label_gain` list when it has one (lambdamart), else 2^rel − 1. */
  gain: v.optional(v.picklist(['2^rel − 1', 'label_gain'])),
  queries: Int,
  /** Means over queries. */
  ndcg: NumSchema,
  mrr: NumSchema,
  /** How a query's loss is formed from the per-sample values (mean over its pairs/rows, or the query's own). */
  queryLoss: Str,
  /** Per-query figures, worst loss first, at most 200. */
  perQuery: v.array(v.object({ id: v.number(), docs: Int, loss: NumSchema, ndcg: NumSchema, mrr: NumSchema, line: v.nullable(Int) })),
  lossHistogram: v.nullable(HistogramSchema),
  /** lambdamart only: LightGBM's λ and h per document, per query, and the pairs. */
  lambdamart: v.optional(LambdaMartAnalysisSchema),
});
export type RankingAnalysis = v.InferOutput<typeof RankingAnalysisSchema>;

export const ContrastiveAnalysisSchema = v.object({
  kind: v.literal('contrastive'),
  margin: v.number(),
  /** Distance histograms on shared edges: similar (label < 0.5) and dissimilar pairs. */
  edges: v.array(v.number()),
  similar: v.array(v.number()),
  dissimilar: v.array(v.number()),
  similarCount: Int,
  dissimilarCount: Int,
  /** Dissimilar pairs closer than the margin (they carry loss), as a share of dissimilar pairs. */
  dissimilarInsideMargin: NumSchema,
  similarMeanDistance: NumSchema,
  dissimilarMeanDistance: NumSchema,
});
export type ContrastiveAnalysis = v.InferOutput<typeof ContrastiveAnalysisSchema>;

/**
 * Figures of the losses on cosine similarities (cosine_embedding, info_nce, supcon): histograms of
 * cosines by group on shared edges in [−1, 1], and shares worth reading (each in [0, 1]).
 */
export const CosineAnalysisSchema = v.object({
  kind: v.literal('cosine'),
  /** cosine_embedding's margin, marked on the chart; null for the in-batch losses. */
  margin: v.nullable(v.number()),
  edges: v.array(v.number()),
  groups: v.array(v.object({ name: Str, counts: v.array(v.number()), count: Int, mean: NumSchema })),
  shares: v.array(v.object({ label: Str, value: NumSchema })),
  /** How the cosines were taken (every pair; or the positives and hardest negatives of sampled anchors). */
  note: Str,
});
export type CosineAnalysis = v.InferOutput<typeof CosineAnalysisSchema>;

export const TripletAnalysisSchema = v.object({
  kind: v.literal('triplet'),
  margin: v.number(),
  /** Triplets classified as the miner does: easy d_an ≥ d_ap + m (no loss); semi-hard d_ap < d_an < d_ap + m; hard d_an ≤ d_ap. */
  easy: Int,
  semiHard: Int,
  hard: Int,
  total: Int,
  /** How the triplets were formed (given rows; or every positive and negative of sampled anchors). */
  note: Str,
});
export type TripletAnalysis = v.InferOutput<typeof TripletAnalysisSchema>;

export const RegressionAnalysisSchema = v.object({
  kind: v.literal('regression'),
  /** Which residual the figures are of (ŷ − y; exp(ŷ) − y for log-rates; (ŷ − y) / σ with a variance). */
  residual: v.optional(Str),
  residualMean: NumSchema,
  residualStd: NumSchema,
  maxAbsResidual: NumSchema,
});
export type RegressionAnalysis = v.InferOutput<typeof RegressionAnalysisSchema>;

export const FamilyAnalysisSchema = v.variant('kind', [
  ClassificationAnalysisSchema,
  RankingAnalysisSchema,
  ContrastiveAnalysisSchema,
  CosineAnalysisSchema,
  TripletAnalysisSchema,
  RegressionAnalysisSchema,
]);
export type FamilyAnalysis = v.InferOutput<typeof FamilyAnalysisSchema>;

/** A one-click change the panel can offer (e.g. apply suggested class weights). */
export const ParamSuggestionSchema = v.object({
  label: Str,
  param: Str,
  value: v.union([v.number(), v.array(v.number())]),
});
export type ParamSuggestion = v.InferOutput<typeof ParamSuggestionSchema>;

export const DataResultSchema = v.object({
  seq: Int,
  loss: Str,
  reduction: Reduction,
  params: ParamsSchema,
  dataset: DatasetInfoSchema,
  mapping: MappingSchema,
  /** The reduced value; null for reduction 'none' (then see meanPerSample). */
  value: NumSchema,
  meanPerSample: NumSchema,
  /** Rows used, per-sample units (rows, pairs, queries, triplets) and what `mean` divided by. */
  n: Int,
  unit: Str,
  count: Int,
  denominator: v.number(),
  skipped: SkippedRowsSchema,
  metrics: v.record(Str, v.number()),
  counts: v.record(Str, v.number()),
  histogram: HistogramSchema,
  scatter: v.nullable(ScatterSchema),
  /**
   * Per-row L2 norm of a per-sample gradient w.r.t. the differentiable role(s) (never of the
   * reduced loss, which carries 1/N). `of`: `per-sample` for row units, ∂l_i/∂(row i's inputs);
   * `sum` for pair, query and triplet units, ∂(Σ losses)/∂(row i's inputs), as a unit depends on
   * several rows. `label` names it (axis title), `note` says it in a sentence.
   */
  gradient: v.nullable(
    v.object({
      role: Str,
      of: v.picklist(['per-sample', 'sum']),
      label: Str,
      note: Str,
      histogram: HistogramSchema,
      mean: NumSchema,
      max: NumSchema,
      p99: NumSchema,
    }),
  ),
  /**
   * For a loss without a gradient that has a second per-unit output (adarank: each query's weight in
   * the next AdaRank round, P(q) = exp(−E(q)) / Σ exp(−E)), shown where `gradient` is for the others.
   */
  unitWeights: v.optional(
    v.nullable(
      v.object({
        name: Str,
        doc: Str,
        histogram: HistogramSchema,
        min: NumSchema,
        max: NumSchema,
        /** The largest weights with their unit's id (query id) and first CSV line, largest first, at most 20. */
        top: v.array(v.object({ id: v.number(), weight: v.number(), line: v.nullable(Int) })),
      }),
    ),
  ),
  worst: v.array(WorstRowSchema),
  analysis: v.nullable(FamilyAnalysisSchema),
  suggestions: v.array(ParamSuggestionSchema),
  /** Plain-text summary (for "copy summary"). */
  summary: Str,
  evalMs: v.number(),
});
export type DataResult = v.InferOutput<typeof DataResultSchema>;
