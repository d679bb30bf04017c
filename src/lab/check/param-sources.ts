/**
 * Where each hyperparameter of a check comes from (issue #11), in this order of precedence:
 * 1. `given`: passed explicitly (`loss-lab check --param`);
 * 2. `code default`: the class's constructor default (`def __init__(self, beta=2.0)`);
 * 3. `keyword`: the call's keyword default (`def loss(pred, target, beta=2.0)`, `forward(..., beta=2.0)`);
 * 4. `panel`: the value the Loss Lab panel has set for that loss (the webview's announced state);
 * 5. `loss default`: the catalog's default.
 * A panel value the loss would refuse is left out (the loss default is used) rather than failing
 * the check over a setting of another view.
 */
import { ParamError, resolveParams } from '../../engine/params';
import type { LossSpec, ResolvedParams } from '../../engine/spec';
import type { SignatureParam, SymbolInfo } from './runner-protocol';

export const PARAM_SOURCES = ['given', 'code default', 'keyword', 'panel', 'loss default'] as const;
export type ParamSource = (typeof PARAM_SOURCES)[number];

/** A code default the loss can take as this parameter's value (a number for a number, one of its options...). */
function fits(spec: LossSpec, p: SignatureParam): boolean {
  const ps = spec.params.find((s) => s.name === p.name);
  if (!ps || !p.hasDefault) return false;
  const d = p.default;
  return d === null ? ps.kind === 'numberList' || (ps.kind === 'integer' && ps.nullable === true)
    : ps.kind === 'boolean' ? typeof d === 'boolean'
      : ps.kind === 'enum' ? typeof d === 'string' && ps.options.includes(d)
        : ps.kind === 'numberList' ? Array.isArray(d)
          : typeof d === 'number';
}

function valid(spec: LossSpec, name: string, value: unknown): boolean {
  try {
    resolveParams(spec, { [name]: value });
    return true;
  } catch (e) {
    if (e instanceof ParamError) return false;
    throw e;
  }
}

export interface CheckParams {
  readonly params: ResolvedParams;
  readonly sources: Readonly<Record<string, ParamSource>>;
}

/** The check's parameters and where each came from; `given` values are checked by resolveParams (ParamError names the culprit). */
export function checkParams(
  spec: LossSpec,
  sym: SymbolInfo,
  given: Readonly<Record<string, unknown>>,
  panel: Readonly<Record<string, unknown>> = {},
): CheckParams {
  const chosen: Record<string, unknown> = {};
  const sources: Record<string, ParamSource> = {};
  const ctor = sym.kind === 'class' ? sym.params : [];
  // A function's own parameters are its call's (SymbolInfo.callParams); a class's constructor's are `params`.
  const call = sym.callParams;
  for (const ps of spec.params) {
    const name = ps.name;
    const fromCtor = ctor.find((p) => p.name === name);
    const fromCall = call.find((p) => p.name === name);
    if (Object.prototype.hasOwnProperty.call(given, name) && given[name] !== undefined) {
      chosen[name] = given[name];
      sources[name] = 'given';
    } else if (fromCtor && fits(spec, fromCtor)) {
      chosen[name] = fromCtor.default;
      sources[name] = 'code default';
    } else if (fromCall && fits(spec, fromCall)) {
      chosen[name] = fromCall.default;
      sources[name] = 'keyword';
    } else if (Object.prototype.hasOwnProperty.call(panel, name) && panel[name] !== undefined && valid(spec, name, panel[name])) {
      chosen[name] = panel[name];
      sources[name] = 'panel';
    } else {
      sources[name] = 'loss default';
    }
  }
  // A given name the loss does not have goes on to resolveParams, which names it in its refusal.
  for (const [k, v] of Object.entries(given)) if (!(k in chosen) && !spec.params.some((p) => p.name === k)) chosen[k] = v;
  return { params: resolveParams(spec, chosen), sources };
}
