/**
 * Regenerates what is generated from the registry's code templates and committed:
 *   snippets/{python,typescript,javascript}.json   the snippets VS Code contributes
 *   test/fixtures/codegen/<framework>/<id>.txt      golden text of every loss's default code
 * Run `npm run snippets` after changing a loss's templates or the emitters; the unit tests
 * (test/unit/codegen/static-files.test.ts) fail while the committed files differ from this output.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FRAMEWORKS, generateFor, generateObjective, OBJECTIVE_FRAMEWORKS } from '../src/codegen';
import { SNIPPET_LANGUAGES, snippetFileText } from '../src/codegen/static-snippets';
import { LOSSES } from '../src/engine/registry';

export const ROOT = join(__dirname, '..');
export const GOLDEN_TEXT_DIR = join(ROOT, 'test', 'fixtures', 'codegen');

/** Every generated file: path relative to the repo root -> content. */
export function generatedFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const lang of SNIPPET_LANGUAGES) files.set(`snippets/${lang}.json`, snippetFileText(lang));
  for (const spec of LOSSES) {
    if (!spec.code) continue;
    for (const fw of FRAMEWORKS) {
      files.set(`test/fixtures/codegen/${fw}/${spec.id}.txt`, generateFor(spec, {}, fw));
    }
    for (const fw of OBJECTIVE_FRAMEWORKS) {
      if (spec.code[fw]) files.set(`test/fixtures/codegen/${fw}/${spec.id}.txt`, generateObjective(spec, {}, fw));
    }
  }
  return files;
}

function main(): void {
  const files = generatedFiles();
  // Golden texts of losses that no longer exist (or lost their templates) go away.
  for (const fw of FRAMEWORKS) {
    const dir = join(GOLDEN_TEXT_DIR, fw);
    mkdirSync(dir, { recursive: true });
    for (const f of readdirSync(dir)) if (!files.has(`test/fixtures/codegen/${fw}/${f}`)) rmSync(join(dir, f));
  }
  for (const [rel, text] of files) {
    mkdirSync(dirname(join(ROOT, rel)), { recursive: true });
    writeFileSync(join(ROOT, rel), text);
  }
  process.stdout.write(`gen-snippets: wrote ${files.size} files (snippets/*.json, test/fixtures/codegen/*/*.txt)\n`);
}

if (require.main === module) main();
