/**
 * `npm run fuzz -- [--runs N] [--seed S] [--from I] [--jobs J] [--cpu SECONDS]`: a long run of the CLI
 * contract fuzzer (the unit suite runs a short one). Prints progress, the outcomes by kind and
 * every failure; failing cases are saved under test-results/fuzz/ to replay. Exit status 1 when
 * any case broke the contract.
 */
import { join } from 'node:path';
import { fuzzCli } from './fuzz-cli';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 0) throw new Error(`--${name} needs a whole number`);
  return v;
}

async function main(): Promise<void> {
  const runs = option('runs', 5000);
  const seed = option('seed', 1);
  const from = option('from', 0);
  const jobs = option('jobs', 2);
  const cpuSeconds = option('cpu', 20);
  const saveDir = join(__dirname, '..', '..', 'test-results', 'fuzz');
  const t0 = Date.now();
  let done = 0;
  console.log(`fuzz: ${runs} cases from ${from}, seed ${seed}, ${jobs} at a time, ${cpuSeconds} s of CPU each at most`);
  const report = await fuzzCli({
    seed,
    runs,
    from,
    jobs,
    cpuSeconds,
    saveDir,
    onCase: (i, _c, o) => {
      done++;
      if (o.problem) console.log(`FAIL case ${i}: ${o.problem}`);
      if (done % 100 === 0) console.log(`  ${done}/${runs} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    },
  });
  console.log(`\n${report.tried} cases in ${((Date.now() - t0) / 1000).toFixed(0)} s; outcomes:`);
  for (const [label, n] of [...report.outcomes].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(6)}  ${label}`);
  console.log(`${report.failures.length} broke the contract`);
  for (const f of report.failures) console.log(`  case ${f.index}: ${f.problem}\n    args: ${JSON.stringify(f.args)}${f.saved ? `\n    saved: ${f.saved}` : ''}`);
  process.exitCode = report.failures.length ? 1 : 0;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
