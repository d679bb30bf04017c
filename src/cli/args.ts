/**
 * A small, strict command-line parser: `--name value`, `--name=value`, repeatable options, flags.
 * Anything unknown is a UsageError naming the valid options, never silently ignored.
 */
import { shortText } from '../text/short-text';
import { UsageError } from './usage-error';

export interface OptionSpec {
  readonly name: string;
  /** `value` options take an argument; `flag` options do not. */
  readonly kind: 'value' | 'flag';
  /** May be given several times (values are collected in order). */
  readonly repeat?: boolean;
  /** Placeholder and description for help text. */
  readonly arg?: string;
  readonly doc: string;
}

export interface ParsedArgs {
  /** The value of each single-value option (given twice with different values: an error). */
  readonly values: Readonly<Record<string, string>>;
  /** All values of each repeatable option. */
  readonly lists: Readonly<Record<string, readonly string[]>>;
  readonly flags: ReadonlySet<string>;
  readonly help: boolean;
}

export function parseArgs(command: string, argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const values: Record<string, string> = {};
  const lists: Record<string, string[]> = {};
  const flags = new Set<string>();
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') {
      help = true;
      continue;
    }
    if (!a.startsWith('--')) {
      throw new UsageError(`unexpected argument "${shortText(a)}" for ${command} (see loss-lab ${command} --help)`);
    }
    const eq = a.indexOf('=');
    const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
    const spec = specs.find((s) => s.name === name);
    if (!spec) {
      const known = [...specs.map((s) => `--${s.name}`), '--help'].join(', ');
      throw new UsageError(`unknown option --${shortText(name)} for ${command} (options: ${known})`);
    }
    if (spec.kind === 'flag') {
      if (eq >= 0) throw new UsageError(`option --${name} takes no value`);
      flags.add(name);
      continue;
    }
    let v: string;
    if (eq >= 0) v = a.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`option --${name} needs a value (${spec.arg ?? 'VALUE'})`);
      v = next;
      i++;
    }
    if (spec.repeat) (lists[name] ??= []).push(v);
    else if (name in values && values[name] !== v) {
      throw new UsageError(`option --${name} given twice (${JSON.stringify(shortText(values[name]))} and ${JSON.stringify(shortText(v))}); give it once`);
    } else values[name] = v;
  }
  return { values, lists, flags, help };
}

/** `NAME=VALUE` items of a repeatable option (`--param`) as an object; a name given twice with different values is an error. */
export function parseNameValues(items: readonly string[], option: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const it of items) {
    const eq = it.indexOf('=');
    if (eq <= 0) throw new UsageError(`--${option} expects NAME=VALUE, got "${shortText(it)}"`);
    const name = it.slice(0, eq).trim();
    const value = it.slice(eq + 1).trim();
    if (name in out && out[name] !== value) throw new UsageError(`--${option} ${shortText(name)} given twice (${JSON.stringify(shortText(out[name]))} and ${JSON.stringify(shortText(value))}); give it once`);
    out[name] = value;
  }
  return out;
}

/** The options block of a help text, `--help` last, docs wrapped under their column. */
export function describeOptions(specs: readonly OptionSpec[], helpDoc = 'this text'): string {
  const rows: Array<[string, string]> = specs.map((s) => [`  --${s.name}${s.kind === 'value' ? ` ${s.arg ?? 'VALUE'}` : ''}`, `${s.doc}${s.repeat ? ' (repeatable)' : ''}`]);
  rows.push(['  --help', helpDoc]);
  const width = Math.max(...rows.map((r) => r[0].length)) + 2;
  return rows.map(([left, doc]) => left.padEnd(width) + wrapText(doc, 96 - width).join('\n' + ' '.repeat(width))).join('\n');
}

/** Splits text into lines of at most `width` characters (longer words stay whole). */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const w of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines;
}
