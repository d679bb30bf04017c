/**
 * "Check my loss" (issue #11): runs a user's implementation of a catalog loss on the engine's probes
 * and compares value, per-sample values (when it returns them) and the gradient of every
 * differentiable role with the engine's; a mismatch is explained by diagnoses (./diagnose.ts).
 */
import { evaluateChecked, type EvalResult } from '../../engine/evaluate';
import { checkDomains } from '../../engine/inputs';
import { resolveParams } from '../../engine/params';
import { probesFor, takesSampleWeight, type Probe } from '../../engine/probes';
import type { LossSpec, ParamValue, Reduction, ResolvedParams, RoleName } from '../../engine/spec';
import { CheckRunError } from './check-error';
import { allFinite, relErr, REL_TOL, vecRelErr } from './compare';
import { diagnose, type Diagnosis } from './diagnose';
import { checkParams, type ParamSource } from './param-sources';
import type { CheckRunner, ProbeArg, ProbeCall, ProbeOutcome, SymbolInfo } from './runner-protocol';

export type CheckLanguage = 'python' | 'typescript' | 'javascript';

/** The reference's numbers on one probe: reduced value + its gradient, and per-unit values + the gradient of their sum. */
export interface ProbeReference {
  readonly value: number;
  readonly grad: Readonly<Partial<Record<RoleName, Float32Array>>>;
  readonly perSample: Float32Array;
  readonly sumGrad: Readonly<Partial<Record<RoleName, Float32Array>>>;
}

/** How the user's output was read: a scalar (the reduced value) or one value per unit. */
export type OutputKind = 'scalar' | 'perSample' | 'wrongShape' | 'error' | 'noTensor';

export interface ProbeComparison {
  readonly probe: Probe;
  readonly params: ResolvedParams;
  readonly reference: ProbeReference;
  readonly outcome: ProbeOutcome;
  readonly output: OutputKind;
  /** The compared values: reduced (scalar output) or summed per-unit values (per-sample output). */
  readonly refValue: number;
  readonly yourValue: number;
  readonly valueRelErr: number;
  readonly perSampleRelErr?: number;
  /** By differentiable role; ∞ when the role got no gradient or a non-finite one where the reference's is finite. */
  readonly gradRelErr: Readonly<Record<string, number>>;
  readonly ok: boolean;
}

export interface CheckReport {
  readonly verdict: 'match' | 'mismatch';
  readonly loss: string;
  readonly params: ResolvedParams;
  /** Where each parameter came from (./param-sources.ts). */
  readonly paramSources: Readonly<Record<string, ParamSource>>;
  /** The reduction the reference used: the code's declared one, else the loss's default. */
  readonly reduction: Reduction;
  readonly symbol: string;
  readonly language: CheckLanguage;
  readonly file: string;
  /** 1-based line of the definition (for the Problems panel). */
  readonly line: number;
  readonly comparisons: readonly ProbeComparison[];
  readonly diagnoses: readonly Diagnosis[];
}

export interface CheckOptions {
  readonly spec: LossSpec;
  readonly file: string;
  readonly symbol: string;
  /** Parameters given explicitly (CLI --param, the panel's); they win over the code's own defaults. */
  readonly params: Readonly<Record<string, unknown>>;
  /** The panel's values for this loss (the webview's state): used where neither the code nor `params` gives one. */
  readonly panelParams?: Readonly<Record<string, unknown>>;
  readonly signal?: AbortSignal;
  readonly onProgress?: (message: string) => void;
}

/** Names of the user's parameters that the check passes values to. */
export function acceptedNames(sym: SymbolInfo): Set<string> {
  return new Set([...sym.params, ...sym.callParams].map((p) => p.name));
}

/**
 * The reduction the code declares (a `reduction` keyword or constructor default of 'mean' or
 * 'sum'), which the reference then uses; else the loss's default.
 */
