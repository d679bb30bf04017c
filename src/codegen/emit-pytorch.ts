/**
 * PyTorch: the built-in `nn` loss where PyTorch has one, else an `nn.Module` written from the
 * definition. Always ends by binding `criterion`, called with the registry's roles in order and
 * returning the reduced loss (`reduction` is a constructor argument, as in `torch.nn`).
 */
import type { LossSpec } from '../engine/spec';
import type { Placeholders } from './placeholders';
import { resolveRefs } from './placeholders';
import { callRoles, indent, namesFor, pyDocstring } from './shell';
import type { BuiltinCode, LossCode, PerUnitCode, TemplateContext } from '../engine/templates/template-types';

export const PYTORCH_IMPORTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bmath\./, 'import math'],
  [/\btorch\./, 'import torch'],
  [/\bnn\./, 'import torch.nn as nn'],
  [/\bF\./, 'import torch.nn.functional as F'],
];

const REDUCTIONS = ['mean', 'sum', 'none'];

function reductionArg(ctx: TemplateContext, ph: Placeholders): string {
  return ph.choice('reduction', `"${ctx.reduction}"`, REDUCTIONS, (s) => `"${s}"`);
}

/** The `if self.reduction == ...` tail shared by every written-out module. */
function reduceTail(normalizer?: string): string {
  return [
    'if self.reduction == "mean":',
    `    return ${normalizer ? `loss.sum() / ${normalizer}` : 'loss.mean()'}`,
    'if self.reduction == "sum":',
    '    return loss.sum()',
    'return loss',
  ].join('\n');
}

function emitBuiltin(spec: LossSpec, code: BuiltinCode, ctx: TemplateContext, ph: Placeholders): string {
  const args = code.args.map(([k, v]) => `${k}=${v}`);
  if (!ctx.weighted) {
    return `criterion = ${code.callee}(${[...args, `reduction=${reductionArg(ctx, ph)}`].join(', ')})`;
  }
  // torch.nn losses take no per-sample weights: the unreduced built-in, weighted and reduced here.
  const roles = callRoles(spec, true).map((r) => r.name);
  const main = roles.slice(0, -1).join(', ');
  return [
    'class SampleWeighted(nn.Module):',
    '    """Per-sample weights on an unreduced loss: mean = sum(w_i * l_i) / N (not / sum(w_i))."""',
    '',
    '    def __init__(self, loss, reduction="mean"):',
    '        super().__init__()',
    '        self.loss = loss',
    '        self.reduction = reduction',
    '',
    `    def forward(self, ${roles.join(', ')}):`,
    `        loss = self.loss(${main}) * weight`,
    indent(reduceTail(), 8),
    '',
    '',
    `criterion = SampleWeighted(${code.callee}(${[...args, 'reduction="none"'].join(', ')}), reduction=${reductionArg(ctx, ph)})`,
  ].join('\n');
}

function emitModule(spec: LossSpec, code: PerUnitCode, ctx: TemplateContext, ph: Placeholders): string {
  const { className } = namesFor(spec);
  const roles = callRoles(spec, ctx.weighted).map((r) => r.name);
  const ctorArgs = spec.params.map((p) => `${p.name}=${p.kind === 'numberList' ? 'None' : ctx.lit(p.default)}`);
  const assigns = spec.params.map((p) =>
    p.kind === 'numberList' ? `self.register_buffer("${p.name}", ${p.name})` : `self.${p.name} = ${p.name}`,
  );
  if (code.mask) throw new Error(`internal: ${spec.id}: PyTorch templates select their units themselves (no mask)`);
  const body = [resolveRefs(code.body, 'self.'), ...(ctx.weighted ? ['loss = loss * weight'] : []), reduceTail(code.normalizer && resolveRefs(code.normalizer, 'self.'))];
  const bind = [...spec.params.map((p) => `${p.name}=${ctx.p(p.name)}`), `reduction=${reductionArg(ctx, ph)}`];
  return [
    ...(code.helpers ? [resolveRefs(code.helpers, ''), '', ''] : []),
    `class ${className}(nn.Module):`,
    pyDocstring(spec),
    '',
    `    def __init__(self, ${[...ctorArgs, 'reduction="mean"'].join(', ')}):`,
    '        super().__init__()',
    ...assigns.map((a) => `        ${a}`),
    '        self.reduction = reduction',
    '',
    `    def forward(self, ${roles.join(', ')}):`,
    indent(body.join('\n'), 8),
    '',
    '',
    `criterion = ${className}(${bind.join(', ')})`,
  ].join('\n');
}

export function emitPytorch(spec: LossSpec, code: LossCode, ctx: TemplateContext, ph: Placeholders): string {
  switch (code.kind) {
    case 'builtin':
      return emitBuiltin(spec, code, ctx, ph);
    case 'perUnit':
      return emitModule(spec, code, ctx, ph);
    default:
      throw new Error(`internal: ${spec.id}: a ${code.kind} template cannot be emitted for PyTorch`);
  }
}
