/**
 * generateCode(lossId, params, framework, opts): the code of one loss, with the user's
 * hyperparameters, for one framework: self-contained (imports included), with a header comment naming
 * the convention followed and a usage comment giving the call and the inputs' dtypes and shapes.
 */
import { resolveParams } from '../engine/params';
import { getLoss } from '../engine/registry';
import type { LossSpec, ParamValue, ResolvedParams } from '../engine/spec';
import { builtinRows, emitBuiltin } from './emit-builtin';
import { emitJax, JAX_IMPORTS } from './emit-jax';
import { emitKeras, KERAS_IMPORTS, kerasIsLossObject, kerasPair } from './emit-keras';
import { emitPytorch, PYTORCH_IMPORTS } from './emit-pytorch';
import { emitTfjs } from './emit-tfjs';
import { literal, type Language } from './literals';
import { paramRef, Placeholders } from './placeholders';
import { callRoles, comment, describeRole, formulaLines, importsFor } from './shell';
import type { Framework, GenerateOptions, LossCode, ObjectiveFramework, TemplateContext, UnavailableCode } from '../engine/templates/template-types';

export class CodegenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CodegenError';
  }
}

export const FRAMEWORK_LABELS: Readonly<Record<Framework, string>> = {
  pytorch: 'PyTorch',
  keras: 'Keras 3',
  jax: 'JAX / optax',
  tfjs: 'TensorFlow.js',
};

function languageOf(fw: Framework): Language {
  return fw === 'tfjs' ? 'js' : 'python';
}

/** A hyperparameter's literal as the framework takes it (class weights as a tensor in PyTorch and JAX). */
function frameworkLiteral(spec: LossSpec, name: string, value: ParamValue, fw: Framework): string {
  const p = spec.params.find((s) => s.name === name);
  if (!p) throw new Error(`internal: ${spec.id} has no parameter ${name}`);
  const lit = literal(value, languageOf(fw), p);
  if (p.kind === 'numberList' && value !== null) {
    if (fw === 'pytorch') return `torch.tensor(${lit})`;
    if (fw === 'jax') return `jnp.array(${lit})`;
  }
  return lit;
}

function makeContext(spec: LossSpec, params: ResolvedParams, fw: Framework, ph: Placeholders, o: Required<Omit<GenerateOptions, 'snippet' | 'convention'>>): TemplateContext {
  return {
    params,
    reduction: o.reduction,
    weighted: o.weighted,
    typescript: fw === 'tfjs' && o.typescript,
    p: (name) => ph.stop(name, frameworkLiteral(spec, name, params[name], fw)),
    v: (name) => paramRef(name),
    lit: (value) => literal(value, languageOf(fw)),
    ts: (annotation) => (fw === 'tfjs' && o.typescript ? annotation : ''),
  };
}

function header(spec: LossSpec, fw: Framework, code: LossCode, o: Required<Omit<GenerateOptions, 'snippet' | 'convention'>>): string {
  // PyTorch modules and Keras loss objects take the reduction as an argument; functions have it built in.
  const argument = fw === 'pytorch' || (fw === 'keras' && kerasIsLossObject(spec, code));
  const prefix = fw === 'tfjs' ? '// ' : '# ';
  const lines = [`${spec.title} — Loss Lab \`${spec.id}\` for ${FRAMEWORK_LABELS[fw]}${argument ? '' : `, reduction: ${o.reduction}`}.`];
  if (code.note) lines.push(code.note);
  if (o.weighted) lines.push('Per-sample weights: mean = Σ w_i l_i / N (Keras convention), sum = Σ w_i l_i.');
  return [comment(lines[0], prefix), formulaLines(spec.formula, prefix), ...lines.slice(1).map((l) => comment(l, prefix))].join('\n');
}

