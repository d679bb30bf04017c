/**
 * The panel's `code` and `insertCode` requests as code text: a loss in a framework (Loss Lab's
 * convention or the framework's built-in), or a training objective (LightGBM) for a loss whose spec
 * has one, as `loss-lab snippet --framework lightgbm` gives it. One place for both requests and
 * the test host.
 */
import { FRAMEWORK_LABELS, generateCode, generateObjective, OBJECTIVE_FRAMEWORKS, OBJECTIVE_LABELS, type ObjectiveFramework } from '../codegen';
import type { LossSpec } from '../engine/spec';
import type { CodeFrameworkId, CodeResult, ParamsData, RequestOf } from '../shared/protocol';

type CodeAsk = Pick<RequestOf<'code'>, 'loss' | 'params' | 'framework' | 'reduction' | 'convention'>;

const isObjective = (f: CodeFrameworkId): f is ObjectiveFramework => (OBJECTIVE_FRAMEWORKS as readonly string[]).includes(f);

/** "PyTorch", "LightGBM objective"... for messages. */
export function codeLabel(f: CodeFrameworkId): string {
  return isObjective(f) ? `${OBJECTIVE_LABELS[f]} objective` : FRAMEWORK_LABELS[f];
}

/**
 * The code for the request. An objective has no reduction or convention (it reproduces the
 * built-in objective's gradients per row), so those are not used for it.
 */
export function codeFor(spec: LossSpec, req: CodeAsk, opts: { readonly snippet?: boolean; readonly typescript?: boolean } = {}): CodeResult {
  const f = req.framework;
  if (isObjective(f)) {
    return { framework: f, language: 'python', code: generateObjective(spec, req.params as ParamsData, f, opts.snippet ? { snippet: true } : {}) };
  }
  // The built-in keeps its own default reduction: the panel's reduction is Loss Lab's.
  const code = generateCode(req.loss, req.params, f, {
    ...(opts.snippet ? { snippet: true } : {}),
    ...(opts.typescript !== undefined ? { typescript: opts.typescript } : {}),
    ...(req.convention === 'builtin' ? { convention: 'builtin' as const } : req.reduction ? { reduction: req.reduction } : {}),
  });
  return { framework: f, language: f === 'tfjs' ? 'typescript' : 'python', code };
}