export function codeReduction(spec: LossSpec, sym: SymbolInfo): Reduction {
  const d = [...sym.params, ...sym.callParams].find((p) => p.name === 'reduction' && p.hasDefault)?.default;
  return (d === 'sum' || d === 'mean') && spec.reductions.includes(d) ? d : spec.defaultReduction;
}

const LONG_DOMAINS = new Set(['classIndex', 'integer']);
const QUERY_NAMES = ['query', 'qid', 'query_id', 'group', 'groups'];

function roleArgs(spec: LossSpec, probe: Probe): ProbeArg[] {
  const args: ProbeArg[] = [];
  for (const r of spec.roles) {
    if (r.sampleWeight || r.name === 'query') continue;
    const input = probe.inputs[r.name];
    if (!input) continue;
    const flat = Array.from(input.data);
    const data = r.columns === 'one' ? flat : Array.from({ length: probe.n }, (_, i) => flat.slice(i * input.cols, (i + 1) * input.cols));
    args.push({ role: r.name, data, dtype: LONG_DOMAINS.has(r.domain) ? 'long' : 'float', grad: r.differentiable });
  }
  return args;
}

/** The call for one probe: roles positionally (spec order), the weight and parameters by name when the code takes them. */
export function probeCall(spec: LossSpec, sym: SymbolInfo, probe: Probe, params: ResolvedParams): ProbeCall {
  const ctorNames = new Set(sym.params.map((p) => p.name));
  const callNames = new Set(sym.callParams.map((p) => p.name));
  const ctor: Record<string, unknown> = {};
  const kwargs: Record<string, unknown> = {};
  for (const ps of spec.params) {
    const v = params[ps.name];
    if (v === null || v === undefined) continue;
    if (sym.kind === 'class' && ctorNames.has(ps.name)) ctor[ps.name] = v;
    else if (callNames.has(ps.name)) kwargs[ps.name] = v;
  }
  const accepts = acceptedNames(sym);
  const wName = takesSampleWeight(spec, accepts);
  if (wName && probe.inputs.weight) kwargs[wName] = Array.from(probe.inputs.weight.data);
  const qName = spec.family === 'ranking' ? QUERY_NAMES.find((q) => callNames.has(q)) : undefined;
  if (qName && probe.inputs.query) kwargs[qName] = Array.from(probe.inputs.query.data);
  return { name: probe.name, args: roleArgs(spec, probe), ctor, kwargs };
}

function gradMap(r: EvalResult): Partial<Record<RoleName, Float32Array>> {
  const out: Partial<Record<RoleName, Float32Array>> = {};
  for (const [k, g] of Object.entries(r.grad ?? {})) if (g) out[k as RoleName] = g.data;
  return out;
}

/** The engine's numbers on a probe (default reduction, and per-unit values with the gradient of their sum). */
export async function referenceOn(spec: LossSpec, probe: Probe, params: ResolvedParams, reduction: Reduction): Promise<ProbeReference> {
  checkDomains(spec, probe.inputs, params);
  const reduced = await evaluateChecked(spec, probe.inputs, params, { reduction: reduction === 'none' ? spec.defaultReduction : reduction, grad: true, metrics: false });
  const none = await evaluateChecked(spec, probe.inputs, params, { reduction: 'none', grad: true, gradOf: 'sum', metrics: false });
  return { value: reduced.value, grad: gradMap(reduced), perSample: none.perSample ?? new Float32Array(0), sumGrad: gradMap(none) };
}

function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

