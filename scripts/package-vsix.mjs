// `npm run package`: builds the bundles and packs loss-lab-<version>.vsix with @vscode/vsce, offline
// (`--no-dependencies`: the bundles already hold every runtime dependency), then checks the package:
// under 5 MB, holds dist/, media/, README, CHANGELOG, LICENSE and the icon, nothing from src/, test/
// or node_modules/.   node scripts/package-vsix.mjs [--out FILE] [--no-build]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const VSIX_BUDGET_BYTES = 5 * 1024 * 1024;

/** Entry names of a zip file, read from its central directory (no unzip tool needed). */
export function zipEntries(file) {
  const buf = readFileSync(file);
  // End of central directory: signature 0x06054b50 within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file (no end of central directory)`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${i}`);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    entries.push({ name: buf.toString('utf8', p + 46, p + 46 + nameLen), size });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Throws naming every problem with the package; returns a one-line summary. */
export function checkVsix(file) {
  const problems = [];
  const bytes = statSync(file).size;
  if (bytes >= VSIX_BUDGET_BYTES) problems.push(`it is ${(bytes / 1048576).toFixed(2)} MB, over the 5 MB budget`);
  const names = zipEntries(file).map((e) => e.name);
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const required = [
    'extension/package.json',
    'extension/dist/extension.js',
    'extension/dist/host.js',
    'extension/dist/webview.js',
    'extension/CHANGELOG.md',
    'extension/LICENSE.txt',
    `extension/${pkg.icon}`,
    'extension.vsixmanifest',
  ];
  if (existsSync(join(root, 'README.md'))) required.push('extension/README.md');
  // Contributed snippet files must ship, or VS Code reports them missing at run time.
  for (const s of pkg.contributes?.snippets ?? []) required.push(`extension/${s.path.replace(/^\.\//, '')}`);
  // vsce stores README and CHANGELOG as readme.md and changelog.md.
  const lower = new Set(names.map((n) => n.toLowerCase()));
  for (const r of required) if (!lower.has(r.toLowerCase())) problems.push(`${r} is missing`);
  if (!names.some((n) => n.startsWith('extension/media/'))) problems.push('media/ is missing');
  const forbidden = names.filter((n) => /^extension\/(src|test|node_modules|webview|scripts|samples|bench|out|\.vscode-test|test-results)\//.test(n) || /\.(ts|map)$/.test(n));
  if (forbidden.length) problems.push(`it ships files it must not: ${forbidden.slice(0, 10).join(', ')}${forbidden.length > 10 ? ', ...' : ''}`);
  if (problems.length) throw new Error(`package-vsix: ${file}:\n  - ${problems.join('\n  - ')}`);
  return `${file}: ${(bytes / 1048576).toFixed(2)} MB, ${names.length} files`;
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root });
  if (r.status !== 0) throw new Error(`package-vsix: \`${cmd} ${args.join(' ')}\` failed (exit ${r.status ?? r.signal})`);
}

export function packageVsix({ out, build = true } = {}) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const file = resolve(root, out ?? `${pkg.name}-${pkg.version}.vsix`);
  if (build) run(process.execPath, ['esbuild.mjs']);
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  // --no-dependencies: nothing from node_modules (the bundles contain it) and no npm call at all.
  // --skip-license is not used: LICENSE must be there.
  run(process.execPath, [vsce, 'package', '--no-dependencies', '--no-update-package-json', '--out', file]);
  return file;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const i = process.argv.indexOf('--out');
    const file = packageVsix({ out: i > 0 ? process.argv[i + 1] : undefined, build: !process.argv.includes('--no-build') });
    console.log(checkVsix(file));
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
}
