/**
 * Pieces every emitter shares: names derived from the loss id, the call signature derived from the
 * registry's roles, role descriptions for the usage comment, indentation, comment blocks and the
 * import lines a piece of code needs.
 */
import type { LossSpec, RoleSpec } from '../engine/spec';
import type { Framework } from '../engine/templates/template-types';

/** `sigmoid_focal` → `SigmoidFocal`. */
function pascal(id: string): string {
  return id.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

export interface Names {
  /** PyTorch module / Keras subclass: `FocalLoss`. */
  readonly className: string;
  /** Python function: `focal_loss`, `sigmoid_focal_loss`. */
  readonly pyFunction: string;
  /** JavaScript function: `focalLoss`. */
  readonly jsFunction: string;
}

export function namesFor(spec: LossSpec): Names {
  // Functions are named after the id (listnet_loss, bceWithLogitsLoss); classes may spell it better (ListNetLoss).
  const camel = spec.id.split('_').map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join('');
  return { className: spec.code?.className ?? `${pascal(spec.id)}Loss`, pyFunction: `${spec.id}_loss`, jsFunction: `${camel}Loss` };
}

/** The roles a generated callable takes, in the registry's order; the weight role last, when asked for. */
export function callRoles(spec: LossSpec, weighted: boolean): RoleSpec[] {
  const main = spec.roles.filter((r) => !r.sampleWeight);
  const w = spec.roles.find((r) => r.sampleWeight);
  return weighted && w ? [...main, w] : main;
}

/** Role description for usage comments: dtype and shape as the framework expects them. */
export function describeRole(r: RoleSpec, fw: Framework, kerasColumn = false): string {
  const shape = r.columns === 'many' ? (r.name === 'logits' || r.name === 'teacher_logits' ? '(N, C)' : '(N, D)') : kerasColumn ? '(N, 1)' : '(N,)';
  const intType = fw === 'pytorch' ? 'int64' : fw === 'tfjs' ? 'int32' : 'int';
  switch (r.domain) {
    case 'classIndex':
      return `${r.name}: ${intType} class indices ${shape}`;
    case 'integer':
      return `${r.name}: ${intType} ${shape}`;
    case 'binary':
      return `${r.name}: 0/1 float ${shape}`;
    case 'unit':
      return `${r.name}: float in [0, 1] ${shape}`;
    case 'nonnegative':
      return `${r.name}: float >= 0 ${shape}`;
    default:
      return `${r.name}: float ${shape}`;
  }
}

export function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text
    .split('\n')
    .map((l) => (l.trim() === '' ? '' : pad + l))
    .join('\n');
}

/** Comment lines with a prefix (`# ` or `// `), wrapping long sentences at ~100 columns. */
export function comment(text: string, prefix: string): string {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (line && line.length + word.length + 1 > 96) {
        out.push(prefix + line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(prefix + line);
  }
  return out.join('\n');
}

/** Import lines a body of code needs, by the module prefixes it uses. */
export function importsFor(code: string, table: ReadonlyArray<readonly [RegExp, string]>, extra: readonly string[] = []): string[] {
  const lines: string[] = [];
  for (const [re, line] of table) if (re.test(code) && !lines.includes(line)) lines.push(line);
  for (const line of extra) if (!lines.includes(line)) lines.push(line);
  return lines;
}

/** A formula as comment or docstring lines: whole clauses (split at `;`) per line where they fit. */
export function formulaLines(formula: string, prefix: string): string {
  const lines: string[] = [];
  let line = '';
  for (const clause of formula.split(/;\s+/)) {
    const next = line ? `${line}; ${clause}` : clause;
    if (prefix.length + next.length <= 100) {
      line = next;
      continue;
    }
    if (line) lines.push(prefix + line + ';');
    line = clause;
  }
  if (line) lines.push(prefix + line);
  // A clause longer than a line is word-wrapped.
  return lines.map((l) => (l.length > 100 ? comment(l.slice(prefix.length), prefix) : l)).join('\n');
}

/** A Python docstring at 4 spaces: the title, then the formula wrapped (backslashes and quotes escaped). */
export function pyDocstring(spec: LossSpec): string {
  const esc = (t: string): string => t.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  return [`    """${esc(spec.title)}.`, '', formulaLines(esc(spec.formula), '    '), '    """'].join('\n');
}