function usage(spec: LossSpec, fw: Framework, code: LossCode, weighted: boolean): string {
  const prefix = fw === 'tfjs' ? '// ' : '# ';
  let call: string;
  let roles = callRoles(spec, weighted);
  let kerasColumn = false;
  if (fw === 'keras' && kerasPair(spec)) {
    // Keras' order: y_true first. Loss objects average over the last axis: one-column inputs are (N, 1).
    roles = [...kerasPair(spec)!, ...(weighted ? callRoles(spec, true).slice(-1) : [])];
    kerasColumn = kerasIsLossObject(spec, code);
    const args: string[] = roles.map((r) => r.name);
    if (weighted && kerasColumn) args[args.length - 1] = 'sample_weight=weight';
    call = `loss = loss_fn(${args.join(', ')})`;
  } else {
    const fn = fw === 'pytorch' ? 'criterion' : fw === 'tfjs' ? 'lossFn' : 'loss_fn';
    call = `${fw === 'tfjs' ? 'const ' : ''}loss = ${fn}(${roles.map((r) => r.name).join(', ')})${fw === 'tfjs' ? ';' : ''}`;
  }
  const dims = roles.map((r) => describeRole(r, fw, kerasColumn && r.columns === 'one' && r.domain !== 'classIndex' && !r.sampleWeight)).join('; ');
  let extra = '';
  if (fw === 'jax') {
    const diff = roles.flatMap((r, i) => (r.differentiable ? [i] : []));
    const argnums = diff.length === 1 ? (diff[0] === 0 ? '' : `, argnums=${diff[0]}`) : `, argnums=(${diff.join(', ')})`;
    const names = diff.map((i) => roles[i].name).join(', ');
    extra = `\n${prefix}grads = jax.grad(loss_fn${argnums})(${roles.map((r) => r.name).join(', ')})  # w.r.t. ${names}`;
  }
  return `${prefix}Usage: ${call}\n${prefix}  ${dims}${extra}`;
}

/** Whether the loss has runnable code in the loss frameworks (not only an `unavailable` comment). */
export function hasLossCode(spec: LossSpec): boolean {
  return spec.code !== undefined && spec.code.lossFrameworks !== 'unavailable';
}

/** The comment emitted where a loss has no equivalent in the framework: why, and what to use instead. */
function unavailableText(spec: LossSpec, fw: Framework, code: UnavailableCode): string {
  const prefix = fw === 'tfjs' ? '// ' : '# ';
  return [
    comment(`${spec.title} — Loss Lab \`${spec.id}\`: not available for ${FRAMEWORK_LABELS[fw]}.`, prefix),
    comment(code.reason, prefix),
    ...code.instead.map((l) => `${prefix}${l}`),
    '',
  ].join('\n');
}

export const OBJECTIVE_LABELS: Readonly<Record<ObjectiveFramework, string>> = { lightgbm: 'LightGBM' };

/**
 * A custom training objective for `framework` (LightGBM): Python defining
 * `objective(preds, train_data) -> (grad, hess)` with the user's hyperparameters. Throws
 * CodegenError for a loss without one.
 */
export function generateObjective(spec: LossSpec, givenParams: Readonly<Record<string, unknown>>, framework: ObjectiveFramework, opts: { readonly snippet?: boolean } = {}): string {
  const template = spec.code?.[framework];
  if (!template) throw new CodegenError(`${spec.id} has no ${OBJECTIVE_LABELS[framework]} objective: only an objective LightGBM has (lambdamart) does; use --framework pytorch|keras|jax|tfjs`);
  let params: ResolvedParams;
  try {
    params = resolveParams(spec, givenParams);
  } catch (e) {
    throw new CodegenError(e instanceof Error ? e.message : String(e));
  }
  const ph = new Placeholders();
  const ctx: TemplateContext = {
    params,
    reduction: spec.defaultReduction,
    weighted: false,
    typescript: false,
    p: (name) => {
      const ps = spec.params.find((x) => x.name === name);
      if (!ps) throw new Error(`internal: ${spec.id} has no parameter ${name}`);
      return ph.stop(name, literal(params[name], 'python', ps));
    },
    v: (name) => paramRef(name),
    lit: (value) => literal(value, 'python'),
    ts: () => '',
  };
  const code = template(ctx);
  const text = [
    comment(`${spec.title} — Loss Lab \`${spec.id}\` as a ${OBJECTIVE_LABELS[framework]} custom objective.`, '# '),
    comment(code.note, '# '),
    ...code.imports,
    '',
    '',
    code.body,
    '',
    `# Usage: ${code.usage}`,
    '',
  ].join('\n');
  return ph.render(text, opts.snippet ?? false);
}

