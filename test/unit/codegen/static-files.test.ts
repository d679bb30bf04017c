/**
 * The committed files generated from the registry (snippets/*.json, test/fixtures/codegen/*) equal
 * what the generator writes now, so they cannot drift from the loss files; package.json contributes
 * the snippet files; and every snippet body is valid VS Code snippet syntax that expands, with its
 * defaults, to exactly the plain generated code.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FRAMEWORKS, generateFor, hasLossCode } from '../../../src/codegen';
import { SNIPPET_LANGUAGES, staticSnippets } from '../../../src/codegen/static-snippets';
import { LOSSES } from '../../../src/engine/registry';
import { generatedFiles, GOLDEN_TEXT_DIR, ROOT } from '../../../scripts/gen-snippets';
import { expandSnippet } from './expand-snippet';

const REGENERATE = 'run `npm run snippets` and commit the result';

describe('generated files committed to the repository', () => {
  const files = generatedFiles();

  for (const [rel, text] of files) {
    it(`${rel} is up to date with the registry`, () => {
      const path = join(ROOT, rel);
      assert.ok(existsSync(path), `${rel} is missing: ${REGENERATE}`);
      assert.equal(readFileSync(path, 'utf8'), text, `${rel} differs from what the registry generates: ${REGENERATE}`);
    });
  }

  it('test/fixtures/codegen holds no golden text of a loss that no longer has code', () => {
    for (const fw of FRAMEWORKS) {
      for (const f of readdirSync(join(GOLDEN_TEXT_DIR, fw))) {
        assert.ok(files.has(`test/fixtures/codegen/${fw}/${f}`), `stale golden text test/fixtures/codegen/${fw}/${f}: ${REGENERATE}`);
      }
    }
  });

  it('package.json contributes the python, typescript and javascript snippet files', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes?: { snippets?: Array<{ language: string; path: string }> } };
    const contributed = (pkg.contributes?.snippets ?? []).map((s) => `${s.language}:${s.path}`).sort();
    assert.deepEqual(contributed, SNIPPET_LANGUAGES.map((l) => `${l}:./snippets/${l}.json`).sort());
  });
});

describe('static snippets', () => {
  it('every loss with code templates has a snippet per language, prefixed loss-<id>', () => {
    const withCode = LOSSES.filter(hasLossCode);
    const python = Object.values(staticSnippets('python')).map((s) => s.prefix);
    const ts = Object.values(staticSnippets('typescript')).map((s) => s.prefix);
    for (const l of withCode) {
      const base = `loss-${l.id.replace(/_/g, '-')}`;
      for (const p of [base, `${base}-keras`, `${base}-jax`]) assert.ok(python.includes(p), `python snippets lack ${p}`);
      assert.ok(ts.includes(base), `typescript snippets lack ${base}`);
    }
    assert.equal(new Set(python).size, python.length, 'duplicate python prefixes');
  });

  for (const lang of SNIPPET_LANGUAGES) {
    it(`${lang}: every body expands to the plain generated code (tab stops and escapes are well formed)`, () => {
      const snippets = Object.values(staticSnippets(lang));
      for (const s of snippets) {
        const spec = LOSSES.find((l) => s.prefix.replace(/-(keras|jax)$/, '') === `loss-${l.id.replace(/_/g, '-')}`)!;
        const fw = lang !== 'python' ? 'tfjs' : s.prefix.endsWith('-keras') ? 'keras' : s.prefix.endsWith('-jax') ? 'jax' : 'pytorch';
        const plain = generateFor(spec, {}, fw, { typescript: lang === 'typescript' }).replace(/\n$/, '');
        assert.equal(expandSnippet(s.body.join('\n')), plain, `${s.prefix} (${lang})`);
      }
    });
  }
});
