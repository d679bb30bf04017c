/**
 * Generates the README's loss catalog table from the registry, between
 * `<!-- catalog:start -->` and `<!-- catalog:end -->`. `npm run readme` rewrites README.md;
 * test/unit/readme.test.ts fails when the README and the registry disagree.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { paramDefault, paramRange } from '../src/cli/describe-loss';
import { buildRow } from '../src/engine/parity';
import { resolveParams } from '../src/engine/params';
import { LOSSES } from '../src/engine/registry';
import { conventionText, type LossSpec, type RoleSpec } from '../src/engine/spec';

export const START = '<!-- catalog:start -->';
export const END = '<!-- catalog:end -->';
export const README = join(__dirname, '..', 'README.md');

const line = (s: string): string => s.replace(/\s*\n\s*/g, ' ');
const cell = (s: string): string => line(s).replace(/\|/g, '\\|');

function role(r: RoleSpec): string {
  return `\`${r.name}\`${r.columns === 'many' ? ' (n cols)' : ''}${r.optional ? '?' : ''}`;
}

function params(l: LossSpec): string {
  if (!l.params.length) return '';
  return l.params.map((p) => `\`${p.name}\` = ${paramDefault(p)} (${paramRange(p)})`).join('<br>');
}

/** The markdown table of every loss in the registry, in registry order. */
export function catalogTable(losses: readonly LossSpec[] = LOSSES): string {
  const rows = losses.map((l) => `| \`${l.id}\` | ${l.family} | ${cell(l.roles.map(role).join(', '))} | ${cell(params(l))} | ${cell(l.reference)} |`);
  return [
    `${losses.length} losses. Roles: \`?\` optional, \`(n cols)\` one or more columns. Parameters: default (allowed values).`,
    '',
    '| id | family | roles | hyperparameters | reference |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export const CONVENTIONS_START = '<!-- conventions:start -->';
export const CONVENTIONS_END = '<!-- conventions:end -->';

/** Per loss: its formula, what it must match and the convention it follows (from each spec). */
export function conventionsList(losses: readonly LossSpec[] = LOSSES): string {
  return losses
    .map((l) => `- **\`${l.id}\`** (${l.title}). \`${line(l.formula)}\`. Matches ${line(l.reference)}. ${line(conventionText(l))}`)
    .join('\n');
}

export const FRAMEWORKS_START = '<!-- frameworks:start -->';
export const FRAMEWORKS_END = '<!-- frameworks:end -->';

/**
 * Conventions across frameworks: every framework row of every spec, built for the loss's default
 * parameters without per-sample weights (the panel and `loss-lab parity` build them for the user's
 * settings and data, with values).
 */
export function frameworksTable(losses: readonly LossSpec[] = LOSSES): string {
  const rows: string[] = [];
  for (const l of losses) {
    for (const r of l.frameworks ?? []) {
      const b = buildRow(r, { params: resolveParams(l), inputs: {}, weighted: false });
      const rel = b.relation === 'factor' ? `×${b.factor}` : b.relation;
      const src = `${r.source.repo}${r.source.commit !== '-' ? `@${r.source.commit.slice(0, 8)}` : ''} \`${r.source.file}\` ${r.source.function}`;
      rows.push(`| \`${l.id}\` | ${r.framework} | \`${cell(r.api)}\` | ${cell(b.reduction)} | ${rel} | ${r.verified} | ${cell(b.reason)} | ${cell(src)} |`);
    }
  }
  return [
    `${rows.length} rows, generated from the specs (default parameters, no per-sample weights). Relation: what the built-in gives on the same inputs compared with Loss Lab's value, with its default reduction. Verified: \`executed\` rows are run against the real framework on every golden case; \`transcribed\` rows are written from the cited source and checked on a hand-worked example.`,
    '',
    '| loss | framework | API | default reduction | relation | verified | why | source |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

function replaceBetween(text: string, start: string, end: string, body: string): string {
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`README.md has no ${start} ... ${end} section`);
  return `${text.slice(0, a + start.length)}\n${body}\n${text.slice(b)}`;
}

/** The README with its generated sections (catalog table, conventions) replaced from the registry. */
export function withCatalog(readme: string, table = catalogTable()): string {
  const withTable = replaceBetween(readme, START, END, table);
  const withConventions = withTable.includes(CONVENTIONS_START) ? replaceBetween(withTable, CONVENTIONS_START, CONVENTIONS_END, conventionsList()) : withTable;
  return withConventions.includes(FRAMEWORKS_START) ? replaceBetween(withConventions, FRAMEWORKS_START, FRAMEWORKS_END, frameworksTable()) : withConventions;
}

if (require.main === module) {
  const before = readFileSync(README, 'utf8');
  const after = withCatalog(before);
  if (after === before) console.log('README.md catalog is up to date');
  else {
    writeFileSync(README, after);
    console.log(`README.md catalog updated (${LOSSES.length} losses)`);
  }
}
