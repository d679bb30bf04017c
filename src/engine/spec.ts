/**
 * The shape of a loss definition. Every loss is one file under `losses/<family>/` exporting one
 * `LossSpec`; the registry collects them. Panel controls, CLI help, snippets and README tables are
 * generated from these specs, so the math of each loss is said once, in its own file.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { CodeTemplates } from './templates/template-types';
import type { ConventionKnob, FrameworkRow } from './frameworks';

export type Family = 'regression' | 'classification' | 'ranking' | 'similarity';
export const FAMILIES: readonly Family[] = ['regression', 'classification', 'ranking', 'similarity'];

export type Reduction = 'mean' | 'sum' | 'none';
export const REDUCTIONS: readonly Reduction[] = ['mean', 'sum', 'none'];

/** Input role names. They are part of the CLI contract (`--map ROLE=COLUMNS`, `grad` keys). */
export type RoleName =
  | 'prediction' | 'target' | 'weight'
  | 'variance'
  | 'logits' | 'logit' | 'teacher_logits'
  | 'query' | 'score' | 'relevance'
  | 'x1' | 'x2' | 'label'
  | 'anchor' | 'positive' | 'negative'
  | 'embedding'
  | 'features';

/**
 * What values a role's cells may take; checked by the data layer, which names file, line and
 * column of the first offending cell.
 */
export type RoleDomain =
  | 'real'        // any finite number
  | 'binary'      // 0 or 1
  | 'unit'        // in [0, 1]
  | 'classIndex'  // integer in [0, C) where C is the column count of the logits role (or ignore_index)
  | 'integer'     // any integer (query ids, class labels for mining)
  | 'nonnegative'
  | 'sign'        // 1 or −1 (similar or dissimilar pairs, as nn.CosineEmbeddingLoss takes them)
  | 'gainIndex';  // integer in [0, len(label_gain)): an index into the loss's `label_gain` list (LightGBM's rule)

export interface RoleSpec {
  readonly name: RoleName;
  /** `one`: a single column; `many`: one or more columns (logits, embeddings). */
  readonly columns: 'one' | 'many';
  readonly domain: RoleDomain;
  /** Gradients are reported for differentiable roles. */
  readonly differentiable: boolean;
  readonly optional?: boolean;
  /**
   * A per-sample weight role. The engine applies it once, in `evaluate.ts`: the per-sample loss
   * becomes `w_i * l_i` and `mean` divides by N (Keras' and the common hand-written convention).
   */
  readonly sampleWeight?: boolean;
  /** Column names (lower-case) that the data layer's inference maps to this role; `logit_*` globs allowed. */
  readonly aliases: readonly string[];
  readonly doc: string;
  /** An upper bound on the role's values beyond its domain, and why (checked with the domain). */
  readonly max?: { readonly value: number; readonly why: string };
  /**
   * A narrower domain that holds only under some hyperparameters, and why (poisson_nll's prediction
   * is a rate λ >= 0 when log_input = false). Checked with the domain, so a cell outside it is
   * located in the file like any other domain error.
   */
  readonly domainWhen?: { readonly domain: RoleDomain; readonly when: (params: ResolvedParams) => boolean; readonly why: string };
}

interface ParamBase {
  readonly name: string;
  readonly doc: string;
}
export interface NumberParam extends ParamBase {
  readonly kind: 'number';
  readonly default: number;
  readonly min: number;
  readonly max: number;
  /** When true the bound itself is not allowed (e.g. beta > 0). */
  readonly minExclusive?: boolean;
  /** When true the upper bound itself is not allowed (e.g. quantile q < 1). */
  readonly maxExclusive?: boolean;
  /** Suggested slider range when [min, max] is unbounded or too wide. */
  readonly ui?: { readonly min: number; readonly max: number; readonly step: number };
  /** Offered in the panel's sensitivity sweep. */
  readonly sweep?: boolean;
}
export interface IntegerParam extends ParamBase {
  readonly kind: 'integer';
  /** `null` means "none" (e.g. lambdarank `k` = full list). */
  readonly default: number | null;
  readonly min: number;
  readonly max: number;
  readonly nullable?: boolean;
  readonly sweep?: boolean;
}
export interface BooleanParam extends ParamBase {
  readonly kind: 'boolean';
  readonly default: boolean;
}
export interface EnumParam extends ParamBase {
  readonly kind: 'enum';
  readonly options: readonly string[];
  readonly default: string;
}
/** A list of numbers, one per class (class weights). `null` means "not set". */
export interface NumberListParam extends ParamBase {
  readonly kind: 'numberList';
  readonly default: readonly number[] | null;
  readonly min: number;
  readonly max: number;
}
export type ParamSpec = NumberParam | IntegerParam | BooleanParam | EnumParam | NumberListParam;
export type ParamValue = number | boolean | string | readonly number[] | null;
export type ResolvedParams = Readonly<Record<string, ParamValue>>;

