/**
 * Generates the README's loss catalog table from the registry, between
 * `<!-- catalog:start -->` and `<!-- catalog:end -->`. `npm run readme` rewrites README.md;
 * test/unit/readme.test.ts fails when the README and the registry disagree.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { paramDefault, paramRange } from '../src/cli/describe-loss';
import { LOSSES } from '../src/engine/registry';
import type { LossSpec, RoleSpec } from '../src/engine/spec';

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
    .map((l) => `- **\`${l.id}\`** (${l.title}). \`${line(l.formula)}\`. Matches ${line(l.reference)}. ${line(l.convention)}`)
    .join('\n');
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
  return withTable.includes(CONVENTIONS_START) ? replaceBetween(withTable, CONVENTIONS_START, CONVENTIONS_END, conventionsList()) : withTable;
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
