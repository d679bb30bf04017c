// Checks the Debian packages Loss Lab's tests and `npm start` need, and installs the missing ones when
// running as root (CI and these machines); otherwise stops with the exact command to run.
//   chromium       /usr/bin/chromium: drives the workbench and the webview tests (playwright-core).
//   python3-torch  `import torch` under /usr/bin/python3: regenerates the PyTorch golden values.
//   python3-torchvision  torchvision.ops.sigmoid_focal_loss, executed by the framework-parity tests.
//   libkrb5-dev    gssapi.h: code-server's `kerberos` native module compiles against it.
//   python3-pandas the benchmark's PyTorch baseline only: optional, never blocks.
// A fast no-op when everything is present (no apt, no network).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { runStep } from './run-step.mjs';

const logsDir = join(resolve(fileURLToPath(import.meta.url), '..', '..'), '.vscode-test', 'logs');

const PYTHON = '/usr/bin/python3';
const pyImports = (mod) => existsSync(PYTHON) && spawnSync(PYTHON, ['-c', `import ${mod}`], { stdio: 'ignore' }).status === 0;

export const PACKAGES = [
  { name: 'chromium', required: true, present: () => existsSync('/usr/bin/chromium') },
  // `import torch` takes about 2 s; the package's files say the same thing in a millisecond.
  { name: 'python3-torch', required: true, present: () => existsSync('/usr/lib/python3/dist-packages/torch/__init__.py') || pyImports('torch') },
  { name: 'python3-torchvision', required: true, present: () => existsSync('/usr/lib/python3/dist-packages/torchvision/__init__.py') || pyImports('torchvision') },
  { name: 'libkrb5-dev', required: true, present: () => existsSync('/usr/include/gssapi/gssapi.h') || existsSync('/usr/include/gssapi.h') },
  { name: 'python3-pandas', required: false, present: () => existsSync('/usr/lib/python3/dist-packages/pandas/__init__.py') || pyImports('pandas') },
];

/** Names of the packages that are missing ({required, optional}). */
export function missingPackages(only = null) {
  const missing = PACKAGES.filter((p) => (only === null || only.includes(p.name)) && !p.present());
  return { required: missing.filter((p) => p.required).map((p) => p.name), optional: missing.filter((p) => !p.required).map((p) => p.name) };
}

/** `only`: check just these packages (npm start needs fewer than the tests). */
export async function ensureSystem({ withOptional = process.env.LOSS_LAB_WITH_OPTIONAL === '1', only = null } = {}) {
  const { required, optional } = missingPackages(only);
  const toInstall = withOptional ? [...required, ...optional] : required;
  if (optional.length && !withOptional) {
    console.log(`ensure-system: optional ${optional.join(', ')} missing (the benchmark's PyTorch baseline needs it): apt-get install -y ${optional.join(' ')}`);
  }
  if (toInstall.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(
      `ensure-system: missing Debian packages: ${toInstall.join(', ')}.\n` +
        `Install them with:\n  sudo apt-get install -y ${toInstall.join(' ')}\n` +
        `(the whole set the project uses: sudo apt-get install -y chromium python3-torch python3-torchvision libkrb5-dev)`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const retry = `apt-get install -y ${toInstall.join(' ')} (then npm start or npm test again)`;
  await runStep({
    name: 'ensure-system [apt 1/2]',
    what: 'apt-get update: reading the Debian package lists',
    usual: 'about 10 s',
    cmd: 'apt-get',
    args: ['update', '-q'],
    env,
    log: join(logsDir, 'apt-update.log'),
    retry,
  });
  await runStep({
    name: 'ensure-system [apt 2/2]',
    what: `apt-get install ${toInstall.join(' ')}` + (toInstall.includes('python3-torch') ? ' (python3-torch is about 600 MB)' : ''),
    usual: toInstall.includes('python3-torch') || toInstall.includes('chromium') ? '2-3 min' : 'under a minute',
    cmd: 'apt-get',
    args: ['install', '-y', '-q', '--no-install-recommends', ...toInstall],
    env,
    log: join(logsDir, 'apt-install.log'),
    retry,
  });
  const still = missingPackages(only).required;
  if (still.length) throw new Error(`ensure-system: still missing after apt-get: ${still.join(', ')}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await ensureSystem({ withOptional: process.argv.includes('--with-optional') || process.env.LOSS_LAB_WITH_OPTIONAL === '1' });
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
}