/** One role's data for the whole input: row-major, `data.length === n * cols`. */
export interface RoleInput {
  readonly data: Float32Array;
  readonly cols: number;
  /** Source column names, for messages and output (optional). */
  readonly columns?: readonly string[];
}
export type EvalInputs = Readonly<Partial<Record<RoleName, RoleInput>>>;

/** One batch of rows as the engine hands it to a loss's `compute`. */
export interface Batch {
  /** Rows in this batch. */
  readonly n: number;
  /** Tensors by role: shape [n] for `one`-column roles, [n, C] for `many`. Differentiable roles are the tape's inputs. */
  readonly t: Readonly<Partial<Record<RoleName, tf.Tensor>>>;
  /** The same data on the host, row-major (n * cols values). */
  readonly host: Readonly<Partial<Record<RoleName, Float32Array>>>;
  /** Column count by role. */
  readonly cols: Readonly<Partial<Record<RoleName, number>>>;
}

export interface LossOutput {
  /**
   * Contract by unit: `row` losses return one value per row of the batch, in batch order; `query`
   * losses one value per query group, in batch order (groups come sorted by id); `pair` and
   * `triplet` losses one value per pair or triplet they form; `file` losses one value for the whole
   * input (a one-element tensor).
   *
   * Per-unit losses, already multiplied by any per-class weight the loss applies itself (as
   * PyTorch's `reduction='none'` returns them). Its gradient is taken with respect to the
   * differentiable roles.
   */
  readonly values: tf.Tensor1D;
  /**
   * Per-unit normalizer weights for `mean` (sum(values) / sum(weights)); when absent, `mean` divides
   * by the unit count. Used by cross-entropy class weights and ignore_index (PyTorch convention).
   */
  readonly weights?: Float32Array | Float64Array;
  /** Counts worth reporting (e.g. mined triplets). Summed over batches. */
  readonly counts?: Readonly<Record<string, number>>;
  /**
   * For a loss that forms its units inside compute (mined triplets), with `batching: 'whole'` (batch
   * rows are input rows): the input row of each part of each unit, by part name ({anchor, positive,
   * negative}), in unit order. Passed through to EvalResult.unitRows for the data view.
   */
  readonly unitRows?: Readonly<Record<string, Int32Array>>;
}

/** What one per-sample value stands for; `file`: one value for the whole input (soft Dice, Tversky). */
export type LossUnit = 'row' | 'pair' | 'query' | 'triplet' | 'file';

/**
 * How the engine may split rows into batches: `rows` anywhere; `group` only at boundaries of the
 * `query` role (rows are grouped by query id first); `whole` never (O(n^2) losses, capped).
 */
export type Batching = 'rows' | 'group' | 'whole';

/**
 * The default bound of a `whole`-batched loss (`file` losses computed in one batch, triplet
 * mining): each such loss declares its own bound in `maxRows`, most of them this one.
 */
export const WHOLE_BATCH_MAX_ROWS = 8192;

/** The most rows a loss accepts, and why (said in its help, the README and the refusal). */
export interface RowLimit {
  readonly rows: number;
  /** Why, as a clause: "it compares every pair of rows in one batch, ...". */
  readonly why: string;
}

/**
 * How a loss's gradient is obtained: `autodiff` (the default: tfjs differentiates `compute`),
 * `closed-form` (the loss's `closedForm` hook gives the gradient and the hessian, e.g. LightGBM's
 * lambdas, which are not the gradient of any value the loss reports), `none` (no gradient).
 */
export type GradientKind = 'autodiff' | 'closed-form' | 'none';

/** Per row of a batch, in batch order: the gradient and the hessian for the loss's one differentiable role. */
export interface ClosedFormGrad {
  readonly grad: Float32Array;
  readonly hess: Float32Array;
}