/**
 * The code of loss `lossId` with hyperparameters `givenParams` (defaults filled in, validated) for
 * `framework`. Throws CodegenError for an unknown loss, bad parameters or a loss without templates.
 */
export function generateCode(lossId: string, givenParams: Readonly<Record<string, unknown>>, framework: Framework, opts: GenerateOptions = {}): string {
  const spec = getLoss(lossId);
  if (!spec) throw new CodegenError(`unknown loss ${lossId}`);
  return generateFor(spec, givenParams, framework, opts);
}

/** generateCode for a spec object (tests and callers that already hold one). */
export function generateFor(spec: LossSpec, givenParams: Readonly<Record<string, unknown>>, framework: Framework, opts: GenerateOptions = {}): string {
  if (!spec.code) throw new CodegenError(`${spec.id} has no code templates yet`);
  let params: ResolvedParams;
  try {
    params = resolveParams(spec, givenParams);
  } catch (e) {
    throw new CodegenError(e instanceof Error ? e.message : String(e));
  }
  const reduction = opts.reduction ?? spec.defaultReduction;
  if (!spec.reductions.includes(reduction)) {
    throw new CodegenError(`${spec.id} supports the reductions ${spec.reductions.join(', ')}, not ${reduction}`);
  }
  const weighted = opts.weighted ?? false;
  if (weighted && !spec.roles.some((r) => r.sampleWeight)) throw new CodegenError(`${spec.id} takes no per-sample weights`);
  if (opts.convention === 'builtin') {
    if (opts.reduction !== undefined) throw new CodegenError('a reduction applies to Loss Lab\'s convention; the built-in keeps its own default reduction');
    const rows = builtinRows(spec, params, framework, weighted);
    if (!rows) {
      const have = [...new Set((spec.frameworks ?? []).map((r) => r.framework))];
      throw new CodegenError(`${spec.id} has no ${FRAMEWORK_LABELS[framework]} built-in${have.length ? ` (built-ins: ${have.join(', ')})` : ''}; use Loss Lab's convention`);
    }
    return emitBuiltin(spec, rows, framework, FRAMEWORK_LABELS[framework], opts.snippet ?? false, (m) => new CodegenError(m));
  }
  const o = { reduction, weighted, typescript: opts.typescript ?? true };
  const ph = new Placeholders();
  const ctx = makeContext(spec, params, framework, ph, o);
  const code = spec.code[framework](ctx);
  if (code.kind === 'unavailable') return ph.render(unavailableText(spec, framework, code), opts.snippet ?? false);
  let body: string;
  let imports: string[];
  switch (framework) {
    case 'pytorch':
      body = emitPytorch(spec, code, ctx, ph);
      imports = importsFor(ph.render(body, false), PYTORCH_IMPORTS, code.imports);
      break;
    case 'keras':
      body = emitKeras(spec, code, ctx, ph);
      imports = importsFor(ph.render(body, false), KERAS_IMPORTS, code.imports);
      break;
    case 'jax':
      body = emitJax(spec, code, ctx);
      imports = importsFor(ph.render(body, false), JAX_IMPORTS, code.imports);
      break;
    case 'tfjs':
      body = emitTfjs(spec, code, ctx);
      imports = ["import * as tf from '@tensorflow/tfjs';", ...(code.imports ?? [])];
      break;
  }
  // PEP 8: two blank lines before top-level definitions; one in JavaScript.
  const gap = framework === 'tfjs' ? [''] : ['', ''];
  const text = [header(spec, framework, code, o), ...imports, ...gap, body, usage(spec, framework, code, weighted), ''].join('\n');
  return ph.render(text, opts.snippet ?? false);
}
