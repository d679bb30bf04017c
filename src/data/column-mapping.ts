/**
 * Which CSV columns feed which input role of a loss: given explicitly (`prediction=y_pred`,
 * `logits=logit_0,logit_1,logit_2`, `logits=logit_*`, `#3` for the third column, `weight=` for
 * none) or inferred from
 * the role's `aliases` in the loss spec (`y_pred`, `target`, `logit_*`, `qid`, ...). The result says
 * what was chosen and why, so the user can check or override it.
 *
 * Column names match exactly first, then ignoring case and surrounding spaces. Glob patterns
 * (`*`, `?`; see glob-match.ts) take the matching columns in file order.
 */
import { countCall } from '../engine/call-count';
import type { LossSpec, RoleName, RoleSpec } from '../engine/spec';
import { DataError, MappingError } from './data-error';
import { globMatcher, globWork, isGlob } from './glob-match';
import { shortText } from '../text/short-text';

export interface HeaderInfo {
  readonly fileName: string;
  readonly headerLine: number;
  readonly columns: ReadonlyArray<{ readonly name: string; readonly index: number }>;
}

export interface RoleMapping {
  readonly role: RoleName;
  /** 0-based column indexes, in role column order. */
  readonly columns: readonly number[];
  readonly names: readonly string[];
  readonly how: 'given' | 'inferred';
  /** What selected the columns: the user's text or the alias that matched. */
  readonly via: string;
}

export interface ColumnMapping {
  /** Mapped roles, in the loss's role order. */
  readonly roles: readonly RoleMapping[];
  /** One human-readable line per role of the loss: what it was mapped to and why. */
  readonly explanation: readonly string[];
}

/**
 * `ROLE=COLUMNS` texts (CLI `--map`), in order; later ones for the same role win. `ROLE=` (nothing
 * after the `=`) leaves an optional role unmapped, e.g. to ignore a `weight` column.
 */
export function parseMapArgs(args: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of args) {
    const eq = a.indexOf('=');
    const role = eq < 0 ? '' : a.slice(0, eq).trim();
    const cols = eq < 0 ? '' : a.slice(eq + 1).trim();
    if (!role || eq < 0) throw new MappingError(`a column mapping is ROLE=COLUMNS (e.g. prediction=y_pred or logits=logit_*), got "${shortText(a)}"`);
    out[role] = cols;
  }
  return out;
}

/** Lists column names for a message, shortened when there are many. */
export function listColumns(h: HeaderInfo): string {
  const names = h.columns.slice(0, 20).map((c) => shortText(c.name));
  return h.columns.length <= 20 ? names.join(', ') : `${names.slice(0, 18).join(', ')}, ... (${h.columns.length} columns)`;
}

/**
 * Character steps the globs of one mapping may take against a header. Each glob costs a pass over
 * every column name (linear, see glob-match.ts), so thousands of globs in a 128 kB `--map` against
 * a 16 MB header would take hours; about 2^28 steps is a fraction of a second to a few seconds.
 */
export const GLOB_WORK_LIMIT = 2 ** 28;

/**
 * Finds the columns that items of an explicit mapping name. Name lookups go through maps built
 * once (not a scan of the header per item: an embedding role may list thousands of names), and
 * each distinct glob is matched once.
 */
class ItemResolver {
  private exact: Map<string, number[]> | null = null;
  private folded: Map<string, number[]> | null = null;
  private readonly globs = new Map<string, number[]>();

  constructor(private readonly h: HeaderInfo) {}

