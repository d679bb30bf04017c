// The environment for an npm that this project starts under another Node (code-server's install on
// Node 24), when this script itself may be running under an outer npm (`npm start`, `npm test`).
//
// An outer npm exports its own identity to every script it runs: `npm_config_user_agent`
// ("npm/11 node/v20 ..."), `npm_config_node_gyp`, `npm_execpath`, `npm_lifecycle_*`, `NODE`, and every
// config value it resolved (even `npm_config_allow_scripts=`). A nested npm reads those as its own
// configuration, so the Node 24 install would describe itself as Node 20: code-server's postinstall
// reads the Node major version from `$npm_config_user_agent`, sees 20 and refuses, and npm rolls
// the install back (issue #9). So none of them reaches the child; the child npm reads the user's
// npmrc files itself, and only the values set on purpose below, plus the user's connection
// settings (where packages come from, not which Node runs), are passed on.

/**
 * npm settings that say how to reach the registry. A user behind a proxy or a mirror sets them in
 * the shell; they say nothing about the Node or npm that runs, so they are kept.
 */
export const CONNECTION_SETTINGS = [
  'npm_config_registry',
  'npm_config_proxy',
  'npm_config_https_proxy',
  'npm_config_noproxy',
  'npm_config_cafile',
  'npm_config_strict_ssl',
  'npm_config_cache',
];

/** Variables an outer npm sets for its scripts that are not named npm_*. */
const OUTER_NPM_OTHERS = ['NODE', 'INIT_CWD'];

/** PATH entries an outer npm prepends for its scripts: the project's `.bin` folders and its node-gyp shim. */
function addedByOuterNpm(entry) {
  return /[\\/]node_modules[\\/]\.bin$/.test(entry) || /[\\/]@npmcli[\\/]run-script[\\/]lib[\\/]node-gyp-bin$/.test(entry);
}

/**
 * `outer`: the environment this process got (process.env). `nodeBinDir`: the folder of the Node that
 * runs the nested npm; it goes first on PATH. `set`: values set on purpose (npm_config_nodedir, ...),
 * applied last.
 */
export function nestedNpmEnv(outer, { nodeBinDir, set = {} }) {
  const keep = new Set(CONNECTION_SETTINGS);
  const env = {};
  for (const [name, value] of Object.entries(outer)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    // npm reads its settings case-insensitively (NPM_CONFIG_X as npm_config_x).
    if (lower.startsWith('npm_') && !keep.has(lower)) continue;
    if (OUTER_NPM_OTHERS.includes(name)) continue;
    env[name] = value;
  }
  const path = (outer.PATH ?? '').split(':').filter((e) => e !== '' && !addedByOuterNpm(e));
  env.PATH = [nodeBinDir, ...path].join(':');
  return { ...env, ...set };
}
