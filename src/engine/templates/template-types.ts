/**
 * The contract between a loss file's `code` section and the emitters in `src/codegen/`.
 *
 * A loss says only what is particular to it (which library call, or the few statements that compute
 * its per-unit losses); the emitters write everything common once: import lines, the header comment,
 * the class or function shell, per-sample weighting, the reduction, hyperparameter literals (tab stops
 * in editor snippets) and the final binding (`criterion = ...` for PyTorch).
 */
import type { ParamValue, Reduction, ResolvedParams } from '../spec';

export type Framework = 'pytorch' | 'keras' | 'jax' | 'tfjs';
export const FRAMEWORKS: readonly Framework[] = ['pytorch', 'keras', 'jax', 'tfjs'];

/** What a loss's template receives. Hyperparameter text comes from `p`/`v`, never formatted by hand. */
export interface TemplateContext {
  readonly params: ResolvedParams;
  readonly reduction: Reduction;
  /** The snippet takes a per-sample `weight` argument (only for losses with a sample-weight role). */
  readonly weighted: boolean;
  /** tfjs only: emit TypeScript annotations. */
  readonly typescript: boolean;
  /**
   * The user's value of hyperparameter `name` as a literal of the target language (Python `None`,
   * `True`, `[1.0, 2.0]`; JavaScript `null`, `true`, `[1, 2]`), an editable tab stop in snippets.
   * Use it where the value is passed to a library call or a constructor.
   */
  p(name: string): string;
  /**
   * A reference to hyperparameter `name` inside a per-unit body: `self.gamma` in PyTorch modules and
   * Keras `Loss` subclasses, the plain parameter `gamma` in functions.
   */
  v(name: string): string;
  /** A literal of the target language for a fixed value (not a tab stop). */
  lit(value: ParamValue): string;
  /** tfjs: `annotation` in TypeScript, nothing in JavaScript (`const pairs${c.ts(': number[]')} = []`). */
  ts(annotation: string): string;
}

/** Shared by every kind: extra imports and the convention note shown as a comment. */
interface CodeBase {
  /** Import lines beyond the framework's standard ones (`import torch`, `keras.ops as ops`, ...). */
  readonly imports?: readonly string[];
  /** Where frameworks differ: which convention this code follows (one or two sentences). */
  readonly note?: string;
}

/**
 * A library class that implements the loss and takes a reduction argument: a PyTorch `nn` loss or a
 * Keras `keras.losses.*` class. The emitter appends the reduction argument and binds the object.
 */
export interface BuiltinCode extends CodeBase {
  readonly kind: 'builtin';
  /** `nn.SmoothL1Loss`, `keras.losses.Huber`. */
  readonly callee: string;
  /** Keyword arguments in order: [name, literal] (literals from `ctx.p`). */
  readonly args: ReadonlyArray<readonly [string, string]>;
}

/**
 * A `tf.losses.*` call (labels, predictions, weights, ..., reduction). The emitter picks the weights
 * and reduction arguments: tfjs' `Reduction.MEAN` with weights divides by Σ w, so weighted means are
 * computed as `SUM / N` instead (Loss Lab's convention).
 */
export interface TfjsLossCode extends CodeBase {
  readonly kind: 'tfjsLoss';
  /** Builds the call from the weights expression (`undefined` or `weight`) and a `tf.Reduction.*` expression. */
  readonly call: (weights: string, reduction: string) => string;
}

/**
 * Statements computing `loss`, the per-unit losses (one per row, pair, query or triplet), from the
 * role variables (named as the registry's roles) and hyperparameters (`ctx.v`). The emitter wraps them
 * in an `nn.Module`, a `keras.losses.Loss` subclass or a function, applies per-sample weights and the
 * reduction.
 */
export interface PerUnitCode extends CodeBase {
  readonly kind: 'perUnit';
  /** Statements, one per line, unindented; the last one assigns `loss` (Python) or `const loss` (JS). */
  readonly body: string;
  /** `mean` = Σ loss / normalizer (an expression of the body's variables); default: the unit count. */
  readonly normalizer?: string;
  /**
   * Python only: `loss` is a dense array (e.g. all (i, j) pairs) and `mask` (a boolean array of the same
   * shape) selects the units. `mean` and `sum` stay jit-friendly (masked sums); `none` returns the
   * selected values in row-major order, or ordered by `sortBy` (an array shaped like `mask`).
   */
  readonly mask?: string;
  readonly sortBy?: string;
  /** Module-level helper definitions placed before the class or function. */
  readonly helpers?: string;
}

/**
 * A loss with no equivalent in this framework (LightGBM's lambdarank gradients are not a loss to
 * backpropagate): the emitted file is a comment saying why, and what to use instead.
 */
export interface UnavailableCode extends CodeBase {
  readonly kind: 'unavailable';
  readonly reason: string;
  /** Lines of what to use instead (hyperparameter literals from `ctx.p`). */
  readonly instead: readonly string[];
}

export type LossCode = BuiltinCode | TfjsLossCode | PerUnitCode | UnavailableCode;

/** Frameworks that take a training objective (gradient and hessian per row) rather than a loss. */
export type ObjectiveFramework = 'lightgbm';
export const OBJECTIVE_FRAMEWORKS: readonly ObjectiveFramework[] = ['lightgbm'];

/** A custom objective for a gradient-boosting library: module-level statements, then the function. */
export interface ObjectiveCode {
  readonly note: string;
  readonly imports: readonly string[];
  /** Python statements defining `objective(preds, train_data) -> (grad, hess)` and its helpers. */
  readonly body: string;
  /** How to pass it to the library (a comment line). */
  readonly usage: string;
}

export type CodeTemplate = (ctx: TemplateContext) => LossCode;

/** The `code` section of a loss file: one template per framework. */
export interface CodeTemplates {
  /** Class name for written-out modules (default: from the id, `sigmoid_focal` → `SigmoidFocalLoss`). */
  readonly className?: string;
  readonly pytorch: CodeTemplate;
  readonly keras: CodeTemplate;
  readonly jax: CodeTemplate;
  readonly tfjs: CodeTemplate;
  /**
   * `unavailable` when every loss-framework template above returns an `unavailable` code (the loss
   * is an objective, not a loss): generated-code tests and the static snippets skip it.
   */
  readonly lossFrameworks?: 'unavailable';
  /** A LightGBM custom objective (`loss-lab snippet --framework lightgbm`), for objectives LightGBM has. */
  readonly lightgbm?: (ctx: TemplateContext) => ObjectiveCode;
}

export interface GenerateOptions {
  /** Reduction baked into (or passed to) the code; default: the loss's default reduction. */
  readonly reduction?: Reduction;
  /** Emit VS Code snippet syntax: hyperparameters as tab stops, `$`, `}` and `\` escaped. */
  readonly snippet?: boolean;
  /** Take per-sample weights as a last argument (losses with a `weight` role only). */
  readonly weighted?: boolean;
  /** tfjs: TypeScript (default) or plain JavaScript. */
  readonly typescript?: boolean;
  /**
   * `loss-lab` (default): code that computes Loss Lab's convention; `builtin`: the framework's own
   * built-in with its own defaults, and a comment naming how it differs (the spec's framework rows).
   */
  readonly convention?: Convention;
}

export type Convention = 'loss-lab' | 'builtin';
export const CONVENTIONS: readonly Convention[] = ['loss-lab', 'builtin'];