/** Compares one probe's outcome with the reference. */
export function compareProbe(spec: LossSpec, probe: Probe, params: ResolvedParams, reference: ProbeReference, outcome: ProbeOutcome): ProbeComparison {
  const diffRoles = spec.roles.filter((r) => r.differentiable && probe.inputs[r.name]).map((r) => r.name);
  let output: OutputKind;
  if (outcome.error && outcome.value === undefined) output = outcome.error.kind === 'type' ? 'noTensor' : 'error';
  else if (outcome.perSample !== undefined) output = outcome.perSample.length === reference.perSample.length && (outcome.shape?.length ?? 1) === 1 ? 'perSample' : 'wrongShape';
  else output = 'scalar';
  const perSample = output === 'perSample';
  const refValue = perSample ? sum(reference.perSample) : reference.value;
  const yourValue = perSample ? sum(outcome.perSample!) : output === 'scalar' || output === 'noTensor' ? outcome.value ?? NaN : NaN;
  const valueRelErr = output === 'error' || output === 'wrongShape' ? Infinity : relErr(yourValue, refValue);
  const perSampleRelErr = perSample ? vecRelErr(outcome.perSample!, reference.perSample) : undefined;
  const refGrads = perSample ? reference.sumGrad : reference.grad;
  const gradRelErr: Record<string, number> = {};
  for (const role of diffRoles) {
    const ref = refGrads[role];
    const mine = outcome.grads?.[role];
    if (!ref) continue;
    if (output === 'error' || output === 'wrongShape' || mine === null || mine === undefined) gradRelErr[role] = Infinity;
    else gradRelErr[role] = vecRelErr(mine, ref);
  }
  const ok = valueRelErr <= REL_TOL && (perSampleRelErr ?? 0) <= REL_TOL && Object.values(gradRelErr).every((e) => e <= REL_TOL);
  return { probe, params, reference, outcome, output, refValue, yourValue, valueRelErr, perSampleRelErr, gradRelErr, ok };
}

/** The parameters of one probe: the check's, with the probe's own on top. */
function probeParams(spec: LossSpec, params: ResolvedParams, probe: Probe): ResolvedParams {
  return probe.params ? resolveParams(spec, { ...params, ...probe.params }) : params;
}

/** Runs the check with an open runner; the caller closes it. */
export async function checkWith(runner: CheckRunner, opts: CheckOptions): Promise<CheckReport> {
  const { spec } = opts;
  opts.onProgress?.('loading the file');
  const sym = await runner.describe();
  const { params, sources } = checkParams(spec, sym, opts.params, opts.panelParams);
  const reduction = codeReduction(spec, sym);
  const probes = probesFor(spec, params, acceptedNames(sym));
  const perProbe = probes.map((p) => probeParams(spec, params, p));
  opts.onProgress?.(`running ${probes.length} probes`);
  const outcomes = await runner.run(probes.map((p, i) => probeCall(spec, sym, p, perProbe[i])));
  if (opts.signal?.aborted) throw new CheckRunError('cancelled', 'check cancelled');
  // Code that raises on the plain random probe cannot be checked at all: that is the message.
  const first = outcomes[0]?.error;
  if (first && first.kind === 'raised' && outcomes[0].value === undefined) {
    throw new CheckRunError('raised', `${opts.symbol} raised ${first.message}${first.file ? ` (${first.file}:${first.line ?? 0})` : ''}`, { file: first.file, line: first.line });
  }
  if (outcomes.every((o) => o.error?.kind === 'type' && o.value === undefined)) {
    throw new CheckRunError('type', `${opts.symbol} ${outcomes[0].error!.message}`, { file: opts.file, line: sym.line });
  }
  opts.onProgress?.('comparing with the reference');
  const comparisons: ProbeComparison[] = [];
  for (let i = 0; i < probes.length; i++) {
    const reference = await referenceOn(spec, probes[i], perProbe[i], reduction);
    comparisons.push(compareProbe(spec, probes[i], perProbe[i], reference, outcomes[i]));
  }
  const verdict = comparisons.every((c) => c.ok) ? 'match' : 'mismatch';
  const diagnoses = verdict === 'match' ? [] : await diagnose(spec, comparisons, reduction);
  return { verdict, loss: spec.id, params, paramSources: sources, reduction, symbol: opts.symbol, language: runner.language, file: opts.file, line: sym.line, comparisons, diagnoses };
}

export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** Convenience for the unit tests and the diagnoses: is every per-unit value of the output finite? */
export function outputFinite(c: ProbeComparison): boolean {
  if (c.output === 'perSample') return allFinite(c.outcome.perSample!);
  return Number.isFinite(c.yourValue);
}

export type { ParamValue };
