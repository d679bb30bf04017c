/** The README's loss catalog is the registry's: regenerate it with `npm run readme`. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { catalogTable, frameworksTable, FRAMEWORKS_START, README, withCatalog } from '../../scripts/readme-catalog';
import { LOSSES } from '../../src/engine/registry';

describe('README', () => {
  const text = readFileSync(README, 'utf8');

  it('has the catalog table the registry generates (run npm run readme after changing a loss)', () => {
    assert.equal(text, withCatalog(text), 'README.md catalog is out of date: run npm run readme');
  });

  it('lists every loss of the registry once, with its parameters and defaults', () => {
    const table = catalogTable();
    for (const l of LOSSES) {
      const row = table.split('\n').filter((r) => r.startsWith(`| \`${l.id}\` |`));
      assert.equal(row.length, 1, l.id);
      for (const p of l.params) assert.ok(row[0].includes(`\`${p.name}\` = `), `${l.id} ${p.name}`);
    }
  });

  it('states the convention of every loss, from its spec', () => {
    for (const l of LOSSES) assert.ok(text.includes(`- **\`${l.id}\`** (${l.title}).`), `${l.id} has no conventions entry: add the markers and run npm run readme`);
  });

  it('has the "Conventions across frameworks" table with one row per framework row of every spec', () => {
    assert.ok(text.includes('## Conventions across frameworks') && text.includes(FRAMEWORKS_START));
    const table = frameworksTable().split('\n');
    for (const l of LOSSES) {
      for (const r of l.frameworks ?? []) {
        const rows = table.filter((x) => x.startsWith(`| \`${l.id}\` | ${r.framework} | \`${r.api.replace(/\|/g, '\\|')}\` |`));
        assert.equal(rows.length, 1, `${l.id} ${r.api}`);
        assert.ok(rows[0].includes(` ${r.verified} `) && rows[0].includes(r.source.repo), `${l.id} ${r.api}: verified kind and source`);
        assert.ok(text.includes(rows[0]), `${l.id} ${r.api}: README row out of date: run npm run readme`);
      }
    }
  });

  it('starts with the title and the quick start', () => {
    assert.ok(text.startsWith('# Loss Lab\n'));
    assert.match(text, /## Quick start\n[\s\S]*?```[a-z]*\n(?:[^`]*\n)?npm install && npm start\n(?:[^`]*\n)?npm test\n/);
  });
});