export interface LossSpec {
  readonly id: string;
  readonly family: Family;
  readonly title: string;
  /** One paragraph: what it does and when to use it. */
  readonly doc: string;
  /** The formula, in plain text with Unicode (CLI help, README, the panel's plain-text copy). */
  readonly formula: string;
  /**
   * The same formula in TeX, for the panel, which typesets it as math (KaTeX to MathML; a unit test
   * parses every loss's). Say the same as `formula`, with the same symbols and parameter names.
   */
  readonly tex: string;
  /** What it must match, e.g. `torch.nn.SmoothL1Loss`. */
  readonly reference: string;
  /** Which convention it follows where frameworks differ (what `mean` divides by, param scaling). */
  readonly convention: string;
  readonly roles: readonly RoleSpec[];
  readonly params: readonly ParamSpec[];
  readonly reductions: readonly Reduction[];
  readonly defaultReduction: Reduction;
  readonly unit: LossUnit;
  readonly batching: Batching;
  /**
   * The most rows the loss accepts, and why (required with `batching: 'whole'`). The one owner of
   * the bound: the engine refuses more (`tooManyRows`), the data layer refuses a file with more at
   * the line of its first row beyond, and the CLI help, the README and the panel say it
   * (`conventionText`).
   */
  readonly maxRows?: RowLimit;
  /**
   * Cross-parameter / cross-role checks (e.g. class weight list length = C). Return an error
   * message (with the parameter it is about, when one is), or null.
   */
  readonly check?: (params: ResolvedParams, cols: Readonly<Partial<Record<RoleName, number>>>) => string | { readonly message: string; readonly param: string } | null;
  readonly compute: (batch: Batch, params: ResolvedParams) => LossOutput;
  /**
   * How the gradient reported for the differentiable roles is obtained: `autodiff` (the default:
   * tfjs autodiff of `compute`'s values), `closed-form` (formulas in the loss's file, not the
   * derivative of its value: `closedForm`), or `none` (the loss has no gradient: `--grad` is refused
   * and the panel shows `unitWeights` where other losses show gradients).
   */
  readonly gradientKind?: GradientKind;
  /**
   * With `gradientKind: 'closed-form'`: the gradient and hessian of each row of the batch for the
   * one differentiable role, as the loss defines them (reported as they are, for `sum` and `none`).
   */
  readonly closedForm?: (batch: Batch, params: ResolvedParams) => ClosedFormGrad;
  /**
   * A second per-unit output derived from the per-unit values of the whole input (e.g. AdaRank's
   * next-round query weights exp(−E_q) / Σ exp(−E)). `of` gets every unit's value, in unit order.
   */
  readonly unitWeights?: {
    readonly name: string;
    readonly doc: string;
    readonly of: (perUnit: ArrayLike<number>) => Float64Array;
  };
  /** Metrics reported beside the loss (not differentiated): accuracy, NDCG@k, MRR. */
  readonly metrics?: (inputs: EvalInputs, params: ResolvedParams) => Readonly<Record<string, number>>;
  /** Code templates for PyTorch, Keras, JAX and TensorFlow.js (see src/engine/templates/template-types.ts). */
  readonly code?: CodeTemplates;
  /**
   * What each framework's built-in gives for this loss and why (./frameworks.ts): one row per API,
   * each evaluated by the engine as a variant of this loss (./conventions.ts). Drives the CLI's
   * `parity`, the panel's Frameworks view and the README's conventions table.
   */
  readonly frameworks?: readonly FrameworkRow[];
  /**
   * Convention knobs `compute` reads from its params when a variant sets them (`knob` switches in
   * ./conventions.ts); absent, compute uses the default, which is Loss Lab's convention.
   */
  readonly knobs?: readonly ConventionKnob[];
}

export function num(p: ResolvedParams, name: string): number {
  const v = p[name];
  if (typeof v !== 'number') throw new Error(`internal: param ${name} is not a number`);
  return v;
}
export function optNum(p: ResolvedParams, name: string): number | null {
  const v = p[name];
  if (v === null) return null;
  return num(p, name);
}
export function bool(p: ResolvedParams, name: string): boolean {
  const v = p[name];
  if (typeof v !== 'boolean') throw new Error(`internal: param ${name} is not a boolean`);
  return v;
}
export function str(p: ResolvedParams, name: string): string {
  const v = p[name];
  if (typeof v !== 'string') throw new Error(`internal: param ${name} is not a string`);
  return v;
}
export function list(p: ResolvedParams, name: string): readonly number[] | null {
  const v = p[name];
  if (v === null) return null;
  if (!Array.isArray(v)) throw new Error(`internal: param ${name} is not a list`);
  return v as readonly number[];
}

/** The loss's bound on rows as a sentence, or null when it has none. */
export function rowLimitText(spec: LossSpec): string | null {
  return spec.maxRows ? `Takes at most ${spec.maxRows.rows} rows: ${spec.maxRows.why}.` : null;
}

/** The convention followed, with the bound on rows when the loss has one (help, README, panel). */
export function conventionText(spec: LossSpec): string {
  const limit = rowLimitText(spec);
  return limit ? `${spec.convention} ${limit}` : spec.convention;
}

/** Why `n` rows are refused (more than the loss's `maxRows`, with what to do), or null. */
export function tooManyRows(spec: LossSpec, n: number): string | null {
  const m = spec.maxRows;
  if (!m || n <= m.rows) return null;
  return `${spec.id} takes at most ${m.rows} rows (${m.why}), got ${n} rows; use a sample of at most ${m.rows} rows (for example one training batch)`;
}

/** Why `--grad` (or `grad: true`) is refused for a loss, or null when it has a gradient. */
export function noGradientReason(spec: LossSpec): string | null {
  if (spec.gradientKind !== 'none') return null;
  const w = spec.unitWeights ? `; its per-${spec.unit} ${spec.unitWeights.name} come with --per-sample instead` : '';
  return `${spec.id} has no gradient (it depends on the scores only through their order)${w}`;
}
