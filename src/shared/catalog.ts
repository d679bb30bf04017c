/**
 * The loss catalog as plain data, sent to the webview in `init`. Built on the host from the engine's
 * registry (src/lab/catalog-data.ts); the webview generates its picker and controls from it and
 * never hard-codes a loss. Mirrors `LossSpec`/`ParamSpec`/`RoleSpec` in src/engine/spec.ts minus the
 * functions, plus `view`: how the panel plots the loss.
 */
import * as v from 'valibot';

export const FAMILY_IDS = ['regression', 'classification', 'ranking', 'similarity'] as const;
export type FamilyId = (typeof FAMILY_IDS)[number];

export const REDUCTION_IDS = ['mean', 'sum', 'none'] as const;
export type ReductionId = (typeof REDUCTION_IDS)[number];

export const FRAMEWORK_IDS = ['pytorch', 'keras', 'jax', 'tfjs'] as const;
export type FrameworkId = (typeof FRAMEWORK_IDS)[number];

/**
 * Training objectives rather than losses (a LightGBM custom objective: grad and hess per row); a
 * loss offers one only when its spec has its template (catalog `objectives`). The engine's
 * OBJECTIVE_FRAMEWORKS (src/engine/templates/template-types.ts) is the owner; a test checks they agree.
 */
export const OBJECTIVE_FRAMEWORK_IDS = ['lightgbm'] as const;
export type ObjectiveFrameworkId = (typeof OBJECTIVE_FRAMEWORK_IDS)[number];
/** What the code view and the `code`/`insertCode` requests can ask for. */
export const CODE_FRAMEWORK_IDS = [...FRAMEWORK_IDS, ...OBJECTIVE_FRAMEWORK_IDS] as const;
export type CodeFrameworkId = (typeof CODE_FRAMEWORK_IDS)[number];

/**
 * How a loss is plotted: the explanatory variable of its family. Losses of the same kind share an
 * x axis and can be overlaid in Compare; losses of different kinds cannot.
 * - `regression`: residual ŷ − y
 * - `classification`: probability of the true class (multi-class logits)
 * - `binary`: p = σ(z) (one logit), one curve per target
 * - `ranking`: score difference s_i − s_j of a 2-document query with rel_i > rel_j
 * - `contrastive`: distance d, one curve per label, margin marked
 * - `triplet`: d(a,p) − d(a,n)
 */
export const CURVE_KINDS = ['regression', 'classification', 'binary', 'ranking', 'contrastive', 'triplet', 'cosine', 'in_batch'] as const;
export type CurveKind = (typeof CURVE_KINDS)[number];

const Str = (max = 4000) => v.pipe(v.string(), v.maxLength(max));
const Num = v.number();
const NumOrNull = v.nullable(v.number());

const ParamBase = { name: Str(64), doc: Str() };
/**
 * Every number must be finite (the engine refuses inf and NaN even where a range is unbounded);
 * optional for older hosts. The constraints here are all a value's validity needs: the webview
 * checks them with src/shared/param-rule.ts, the same rule as the engine's.
 */
const Finite = v.optional(v.boolean(), true);

export const CatalogParamSchema = v.variant('kind', [
  v.object({
    ...ParamBase,
    kind: v.literal('number'),
    default: Num,
    /** JSON has no Infinity: an unbounded side is null. */
    min: NumOrNull,
    max: NumOrNull,
    minExclusive: v.boolean(),
    maxExclusive: v.optional(v.boolean(), false),
    finite: Finite,
    /** Slider range and step (always finite). */
    ui: v.object({ min: Num, max: Num, step: Num }),
    sweep: v.boolean(),
  }),
  v.object({
    ...ParamBase,
    kind: v.literal('integer'),
    default: NumOrNull,
    min: NumOrNull,
    max: NumOrNull,
    nullable: v.boolean(),
    finite: Finite,
    ui: v.object({ min: Num, max: Num, step: Num }),
    sweep: v.boolean(),
  }),
  v.object({ ...ParamBase, kind: v.literal('boolean'), default: v.boolean() }),
  v.object({ ...ParamBase, kind: v.literal('enum'), default: Str(200), options: v.array(Str(200)) }),
  v.object({
    ...ParamBase,
    kind: v.literal('numberList'),
    default: v.nullable(v.array(Num)),
    /** Bounds of every entry (closed). */
    min: NumOrNull,
    max: NumOrNull,
    finite: Finite,
    /** Fewest entries of a list that is set (null, not set, is always allowed). */
    minLength: v.optional(v.number(), 1),
  }),
]);
export type CatalogParam = v.InferOutput<typeof CatalogParamSchema>;

export const CatalogRoleSchema = v.object({
  name: Str(32),
  columns: v.picklist(['one', 'many']),
  domain: Str(32),
  differentiable: v.boolean(),
  optional: v.boolean(),
  sampleWeight: v.boolean(),
  aliases: v.array(Str(200)),
  doc: Str(),
});
export type CatalogRole = v.InferOutput<typeof CatalogRoleSchema>;

export const CatalogLossSchema = v.object({
  id: Str(64),
  family: v.picklist(FAMILY_IDS),
  title: Str(200),
  doc: Str(),
  formula: Str(),
  /** The formula in TeX (typeset as math by the webview); optional for older hosts. */
  tex: v.optional(Str()),
  reference: Str(),
  convention: Str(),
  roles: v.array(CatalogRoleSchema),
  params: v.array(CatalogParamSchema),
  reductions: v.array(v.picklist(REDUCTION_IDS)),
  defaultReduction: v.picklist(REDUCTION_IDS),
  /** What one per-sample value stands for: a row, a pair, a query, a triplet. */
  unit: Str(16),
  /** Training objectives the loss's spec has code for (lambdamart: LightGBM); optional for older hosts. */
  objectives: v.optional(v.array(v.picklist(OBJECTIVE_FRAMEWORK_IDS))),
  view: v.object({
    kind: v.picklist(CURVE_KINDS),
    /** Axis label of the explanatory variable, e.g. "residual ŷ − y". */
    variable: Str(200),
  }),
});
export type CatalogLoss = v.InferOutput<typeof CatalogLossSchema>;

export const CatalogSchema = v.object({
  families: v.array(v.object({ family: v.picklist(FAMILY_IDS), title: Str(100), losses: v.array(Str(64)) })),
  losses: v.array(CatalogLossSchema),
});
export type Catalog = v.InferOutput<typeof CatalogSchema>;
