/**
 * Framework rows: what each framework's built-in computes for a loss, as data in the loss's own
 * spec (`LossSpec.frameworks`, issue #15). A row names the framework API and its source, and, for
 * the user's settings, builds the call that reproduces them, the built-in's default reduction, how
 * its value relates to Loss Lab's and the convention switches (./conventions.ts) under which the
 * engine computes that value on the same inputs.
 *
 * `verified` says how a row is known to be right: `executed` rows are run for real in the tests
 * (PyTorch and torchvision in Debian's python3, TF.js's own `tf.losses.*` in Node) on every golden
 * case of the loss, and their `call` is the very code that runs; `transcribed` rows are written
 * from the framework's source (cited: repository, file, function, commit; see
 * docs/research/conventions.md) and each keeps a hand-worked example in the tests.
 */
import type { ConventionSwitch } from './conventions';
import { torch as torchSrc } from './framework-sources';
import type { EvalInputs, ResolvedParams } from './spec';

export type FrameworkId =
  | 'pytorch' | 'torchvision' | 'keras' | 'tfjs' | 'optax'
  | 'pytorch-metric-learning' | 'tensorflow-addons' | 'tf-ranking' | 'allrank' | 'lightgbm' | 'paper';
export const FRAMEWORK_IDS: readonly FrameworkId[] = [
  'pytorch', 'torchvision', 'keras', 'tfjs', 'optax', 'pytorch-metric-learning', 'tensorflow-addons', 'tf-ranking', 'allrank', 'lightgbm', 'paper',
];

export type Relation = 'same' | 'factor' | 'different' | 'unsupported';
export const RELATIONS: readonly Relation[] = ['same', 'factor', 'different', 'unsupported'];
export type Verified = 'executed' | 'transcribed';

/** Where a row's semantics come from. */
export interface SourceRef {
  readonly repo: string;
  readonly file: string;
  readonly function: string;
  readonly commit: string;
}

/** What a row is built from: the user's settings and the data it is evaluated on. */
export interface FrameworkContext {
  readonly params: ResolvedParams;
  readonly inputs: EvalInputs;
  /** Whether a per-sample weight column is given. */
  readonly weighted: boolean;
}

/** A row for the user's settings. */
export interface FrameworkCall {
  /**
   * The call, in the framework's language, on variables named after the loss's roles. For
   * executed rows this is the code the tests run (PyTorch: Python with torch, nn, F, torchvision
   * in scope; TF.js: JavaScript with tf in scope) and must evaluate to the loss.
   */
  readonly call: string;
  /** The built-in's default reduction, in its own words (`mean`, `sum_over_batch_size`, `none`...). */
  readonly reduction: string;
  readonly relation: Relation;
  /** When relation is `factor`: the built-in's value is `factor` × Loss Lab's. */
  readonly factor?: number;
  /** One sentence: why the value is what it is. */
  readonly reason: string;
  /** How the engine computes this row's value (empty: Loss Lab's own; ignored for `unsupported`). */
  readonly switches: readonly ConventionSwitch[];
}

export interface FrameworkRow {
  readonly framework: FrameworkId;
  /** The API, e.g. `keras.losses.Huber`. */
  readonly api: string;
  readonly verified: Verified;
  readonly source: SourceRef;
  /** The row for the user's settings. */
  readonly build: (ctx: FrameworkContext) => FrameworkCall;
}

/** A loss's own convention knob, settable only by a `knob` switch (never a user hyperparameter). */
export interface ConventionKnob {
  readonly name: string;
  readonly default: number;
  readonly doc: string;
}

/** True when some per-sample weight is 0 (tf.losses then divides by fewer than N). */
export function hasZeroWeight(inputs: EvalInputs): boolean {
  const w = inputs.weight?.data;
  if (!w) return false;
  for (let i = 0; i < w.length; i++) if (w[i] === 0) return true;
  return false;
}

/** A Python / JS number literal for calls. */
export function lit(v: number): string {
  if (Number.isInteger(v)) return v.toFixed(1);
  return String(v);
}

const SAME_MEAN = 'The mean over the N rows, as Loss Lab.';

/** A relation to Loss Lab's value, stated once per builder. */
export interface Difference {
  readonly relation: FrameworkCall['relation'];
  readonly factor?: number;
  readonly reason: string;
  readonly switches: readonly ConventionSwitch[];
}
export const SAME = (reason = SAME_MEAN): Difference => ({ relation: 'same', reason, switches: [] });
export const FACTOR = (k: number, reason: string): Difference => ({ relation: 'factor', factor: k, reason, switches: [{ kind: 'factor', factor: k }] });
export const UNSUPPORTED = (reason: string): Difference => ({ relation: 'unsupported', reason, switches: [] });


/** PyTorch has no built-in for this loss: a row that says so. */
export function torchNone(what: string): FrameworkRow {
  return {
    framework: 'pytorch',
    api: 'torch.nn (none)',
    verified: 'transcribed',
    source: torchSrc('(module list)'),
    build: () => ({ call: '-', reduction: '-', ...UNSUPPORTED(`PyTorch has no built-in ${what} loss; Loss Lab's PyTorch snippet writes it out.`) }),
  };
}
