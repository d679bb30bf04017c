// `npm start`: installs what is missing, builds, and opens Loss Lab on the bundled samples/ workspace:
// in desktop VS Code when a `code` command is on the PATH, else in the bundled code-server (the real
// VS Code workbench in a browser), printing the local URL to open. The extension is loaded from this
// folder (extensionDevelopmentPath). Every piece of state (VS Code profile, extensions, code-server's
// config) stays under the ignored .vscode-test/start/.
//   npm start [-- --code-server] [-- --port=8080]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSystem } from './ensure-system.mjs';
import { ensureCodeServer } from './ensure-code-server.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const samples = join(root, 'samples');
const stateDir = join(root, '.vscode-test', 'start');
const forceCodeServer = process.argv.includes('--code-server');
const portArg = process.argv.find((a) => a.startsWith('--port='))?.split('=')[1] ?? process.env.LOSS_LAB_PORT;

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) throw new Error(`start: \`${cmd} ${args.join(' ')}\` failed (exit ${r.status ?? r.signal})`);
}

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

function prepare() {
  if (!existsSync(join(root, 'node_modules', 'esbuild'))) {
    console.log('start: installing npm dependencies');
    run('npm', [existsSync(join(root, 'package-lock.json')) ? 'ci' : 'install']);
  }
  if (!existsSync(join(samples, 'regression.csv'))) run(process.execPath, [join(samples, 'make-samples.mjs')]);
  console.log('start: building');
  run(process.execPath, ['esbuild.mjs']);
}

function startDesktop() {
  const profile = join(stateDir, 'desktop');
  mkdirSync(profile, { recursive: true });
  const args = [
    `--extensionDevelopmentPath=${root}`,
    '--user-data-dir', join(profile, 'user-data'),
    '--extensions-dir', join(profile, 'extensions'),
    '--new-window',
    samples,
  ];
  console.log(`start: code ${args.join(' ')}`);
  run('code', args);
  console.log('\nVS Code opened samples/ with Loss Lab loaded from this folder (a separate profile under .vscode-test/start/); the panel opens by itself.');
  console.log('Run "Loss Lab: Open Loss Lab" (F1), or right-click a CSV and choose "Loss Lab: Preview Loss on CSV".');
}

async function startCodeServerMode() {
  // Only what code-server needs: its `kerberos` module compiles against libkrb5-dev's gssapi.h.
  ensureSystem({ only: ['libkrb5-dev'] });
  ensureCodeServer();
  const { startCodeServer, writeUserSettings, workbenchUrl, freePort } = await import('../test/integration/harness/code-server.mjs');
  const profile = {
    xdg: join(stateDir, 'xdg'),
    userData: join(stateDir, 'user-data'),
    extensions: join(stateDir, 'extensions'),
    log: join(stateDir, 'code-server.log'),
  };
  for (const d of [profile.xdg, profile.extensions]) mkdirSync(d, { recursive: true });
  if (!existsSync(join(profile.userData, 'User', 'settings.json'))) writeUserSettings(profile.userData);
  const port = portArg ? Number(portArg) : await freePort();
  // The development payload (extensionDevelopmentPath) needs the smoke-test driver option on, as in the tests.
  const server = await startCodeServer(profile, { port });
  const url = workbenchUrl(server, samples, { extensionDevelopmentPath: root });
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  console.log(`\nLoss Lab is running in VS Code (code-server ${server.url}, log: ${profile.log}).`);
  console.log('Open this URL in a browser on this machine:\n');
  console.log(`  ${url}\n`);
  console.log('The Loss Lab panel opens by itself there (samples/.loss-lab-open-on-start); right-click a CSV and choose "Loss Lab: Preview Loss on CSV" to load it.');
  console.log('Ctrl-C stops the server.');
  // Stay up while the server is; report if it dies by itself.
  await new Promise((resolvePromise) => {
    const poll = setInterval(() => {
      const e = server.exited();
      if (e) {
        clearInterval(poll);
        console.error(`start: code-server exited (${JSON.stringify(e)}); see ${profile.log}`);
        resolvePromise();
      }
    }, 1000);
  });
  process.exit(1);
}

try {
  prepare();
  if (!forceCodeServer && onPath('code')) startDesktop();
  else await startCodeServerMode();
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
