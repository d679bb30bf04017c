/**
 * `npm run bench`: the engine's speed, the CSV reader's throughput, the CLI against pandas +
 * PyTorch, the CLI's peak memory, and the panel (interactions in the built webview, opening a big
 * CSV), each as a ratio to a baseline measured in the same run. A benchmark, not a test: it
 * asserts nothing. `npm run bench -- engine csv cli memory interaction panel` picks sections;
 * `--sizes 1e5,1e6` limits the engine's row counts, `--rows 1e6` the panel's file (default 1e7,
 * about 1 GB, generated once into bench/data/), `--data-rows 1e5,1e6` the interaction's files.
 */
import { cliMemory } from './cli-memory';
import { cliVsPython } from './cli-vs-python';
import { csvSpeed } from './csv-speed';
import { engineSpeed } from './engine-speed';
import { interaction } from './interaction';
import { panelLoad } from './panel-load';
import { allLines, load } from './report';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const list = (flag: string, dflt: number[]): number[] => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1].split(',').map(Number) : dflt;
  };
  const sizes = list('--sizes', [1e5, 1e6, 1e7]);
  const [panelRows] = list('--rows', [1e7]);
  const dataRows = list('--data-rows', [1e5, 1e6]);
  const picked = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  const want = (s: string) => picked.length === 0 || picked.includes(s);
  console.log(`Loss Lab benchmark, ${new Date().toISOString()}, node ${process.version}, ${load()}`);
  if (want('engine')) await engineSpeed(sizes);
  if (want('csv')) await csvSpeed();
  if (want('cli')) await cliVsPython();
  if (want('memory')) await cliMemory();
  if (want('interaction')) await interaction(dataRows);
  if (want('panel')) await panelLoad(panelRows);
  const lines = allLines().filter((l) => l.target !== null);
  const missed = lines.filter((l) => !l.pass).length;
  console.log(`\n${lines.length - missed} of ${lines.length} targets met; ${load()}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
