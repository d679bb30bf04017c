// `npm start`: installs what is missing, builds, and opens Loss Lab on the bundled samples/ workspace,
// or on the folder given: in desktop VS Code when a `code` command is on the PATH, else in the bundled
// code-server (the real VS Code workbench in a browser), printing the local URL to open. The extension
// is loaded from this folder (extensionDevelopmentPath). Every piece of state (VS Code profile,
// extensions, code-server's config) stays under the ignored .vscode-test/start/.
//   npm start [-- FOLDER] [-- --code-server] [-- --port=8080]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSystem } from './ensure-system.mjs';
import { ensureCodeServer } from './ensure-code-server.mjs';
import { runStep } from './run-step.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const samples = join(root, 'samples');
const stateDir = join(root, '.vscode-test', 'start');
const argv = process.argv.slice(2);
const forceCodeServer = argv.includes('--code-server');
const portArg = argv.find((a) => a.startsWith('--port='))?.split('=')[1] ?? process.env.LOSS_LAB_PORT;
const folderArgs = argv.filter((a) => !a.startsWith('--'));

/** The workspace to open: the folder given (relative to where npm was run), else samples/. */
function workspaceFolder() {
  if (folderArgs.length > 1) throw new Error(`start: one folder at most, got ${folderArgs.length}: ${folderArgs.join(' ')}`);
  if (folderArgs.length === 0) return samples;
  // npm runs scripts in the package folder; INIT_CWD is where the user typed the command.
  const folder = resolve(process.env.INIT_CWD ?? process.cwd(), folderArgs[0]);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new Error(`start: ${folder} is not a folder (npm start -- FOLDER opens your own folder instead of samples/)`);
  return folder;
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) throw new Error(`start: \`${cmd} ${args.join(' ')}\` failed (exit ${r.status ?? r.signal})`);
}

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

async function prepare() {
  if (!existsSync(join(root, 'node_modules', 'esbuild'))) {
    const cmd = existsSync(join(root, 'package-lock.json')) ? 'ci' : 'install';
    await runStep({
      name: 'start [npm]',
      what: `npm ${cmd}: the project's npm dependencies`,
      usual: 'about 30 s',
      cmd: 'npm',
      args: [cmd, '--no-audit', '--no-fund'],
      cwd: root,
      log: join(root, '.vscode-test', 'logs', 'npm-install.log'),
      retry: `npm ${cmd}`,
    });
  }
  if (!existsSync(join(samples, 'regression.csv'))) run(process.execPath, [join(samples, 'make-samples.mjs')]);
  console.log('start: building the extension (esbuild, a few seconds)');
  run(process.execPath, ['esbuild.mjs']);
}

function startDesktop(folder) {
  const profile = join(stateDir, 'desktop');
  mkdirSync(profile, { recursive: true });
  const args = [
    `--extensionDevelopmentPath=${root}`,
    '--user-data-dir', join(profile, 'user-data'),
    '--extensions-dir', join(profile, 'extensions'),
    '--new-window',
    folder,
  ];
  console.log(`start: code ${args.join(' ')}`);
  run('code', args);
  console.log(`\nVS Code opened ${folder} with Loss Lab loaded from this folder (a separate profile under .vscode-test/start/)${folder === samples ? '; the panel opens by itself' : ''}.`);
  console.log('Run "Loss Lab: Open Loss Lab" (F1), or right-click a CSV and choose "Loss Lab: Preview Loss on CSV".');
}

async function startCodeServerMode(folder) {
  // Only what code-server needs: its `kerberos` module compiles against libkrb5-dev's gssapi.h.
  await ensureSystem({ only: ['libkrb5-dev'] });
  await ensureCodeServer();
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
  const url = workbenchUrl(server, folder, { extensionDevelopmentPath: root });
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  console.log(`\nLoss Lab is running in VS Code (code-server ${server.url}, log: ${profile.log}).`);
  console.log('Open this URL in a browser on this machine:\n');
  console.log(`  ${url}\n`);
  if (folder === samples) console.log('The Loss Lab panel opens by itself there (samples/.loss-lab-open-on-start); right-click a CSV and choose "Loss Lab: Preview Loss on CSV" to load it.');
  else console.log(`It opens ${folder}: right-click a CSV and choose "Loss Lab: Preview Loss on CSV", or run "Loss Lab: Open Loss Lab" (F1).`);
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
  const folder = workspaceFolder();
  await prepare();
  if (!forceCodeServer && onPath('code')) startDesktop(folder);
  else await startCodeServerMode(folder);
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
