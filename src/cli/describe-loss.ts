/**
 * Plain-text descriptions of a loss generated from its spec: the registry says the math once, and
 * `loss-lab eval --loss ID --help`, `loss-lab list` and the README catalog table all come from here.
 */
import { noGradientReason, rowLimitText, type LossSpec, type ParamSpec, type RoleSpec } from '../engine/spec';
import { wrapText } from './args';

function fmt(x: number): string {
  return x === Infinity ? '∞' : x === -Infinity ? '-∞' : String(x);
}

/** The allowed values of a parameter, e.g. `> 0`, `[0, 1]`, `one of batch_hard, semi_hard, all`. */
export function paramRange(p: ParamSpec): string {
  switch (p.kind) {
    case 'boolean':
      return 'true or false';
    case 'enum':
      return `one of ${p.options.join(', ')}`;
    case 'number':
    case 'integer':
    case 'numberList': {
      const what = p.kind === 'integer' ? 'integer ' : p.kind === 'numberList' ? 'comma-separated list, each ' : '';
      const lo = p.kind === 'number' && p.minExclusive ? `> ${fmt(p.min)}` : `>= ${fmt(p.min)}`;
      const open = p.kind === 'number' && p.minExclusive ? '(' : '[';
      const close = p.kind === 'number' && p.maxExclusive ? ')' : ']';
      const hiOp = p.kind === 'number' && p.maxExclusive ? '<' : '<=';
      const range = p.min === -Infinity && p.max === Infinity ? 'any number' : p.max === Infinity ? lo : p.min === -Infinity ? `${hiOp} ${fmt(p.max)}` : `in ${open}${fmt(p.min)}, ${fmt(p.max)}${close}`;
      const none = (p.kind === 'integer' && p.nullable) || p.kind === 'numberList' ? ', or none' : '';
      return `${what}${range}${none}`;
    }
  }
}

/** The default as the CLI accepts it back (`none` for null, lists comma-separated). */
export function paramDefault(p: ParamSpec): string {
  const d = p.default;
  if (d === null) return 'none';
  if (Array.isArray(d)) return d.join(',');
  return String(d);
}

/** `prediction`, `logits (C columns)`, `weight?` for optional roles. */
export function roleLabel(r: RoleSpec): string {
  return `${r.name}${r.columns === 'many' ? ' (columns)' : ''}${r.optional ? '?' : ''}`;
}

function domainText(r: RoleSpec): string {
  return r.max ? `${baseDomainText(r)}, at most ${r.max.value}` : baseDomainText(r);
}

function baseDomainText(r: RoleSpec): string {
  switch (r.domain) {
    case 'real':
      return 'real numbers';
    case 'binary':
      return '0 or 1';
    case 'unit':
      return 'values in [0, 1]';
    case 'classIndex':
      return 'class indices 0..C-1';
    case 'integer':
      return 'integers';
    case 'nonnegative':
      return 'values >= 0';
    case 'sign':
      return '1 or -1';
    case 'gainIndex':
      return 'integers 0..len(label_gain)-1';
  }
}

function wrap(text: string, indent: string, width = 96): string {
  return wrapText(text, width - indent.length).map((l) => indent + l).join('\n');
}

/** The full help of one loss (`loss-lab eval --loss ID --help`). */
export function lossHelp(spec: LossSpec): string {
  const roleRows = spec.roles.map((r) => {
    const cols = r.columns === 'many' ? 'one or more columns' : 'one column';
    const flags = [r.optional ? 'optional' : 'required', cols, domainText(r), r.differentiable ? 'gradient reported' : ''].filter(Boolean).join(', ');
    const pad = ' '.repeat(13);
    return `  ${r.name.padEnd(11)}${wrap(r.doc, pad).trimStart()}\n${wrap(flags, pad)}\n${wrap(`inferred from columns named: ${r.aliases.join(', ')}`, pad)}`;
  });
  const pw = Math.max(0, ...spec.params.map((p) => p.name.length)) + 2;
  const paramRows = spec.params.length
    ? spec.params.map((p) => `  ${p.name.padEnd(pw)}default ${paramDefault(p)}; ${paramRange(p)}\n${wrap(p.doc, ' '.repeat(pw + 2))}`)
    : ['  (none)'];
  const example = spec.roles
    .filter((r) => !r.optional)
    .map((r) => `--map ${r.name}=${(r.columns === 'many' ? r.aliases.find((a) => a.includes('*')) : undefined) ?? r.aliases[0] ?? 'COLUMN'}`)
    .join(' ');
  return [
    `${spec.id}: ${spec.title} (${spec.family})`,
    '',
    wrap(spec.doc, '  '),
    '',
    'Formula:',
    wrap(spec.formula, '  '),
    '',
    wrap(`Matches: ${spec.reference}`, ''),
    wrap(`Convention: ${spec.convention}`, ''),
    ...(rowLimitText(spec) ? [wrap(`Rows: ${rowLimitText(spec)}`, '')] : []),
    '',
    'Input roles (map with --map ROLE=COLUMNS):',
    ...roleRows,
    '',
    'Parameters (set with --param NAME=VALUE):',
    ...paramRows,
    '',
    `Reductions: ${spec.reductions.join(', ')} (default ${spec.defaultReduction}); one per-sample value per ${spec.unit}.`,
    ...(spec.unitWeights ? [wrap(`With --per-sample also ${spec.unitWeights.name}: ${spec.unitWeights.doc}.`, '')] : []),
    ...(noGradientReason(spec) ? [wrap(`Gradient: none; --grad is refused (${noGradientReason(spec)}).`, '')] : []),
    '',
    'Example:',
    `  loss-lab eval --loss ${spec.id} --data FILE.csv ${example}`,
    '',
  ].join('\n');
}