  /** The columns `item` names; throws a placed DataError when there are none. */
  resolve(item: string, role: string): number[] {
    const h = this.h;
    const missing = (what: string): DataError =>
      new DataError(`${what} for role ${role} (columns: ${listColumns(h)})`, h.fileName, h.headerLine, 1);
    const byNumber = /^#(\d+)$/.exec(item);
    if (byNumber) {
      const k = Number(byNumber[1]);
      if (k < 1 || k > h.columns.length) throw missing(`no column #${shortText(byNumber[1])} (the file has ${h.columns.length})`);
      return [k - 1];
    }
    if (isGlob(item)) {
      const hits = this.globs.get(item) ?? this.matchGlob(item);
      this.globs.set(item, hits);
      if (hits.length) return hits;
      throw missing(`no column matches "${shortText(item)}"`);
    }
    // exactly (the name, or the name without surrounding spaces), then ignoring case
    this.exact ??= index(h, (n) => [n, n.trim()]);
    this.folded ??= index(h, (n) => [n.trim().toLowerCase()]);
    for (const hits of [this.exact.get(item), this.folded.get(item.toLowerCase())]) {
      if (!hits) continue;
      if (hits.length === 1) return [hits[0]];
      throw new DataError(
        `column name "${shortText(item)}" for role ${role} is ambiguous: it matches columns ${hits.map((c) => `#${c + 1}`).join(', ')}; use #N to pick one`,
        h.fileName,
        h.headerLine,
        hits[1] + 1,
      );
    }
    throw missing(`no column "${shortText(item)}"`);
  }

  private matchGlob(item: string): number[] {
    for (const ignoreCase of [false, true]) {
      const matches = globMatcher(item, ignoreCase);
      const hits = this.h.columns.filter((c) => matches(c.name.trim())).map((c) => c.index);
      if (hits.length) return hits;
    }
    return [];
  }
}

/** Column indexes (in file order) by each key `keys` gives for a column name. */
function index(h: HeaderInfo, keys: (name: string) => string[]): Map<string, number[]> {
  const m = new Map<string, number[]>();
  for (const c of h.columns) {
    for (const k of new Set(keys(c.name))) {
      const list = m.get(k);
      if (list) list.push(c.index);
      else m.set(k, [c.index]);
    }
  }
  return m;
}

/** Refuses a mapping whose globs would take more than GLOB_WORK_LIMIT steps against this header. */
function checkGlobWork(h: HeaderInfo, given: Readonly<Record<string, string>>): void {
  const globs = new Set(Object.values(given).flatMap((text) => text.split(',').map((s) => s.trim()).filter(isGlob)));
  if (globs.size === 0) return;
  let names = 0;
  for (const c of h.columns) names += c.name.length + 1;
  let work = 0;
  for (const g of globs) work += globWork(g) * (names + g.length);
  if (work > GLOB_WORK_LIMIT) {
    throw new MappingError(
      `the mapping's ${globs.size} glob pattern${globs.size === 1 ? '' : 's'} would take about ${work.toExponential(1)} steps against these ${h.columns.length} column names (${names} characters), more than the ${GLOB_WORK_LIMIT} allowed; name the columns, give #N, or use fewer globs`,
    );
  }
}

function checkCount(r: RoleSpec, cols: number[], names: string[], what: string): void {
  if (r.columns === 'one' && cols.length !== 1) {
    throw new MappingError(`role ${r.name} takes one column, but ${what} gives ${cols.length} (${names.join(', ')})`);
  }
}

function describe(m: RoleMapping): string {
  const cols = m.names.length <= 4 ? m.names.join(', ') : `${m.names[0]}, ${m.names[1]}, ..., ${m.names[m.names.length - 1]}`;
  const count = m.names.length > 1 ? `${m.names.length} columns: ` : '';
  const why = m.how === 'given' ? 'given' : `inferred: the name matches "${m.via}"`;
  return `${m.role} = ${count}${cols} (${why})`;
}

/** Whether a column name matches a role alias (exact ignoring case and spaces, or a glob). */
function matchesAlias(name: string, alias: string): boolean {
  const a = alias.toLowerCase();
  return isGlob(a) ? globMatcher(a, true)(name.trim()) : name.trim().toLowerCase() === a;
}

/** Finds the columns of a role from its aliases, skipping columns already taken. */
function infer(h: HeaderInfo, r: RoleSpec, taken: ReadonlySet<number>): { cols: number[]; via: string } | null {
  const free = h.columns.filter((c) => !taken.has(c.index));
  for (const alias of r.aliases) {
    const a = alias.toLowerCase();
    if (isGlob(a)) {
      const matches = globMatcher(a, true);
      const hits = free.filter((c) => matches(c.name.trim())).map((c) => c.index);
      if (hits.length && (r.columns === 'many' || hits.length === 1)) return { cols: hits, via: alias };
    } else {
      const hit = free.find((c) => c.name.trim().toLowerCase() === a);
      if (hit) return { cols: [hit.index], via: alias };
    }
  }
  return null;
}

