/** `loss-lab list`: the catalog as JSON, generated from the registry. */
import { LOSSES } from '../engine/registry';
import type { LossSpec, ParamSpec } from '../engine/spec';
import { describeOptions, parseArgs, type OptionSpec } from './args';
import type { Command } from './command';
import { paramRange } from './describe-loss';

const OPTIONS: readonly OptionSpec[] = [];

export const LIST_HELP = `Usage: loss-lab list

Prints the loss catalog as one JSON object: {"losses": [...]}, one entry per loss with its id,
family, title, formula, reference, convention, "maxRows" ({rows, why}) where the loss bounds its rows, input roles (name, columns "one" or "many",
value domain and "max" where bounded, optional, differentiable, the column names inference looks for), hyperparameters
(name, kind, default, min/max (null = unbounded), options, allowed values in words, doc),
reductions and the default one, the unit of a per-sample value, how the gradient is obtained
("gradient": autodiff; closed-form: lambdamart's LightGBM gradients, with hessians; or none) and, where a loss has one, its second per-unit output
("unitWeights").

Options:
${describeOptions(OPTIONS)}
`;

function bound(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function paramJson(p: ParamSpec): Record<string, unknown> {
  const base: Record<string, unknown> = { name: p.name, kind: p.kind, default: p.default };
  if (p.kind === 'number' || p.kind === 'integer' || p.kind === 'numberList') {
    base.min = bound(p.min);
    base.max = bound(p.max);
  }
  if (p.kind === 'number' && p.minExclusive) base.minExclusive = true;
  if (p.kind === 'number' && p.maxExclusive) base.maxExclusive = true;
  if (p.kind === 'integer' && p.nullable) base.nullable = true;
  if (p.kind === 'enum') base.options = p.options;
  base.allowed = paramRange(p);
  base.doc = p.doc;
  return base;
}

export function catalogJson(losses: readonly LossSpec[] = LOSSES): unknown {
  return {
    losses: losses.map((l) => ({
      id: l.id,
      family: l.family,
      title: l.title,
      doc: l.doc,
      formula: l.formula,
      reference: l.reference,
      convention: l.convention,
      ...(l.maxRows ? { maxRows: { rows: l.maxRows.rows, why: l.maxRows.why } } : {}),
      roles: l.roles.map((r) => ({
        name: r.name,
        columns: r.columns,
        domain: r.domain,
        ...(r.max ? { max: r.max.value } : {}),
        optional: r.optional === true,
        differentiable: r.differentiable,
        aliases: r.aliases,
        doc: r.doc,
      })),
      params: l.params.map(paramJson),
      reductions: l.reductions,
      defaultReduction: l.defaultReduction,
      unit: l.unit,
      // how `eval --grad` obtains the gradient: autodiff, or the loss's closed form (lambdamart: LightGBM's, with hessians)
      gradient: l.gradientKind ?? 'autodiff',
      ...(l.unitWeights ? { unitWeights: { name: l.unitWeights.name, doc: l.unitWeights.doc } } : {}),
    })),
  };
}

export const listCommand: Command = {
  name: 'list',
  summary: 'print the loss catalog (ids, families, roles, parameters with defaults and ranges) as JSON',
  run: async (argv, io) => {
    const args = parseArgs('list', argv, OPTIONS);
    if (args.help) return io.out(LIST_HELP);
    await io.out(JSON.stringify(catalogJson(), null, 2) + '\n');
  },
};
