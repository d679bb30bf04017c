// Starts code-server (the real VS Code workbench and extension host) isolated in a run folder, in its
// own process group, and stops the whole group. See ../../../../shared/VSCODE-TESTING.md.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, createWriteStream, mkdirSync, rmSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ensureCodeServer, installedCodeServer, cacheDir } from '../../../scripts/ensure-code-server.mjs';

export const repoRoot = join(cacheDir, '..');

/** A fresh folder for one run: XDG dirs, user data, extensions, browser profile, a workspace copy. */
export function prepareRun(name, { workspaceFrom = join(repoRoot, 'samples') } = {}) {
  const runsDir = join(cacheDir, 'runs');
  mkdirSync(runsDir, { recursive: true });
  pruneOldRuns(runsDir);
  const dir = join(runsDir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`);
  const run = {
    dir,
    xdg: join(dir, 'xdg'),
    userData: join(dir, 'user-data'),
    extensions: join(dir, 'extensions'),
    browserProfile: join(dir, 'chromium'),
    workspace: join(dir, 'workspace'),
    log: join(dir, 'code-server.log'),
  };
  for (const d of [run.xdg, run.userData, run.extensions, run.browserProfile]) mkdirSync(d, { recursive: true });
  // A copy, so that a test that edits a file (the snippet insertion) never touches samples/.
  // Without samples/.loss-lab-open-on-start (which makes npm start open the lab by itself): the
  // tests open the panel themselves and check that a plain workspace does not activate the extension.
  cpSync(workspaceFrom, run.workspace, { recursive: true, filter: (src) => !src.endsWith('.loss-lab-open-on-start') });
  writeUserSettings(run.userData);
  return run;
}

/** Quiet, offline user settings for a workbench profile (telemetry, updates, welcome page off). */
export function writeUserSettings(userData) {
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'security.workspace.trust.enabled': false,
        'chat.disableAIFeatures': true,
        'window.restoreWindows': 'none',
        'files.hotExit': 'off',
        'git.enabled': false,
      },
      null,
      2,
    ),
  );
}

/** Keeps the 5 newest run folders: they hold logs and are handy after a failure, but add up. */
function pruneOldRuns(runsDir) {
  const runs = readdirSync(runsDir)
    .map((f) => ({ f, t: statSync(join(runsDir, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { f } of runs.slice(5)) rmSync(join(runsDir, f), { recursive: true, force: true });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function env(run, extra = {}) {
  return {
    ...process.env,
    XDG_CONFIG_HOME: join(run.xdg, 'config'),
    XDG_DATA_HOME: join(run.xdg, 'data'),
    XDG_CACHE_HOME: join(run.xdg, 'cache'),
    // A dead loopback address: the workbench otherwise asks a public gallery for extension metadata.
    EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: 'http://127.0.0.1:9/gallery', itemUrl: 'http://127.0.0.1:9/item', resourceUrlTemplate: 'http://127.0.0.1:9/r' }),
    ...extra,
  };
}

/** `code-server --install-extension x.vsix` into the run's extensions folder. */
export function installVsix(run, vsix) {
  const { nodeBin, codeServerEntry } = installedCodeServer();
  const r = spawnSync(
    nodeBin,
    [codeServerEntry, '--user-data-dir', run.userData, '--extensions-dir', run.extensions, '--install-extension', vsix, '--force'],
    { env: env(run), encoding: 'utf8', timeout: 120_000 },
  );
  if (r.status !== 0) throw new Error(`harness: installing ${vsix} into code-server failed (exit ${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout.trim();
}

/**
 * Starts code-server; resolves when it answers HTTP. `stop()` ends its whole process group (the
 * server forks a file watcher and the extension host, which outlive a kill of the top process).
 */
export async function startCodeServer(run, { env: extraEnv = {}, smokeTestDriver = true, startTimeoutMs = 60_000, port: wanted } = {}) {
  const { nodeBin, codeServerEntry } = await ensureCodeServer();
  const port = wanted ?? (await freePort());
  const args = [
    codeServerEntry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', run.userData,
    '--extensions-dir', run.extensions,
  ];
  // Without it the built workbench silently ignores the extension development payload.
  if (smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  const log = createWriteStream(run.log);
  const child = spawn(nodeBin, args, { env: env(run, extraEnv), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let exited = null;
  child.on('exit', (code, signal) => (exited = { code, signal }));

  const stop = async () => {
    if (child.pid === undefined) return;
    const group = -child.pid;
    const alive = () => {
      try {
        process.kill(group, 0);
        return true;
      } catch {
        return false;
      }
    };
    try {
      process.kill(group, 'SIGTERM');
    } catch {
      /* already gone */
    }
    for (let i = 0; i < 50 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
    if (alive()) {
      try {
        process.kill(group, 'SIGKILL');
      } catch {
        /* gone meanwhile */
      }
    }
  };

  const url = `http://127.0.0.1:${port}`;
  const t0 = Date.now();
  for (;;) {
    if (exited) throw new Error(`harness: code-server exited during start (${JSON.stringify(exited)}); see ${run.log}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() - t0 > startTimeoutMs) {
      await stop();
      throw new Error(`harness: code-server did not answer on ${url} within ${startTimeoutMs / 1000} s; see ${run.log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, port, pid: child.pid, stop, exited: () => exited };
}

/** The workbench URL opening `folder`, with an extension development payload when given. */
export function workbenchUrl(server, folder, { extensionDevelopmentPath, extensionTestsPath } = {}) {
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  payload.push(['skipWelcome', 'true']);
  return `${server.url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