/**
 * Maps the loss's roles to columns: `given` (role → column text) first, then every other role by
 * inference. A required role with no column, an unknown role or a missing column is an error.
 */
export function mapColumns(spec: LossSpec, h: HeaderInfo, given: Readonly<Record<string, string>> = {}): ColumnMapping {
  countCall('mapColumns');
  for (const role of Object.keys(given)) {
    if (!spec.roles.some((r) => r.name === role)) {
      throw new MappingError(`${spec.id} has no role ${role} (roles: ${spec.roles.map((r) => r.name).join(', ')})`);
    }
  }
  checkGlobWork(h, given);
  const items = new ItemResolver(h);
  const found = new Map<RoleName, RoleMapping>();
  const taken = new Set<number>();
  const names = (cols: number[]): string[] => cols.map((i) => h.columns[i].name);
  for (const r of spec.roles) {
    const text = given[r.name];
    if (text === undefined) continue;
    if (text.trim() === '') {
      if (!r.optional) throw new MappingError(`role ${r.name} is required by ${spec.id}; it cannot be left unmapped`);
      continue;
    }
    const cols = text.split(',').map((s) => s.trim()).filter((s) => s !== '').flatMap((item) => items.resolve(item, r.name));
    checkCount(r, cols, names(cols), `"${text}"`);
    cols.forEach((c) => taken.add(c));
    found.set(r.name, { role: r.name, columns: cols, names: names(cols), how: 'given', via: text });
  }
  const explanation: string[] = [];
  for (const r of spec.roles) {
    const have = found.get(r.name);
    if (have) {
      explanation.push(describe(have));
      continue;
    }
    if (given[r.name] !== undefined) {
      explanation.push(`${r.name}: not mapped (left out on request)`);
      continue;
    }
    const hit = infer(h, r, taken);
    if (!hit) {
      if (r.optional) {
        explanation.push(`${r.name}: not mapped (optional; no column named ${r.aliases.join(', ')})`);
        continue;
      }
      // A column with one of the names may exist but feed another role already.
      const busy = [...found.values()].flatMap((m) =>
        m.columns.filter((c) => r.aliases.some((a) => matchesAlias(h.columns[c].name, a))).map((c) => `${h.columns[c].name} is mapped to ${m.role}`),
      );
      throw new DataError(
        busy.length
          ? `no column left for role ${r.name} (${r.doc}): ${busy.join('; ')}, and no other column is named ${r.aliases.join(', ')}; map one with ${r.name}=COLUMN (columns: ${listColumns(h)})`
          : `no column for role ${r.name} (${r.doc}): none is named ${r.aliases.join(', ')}; map one with ${r.name}=COLUMN (columns: ${listColumns(h)})`,
        h.fileName,
        h.headerLine,
        1,
      );
    }
    hit.cols.forEach((c) => taken.add(c));
    const m: RoleMapping = { role: r.name, columns: hit.cols, names: names(hit.cols), how: 'inferred', via: hit.via };
    found.set(r.name, m);
    explanation.push(describe(m));
  }
  const roles = spec.roles.flatMap((r) => (found.has(r.name) ? [found.get(r.name)!] : []));
  // Allowed (e.g. a quick sanity check that a loss is 0), but rarely meant: say so.
  // (a map of users per column: a scan of every role per column was quadratic for a 65,535-column role)
  const users = new Map<number, RoleName[]>();
  for (const m of roles) {
    for (const c of new Set(m.columns)) {
      const list = users.get(c);
      if (list) list.push(m.role);
      else users.set(c, [m.role]);
    }
  }
  for (const [c, list] of users) if (list.length > 1) explanation.push(`note: column ${h.columns[c].name} feeds ${list.join(' and ')}`);
  return { roles, explanation };
}
