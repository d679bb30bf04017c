// Runs the mocha suite (test/integration/suite) inside a real VS Code extension host: code-server,
// opened by Debian's chromium through playwright-core, with Loss Lab loaded from this folder
// (extensionDevelopmentPath) and the suite as extensionTestsPath. Exit status 0 only when the suite
// ran tests and none failed. Everything it starts is ended, whatever happens.
//   node test/integration/run.mjs [--timeout=SECONDS] [--keep]   (--keep: leave the run folder's logs)
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { buildSuite } from './build-suite.mjs';
import { prepareRun, repoRoot, startCodeServer, workbenchUrl } from './harness/code-server.mjs';
import { launchBrowser } from './harness/browser.mjs';
import { onAbort } from './harness/cleanup.mjs';

const arg = (name, dflt) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt;
const timeoutS = Number(arg('timeout', process.env.LOSS_LAB_IT_TIMEOUT ?? 300));

class HarnessError extends Error {}

/** Workbench chatter that says nothing about Loss Lab (the dead gallery address, sign-in probes). */
const NOISE = [/127\.0\.0\.1:9\b/, /authentication provider/, /^\[(AccountPolicyGate|AgentHost|reconnection-grace-time|Service Worker)/, /^(Resolving|Resolved) connection token/, /^Creating a socket/, /^Creation of workbench contribution/, /^Updating additional builtin extensions cache/];

async function main() {
  const t0 = Date.now();
  if (!existsSync(join(repoRoot, 'dist', 'extension.js'))) throw new HarnessError('dist/extension.js is missing: run `npm run build` first');
  const suiteIndex = await buildSuite();
  const run = prepareRun('suite');
  const resultsFile = join(run.dir, 'results.json');
  const cleanups = [];
  const cleanup = async () => {
    while (cleanups.length) await cleanups.pop()().catch(() => {});
  };
  onAbort(cleanup);
  let timer;
  try {
    const server = await startCodeServer(run, { env: { LOSS_LAB_IT_RESULTS: resultsFile } });
    cleanups.push(server.stop);
    const { context, page, blocked } = await launchBrowser(run);
    cleanups.push(() => context.close());

    const exitCode = new Promise((resolve) => {
      // The workbench's smoke-test driver reports the extension host's exit code and console here.
      page.exposeFunction('codeAutomationExit', (code) => resolve(code));
    });
    await page.exposeFunction('codeAutomationLog', (_type, args) => {
      // The extension host's console, printf-style (mocha's reporter uses %s and %d).
      const text = Array.isArray(args) ? format(...args) : String(args);
      if (!NOISE.some((re) => re.test(text))) process.stdout.write(text.endsWith('\n') ? text : text + '\n');
    });
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new HarnessError(`the suite did not finish within ${timeoutS} s (raise with --timeout=S); logs in ${run.dir}`)), timeoutS * 1000);
    });
    const url = workbenchUrl(server, run.workspace, { extensionDevelopmentPath: repoRoot, extensionTestsPath: suiteIndex });
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
    const code = await Promise.race([exitCode, timeout]);

    if (!existsSync(resultsFile)) {
      throw new HarnessError(`the extension host exited with code ${code} but the suite wrote no results (${resultsFile}); did it load? See ${run.log}`);
    }
    const result = JSON.parse(readFileSync(resultsFile, 'utf8'));
    for (const t of result.tests.filter((x) => x.state === 'failed')) console.log(`\nFAILED ${t.title}\n  ${t.error.split('\n').join('\n  ')}`);
    for (const [k, v] of Object.entries(result.notes ?? {})) console.log(`note: ${k} = ${JSON.stringify(v)}`);
    if (blocked.size) console.log(`note: blocked non-loopback requests to ${[...blocked].join(', ')}`);
    console.log(`integration suite in code-server, ${((Date.now() - t0) / 1000).toFixed(0)} s (logs: ${run.dir}):`);
    console.log(`${result.passes} passed, ${result.failures} failed` + (result.pending ? `, ${result.pending} skipped` : ''));
    return code === 0 && result.failures === 0 && result.passes > 0 ? 0 : 1;
  } finally {
    clearTimeout(timer);
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    const harness = e instanceof HarnessError || /^harness: /.test(e?.message ?? '');
    console.error(`\nintegration harness failed${harness ? '' : ' (unexpected error)'}: ${e instanceof Error ? e.message.replace(/^harness: /, '') : e}`);
    if (!harness && e instanceof Error) console.error(e.stack);
    process.exit(2);
  },
);
