/**
 * `npm run bench`: the engine's speed, the CSV reader's throughput, the CLI against pandas +
 * PyTorch, and the CLI's peak memory, each as a ratio to a baseline measured in the same run.
 * A benchmark, not a test: it asserts nothing. `npm run bench -- engine csv cli memory` picks sections;
 * `--sizes 1e5,1e6` limits the engine's row counts.
 */
import { cliMemory } from './cli-memory';
import { cliVsPython } from './cli-vs-python';
import { csvSpeed } from './csv-speed';
import { engineSpeed } from './engine-speed';
import { allLines, load } from './report';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const sizesArg = args.indexOf('--sizes');
  const sizes = sizesArg >= 0 ? args[sizesArg + 1].split(',').map(Number) : [1e5, 1e6, 1e7];
  const picked = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--sizes');
  const want = (s: string) => picked.length === 0 || picked.includes(s);
  console.log(`Loss Lab benchmark, ${new Date().toISOString()}, node ${process.version}, ${load()}`);
  if (want('engine')) await engineSpeed(sizes);
  if (want('csv')) await csvSpeed();
  if (want('cli')) await cliVsPython();
  if (want('memory')) await cliMemory();
  const lines = allLines().filter((l) => l.target !== null);
  const missed = lines.filter((l) => !l.pass).length;
  console.log(`\n${lines.length - missed} of ${lines.length} targets met; ${load()}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
