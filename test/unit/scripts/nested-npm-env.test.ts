import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { codeServerInstallEnv, nodeDir } from '../../../scripts/ensure-code-server.mjs';
import { nestedNpmEnv } from '../../../scripts/nested-npm-env.mjs';

// What npm 11 on Node 20 exports to `npm start` (taken from `npm run env` on this machine), plus a
// user's own shell variables and a proxy setting the user chose.
const OUTER_NPM: Record<string, string> = {
  HOME: '/home/ada',
  LANG: 'C.UTF-8',
  PATH: '/home/ada/loss-lab/node_modules/.bin:/home/ada/node_modules/.bin:/node_modules/.bin:/usr/lib/node_modules/npm/node_modules/@npmcli/run-script/lib/node-gyp-bin:/usr/local/bin:/usr/bin:/bin',
  NODE: '/usr/bin/node',
  INIT_CWD: '/home/ada/loss-lab',
  COLOR: '0',
  npm_command: 'start',
  npm_config_allow_scripts: '',
  npm_config_cache: '/home/ada/.npm',
  npm_config_global_prefix: '/usr',
  npm_config_globalconfig: '/usr/etc/npmrc',
  npm_config_local_prefix: '/home/ada/loss-lab',
  npm_config_node_gyp: '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
  npm_config_nodedir: '/usr',
  npm_config_npm_version: '11.19.1',
  npm_config_prefix: '/usr',
  npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
  npm_config_userconfig: '/home/ada/.npmrc',
  npm_config_https_proxy: 'http://proxy.example:3128',
  NPM_CONFIG_LOGLEVEL: 'silent',
  npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
  npm_lifecycle_event: 'start',
  npm_lifecycle_script: 'node scripts/start.mjs',
  npm_node_execpath: '/usr/bin/node',
  npm_package_json: '/home/ada/loss-lab/package.json',
  npm_package_name: 'loss-lab',
  npm_package_version: '0.1.0',
};

describe('the nested npm that installs code-server on Node 24 (issue #9)', () => {
  const env = codeServerInstallEnv(OUTER_NPM);

  it('gets no npm_* variable of the outer npm: only the ones set on purpose and the user’s connection settings', () => {
    const npmVars = Object.keys(env)
      .filter((k) => k.toLowerCase().startsWith('npm_'))
      .sort();
    assert.deepEqual(npmVars, ['npm_config_audit', 'npm_config_cache', 'npm_config_fund', 'npm_config_https_proxy', 'npm_config_nodedir', 'npm_config_update_notifier']);
    assert.equal(env.npm_config_user_agent, undefined, 'the outer user agent (node/v20) is what made code-server refuse');
    assert.equal(env.npm_config_nodedir, nodeDir, 'node-gyp builds against Node 24’s headers, not /usr (Node 20’s)');
    assert.equal(env.npm_config_https_proxy, 'http://proxy.example:3128');
    assert.equal(env.NODE, undefined);
    assert.equal(env.INIT_CWD, undefined);
  });

  it('puts Node 24 first on PATH and drops the folders the outer npm added', () => {
    assert.deepEqual(env.PATH.split(':'), [join(nodeDir, 'bin'), '/usr/local/bin', '/usr/bin', '/bin']);
  });

  it('keeps the user’s own variables', () => {
    assert.equal(env.HOME, '/home/ada');
    assert.equal(env.LANG, 'C.UTF-8');
    assert.equal(env.COLOR, '0');
    assert.equal(env.JOBS, 'max');
  });

  it('a real npm started with it describes the Node that runs it, not the outer one', () => {
    // The same check code-server's postinstall makes, with this machine's npm and Node standing in
    // for Node 24: the user agent npm derives must name the running Node.
    // A package whose script prints the agent its npm exports, as a postinstall would read it.
    const npmCli = realpathSync(spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim());
    const pkg = mkdtempSync(join(tmpdir(), 'nested-npm-'));
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'probe', version: '1.0.0', scripts: { agent: 'echo "$npm_config_user_agent"' } }));
    const fake = { ...process.env, npm_config_user_agent: 'npm/11.0.0 node/v20.0.0-outer linux x64 workspaces/false' };
    const agent = (e: Record<string, string | undefined>) =>
      spawnSync(process.execPath, [npmCli, 'run', '--silent', 'agent'], { cwd: pkg, env: e, encoding: 'utf8' }).stdout.trim();
    assert.match(agent(fake), /node\/v20\.0\.0-outer/, 'without the clean-up the inherited agent wins (the bug)');
    const clean = agent(nestedNpmEnv(fake, { nodeBinDir: dirname(process.execPath) }));
    assert.ok(clean.includes(`node/${process.version}`), clean);
    assert.ok(!clean.includes('outer'), clean);
    rmSync(pkg, { recursive: true, force: true });
  });
});
