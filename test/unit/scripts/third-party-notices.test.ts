import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as esbuild from 'esbuild';
import { packageDirOf, thirdPartyNotices } from '../../../scripts/third-party-notices.mjs';

test('packageDirOf: the innermost package of a bundle input, scoped or not', () => {
  assert.equal(packageDirOf('node_modules/chart.js/dist/chart.js'), 'node_modules/chart.js');
  assert.equal(packageDirOf('node_modules/@tensorflow/tfjs-core/dist/ops/add.js'), 'node_modules/@tensorflow/tfjs-core');
  assert.equal(packageDirOf('node_modules/a/node_modules/@s/b/x.js'), 'node_modules/a/node_modules/@s/b');
  assert.equal(packageDirOf('src/engine/spec.ts'), null);
  assert.equal(packageDirOf('node_modules/@s'), null);
});

test('the webview bundle: every package in it is listed with its own license text', async () => {
  const r = await esbuild.build({ entryPoints: ['webview/main.ts'], bundle: true, write: false, metafile: true, platform: 'browser', format: 'iife', logLevel: 'silent' });
  const { text, packages } = thirdPartyNotices('.', Object.keys(r.metafile.inputs));
  const names = packages.map((p) => p.name);
  for (const name of ['chart.js', 'katex', 'valibot']) assert.ok(names.includes(name), `${name} is bundled into the webview and listed`);
  const katex = packages.find((p) => p.name === 'katex')!;
  assert.equal(katex.license, 'MIT');
  assert.deepEqual(katex.files, ['node_modules/katex/LICENSE']);
  assert.match(text, /katex 0\.19\.1 \(MIT\)\n=+\nThe MIT License \(MIT\)\n\nCopyright \(c\) 2013-2020 Khan Academy/);
  // Nothing of Loss Lab's own code is listed as third-party.
  assert.ok(packages.every((p) => p.files.length > 0));
});

test('a bundled package without a license text fails, naming the package and the file to add', () => {
  const root = mkdtempSync(join(tmpdir(), 'notices-'));
  mkdirSync(join(root, 'node_modules', 'bare'), { recursive: true });
  writeFileSync(join(root, 'node_modules', 'bare', 'package.json'), JSON.stringify({ name: 'bare', version: '1.2.3', license: 'MIT' }));
  mkdirSync(join(root, 'node_modules', 'ok'), { recursive: true });
  writeFileSync(join(root, 'node_modules', 'ok', 'package.json'), JSON.stringify({ name: 'ok', version: '1.0.0', license: 'ISC' }));
  writeFileSync(join(root, 'node_modules', 'ok', 'LICENSE'), 'ISC text\r\n');
  assert.throws(() => thirdPartyNotices(root, ['node_modules/bare/index.js', 'node_modules/ok/index.js']), /bare@1\.2\.3 .*add licenses\/bare\.txt/);
  mkdirSync(join(root, 'licenses'));
  writeFileSync(join(root, 'licenses', 'bare.txt'), 'Copyright (c) Someone\nMIT text');
  const { text, packages } = thirdPartyNotices(root, ['node_modules/ok/a.js', 'node_modules/bare/index.js', 'node_modules/ok/b.js']);
  assert.deepEqual(packages.map((p) => `${p.name}@${p.version}:${p.files.join(',')}`), ['bare@1.2.3:licenses/bare.txt', 'ok@1.0.0:node_modules/ok/LICENSE']);
  assert.match(text, /bare 1\.2\.3 \(MIT\)\n=+\nCopyright \(c\) Someone\nMIT text\n/);
  assert.match(text, /ok 1\.0\.0 \(ISC\)\n=+\nISC text\n/);
});
