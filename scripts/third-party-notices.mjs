// The third-party notices that ship in dist/THIRD-PARTY-NOTICES.txt: every npm package whose code
// esbuild put into a bundle (read from the builds' metafiles), with its version, its declared
// license and the text of its LICENSE / NOTICE files (MIT and Apache-2.0 ask for both to travel
// with the code). A bundled package without a license text fails the build: the .vsix must not
// ship code whose notice is missing.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `node_modules/@scope/name/...` or `node_modules/name/...` (the innermost node_modules) → package folder. */
export function packageDirOf(input) {
  const p = input.replace(/\\/g, '/');
  const i = p.lastIndexOf('node_modules/');
  if (i < 0) return null;
  const rest = p.slice(i + 'node_modules/'.length).split('/');
  const n = rest[0].startsWith('@') ? 2 : 1;
  if (rest.length <= n) return null;
  return p.slice(0, i) + 'node_modules/' + rest.slice(0, n).join('/');
}

/** Committed texts for bundled packages that publish none (see licenses/README.md). */
const LICENSES = 'licenses';

const NOTICE_FILE = /^(licen[cs]e|notice|copying)(\.(md|txt|markdown))?$/i;

/**
 * The notices for the given bundle inputs (paths relative to `root`, as in a metafile).
 * Returns { text, packages: [{ name, version, license, files }] } (files relative to `root`); throws
 * naming each bundled package that has no license text.
 */
export function thirdPartyNotices(root, inputs) {
  const dirs = [...new Set(inputs.map(packageDirOf).filter((d) => d !== null))];
  const packages = [];
  const missing = [];
  for (const dir of dirs) {
    const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    const license = typeof pkg.license === 'string' ? pkg.license : 'see its license file';
    let files = readdirSync(join(root, dir)).filter((f) => NOTICE_FILE.test(f)).sort().map((f) => join(dir, f));
    if (files.length === 0) {
      // The package publishes no license file: the committed text written from what it declares.
      const own = join(LICENSES, `${pkg.name.replace('/', '+')}.txt`);
      if (existsSync(join(root, own))) files = [own, ...(license === 'Apache-2.0' ? [join(LICENSES, 'Apache-2.0.txt')] : [])];
    }
    if (files.length === 0) missing.push(`${pkg.name}@${pkg.version} (${dir}): add ${LICENSES}/${pkg.name.replace('/', '+')}.txt`);
    packages.push({ name: pkg.name, version: pkg.version, license, dir, files });
  }
  if (missing.length) throw new Error(`bundled packages without a license file: ${missing.join(', ')}`);
  // One entry per package name and version (nested copies of one version are one notice).
  const seen = new Set();
  const unique = packages
    .sort((a, b) => (a.name === b.name ? a.version.localeCompare(b.version) : a.name.localeCompare(b.name)))
    .filter((p) => !seen.has(`${p.name}@${p.version}`) && seen.add(`${p.name}@${p.version}`));
  const rule = '='.repeat(78);
  const parts = [
    'Loss Lab bundles the following third-party software. Each is used under the license that',
    'follows its name; the license and notice texts are reproduced as the packages ship them.',
    '',
  ];
  for (const p of unique) {
    parts.push(rule, `${p.name} ${p.version} (${p.license})`, rule);
    for (const f of p.files) parts.push(readFileSync(join(root, f), 'utf8').replace(/\r\n/g, '\n').trimEnd(), '');
  }
  return { text: parts.join('\n') + '\n', packages: unique.map(({ name, version, license, files }) => ({ name, version, license, files })) };
}
