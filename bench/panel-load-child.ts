/**
 * Run by bench/panel-load.ts in a process of its own, so that its peak memory is this load's:
 * `node --import tsx bench/panel-load-child.ts <csv> panel|cli`.
 *
 * - `panel`: what the panel does on "Open CSV…" for a file on disk (src/panel/panel-data.ts
 *   without vscode): `DataSession.read` on `readChunks(file)`, every column kept (re-mapping);
 *   then the first evaluation (cross_entropy), as the panel asks for right after the load; then a
 *   second load aborted half-way, timing abort() → rejection.
 * - `cli`: the CLI's own load of the same file (`loadCsv` with the mapping known up front, only the
 *   mapped columns stored), the baseline.
 *
 * While loading, a 10 ms interval timer measures the event loop's longest block (the time between
 * two of its ticks, less the interval), as an extension host sharing its loop would feel it.
 * Prints one JSON line.
 */
import { readFileSync, statSync } from 'node:fs';
import { loadCsv } from '../src/data/load-csv';
import { readChunks } from '../src/data/read-chunks';
import { initBackend } from '../src/engine/backend';
import { getLoss } from '../src/engine/registry';
import { DataSession } from '../src/lab/data-session';

/** Peak and current resident memory of this process (bytes), from the kernel. */
function memory(): { hwm: number; rss: number } {
  const s = readFileSync('/proc/self/status', 'utf8');
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? NaN) * 1024;
  return { hwm: kb('VmHWM'), rss: kb('VmRSS') };
}

/** The event loop's longest block while `work` runs, ms. */
async function watchLoop<T>(work: () => Promise<T>): Promise<{ value: T; maxBlockMs: number }> {
  const every = 10;
  let last = performance.now();
  let max = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    max = Math.max(max, now - last - every);
    last = now;
  }, every);
  try {
    const value = await work();
    max = Math.max(max, performance.now() - last - every);
    return { value, maxBlockMs: Math.max(0, max) };
  } finally {
    clearInterval(timer);
  }
}

async function main(): Promise<void> {
  const [file, mode] = process.argv.slice(2) as [string, 'panel' | 'cli'];
  const size = statSync(file).size;
  const spec = getLoss('cross_entropy')!;
  await initBackend({ backend: 'wasm' });
  const before = memory().rss;
  const t0 = performance.now();
  if (mode === 'cli') {
    const { value: ds, maxBlockMs } = await watchLoop(() => loadCsv(spec, readChunks(file), { fileName: file, bytesTotal: size }));
    const loadMs = performance.now() - t0;
    console.log(JSON.stringify({ rows: ds.n, loadMs, maxBlockMs, peak: memory().hwm, before }));
    return;
  }
  const ref = { path: 'bench.csv', folder: null };
  const { value: s, maxBlockMs } = await watchLoop(() => DataSession.read(readChunks(file), ref, { bytesTotal: size }));
  const loadMs = performance.now() - t0;
  const afterLoad = memory();
  const numericBytes = s.table.blocks.reduce((a, b) => a + b.data.byteLength, 0);
  // The panel evaluates right after loading: its peak counts towards opening the file.
  const t1 = performance.now();
  const ev = await watchLoop(() => s.evaluate(spec, {}, 'mean', { seq: 1, sampleSize: 2000 }));
  const evalMs = performance.now() - t1;
  const afterEval = memory();
  const rows = s.table.rows;

  // Cancel half-way through a second load, from a timer as the user's click would come (the first
  // session is still held, as in the panel while the user opens the file again).
  const c = new AbortController();
  let abortedAt = 0;
  const cancelled = DataSession.read(readChunks(file), ref, { bytesTotal: size, signal: c.signal }).then(
    () => NaN,
    () => performance.now() - abortedAt,
  );
  setTimeout(() => {
    abortedAt = performance.now();
    c.abort(Object.assign(new Error('cancelled'), { name: 'AbortError' }));
  }, loadMs / 2);
  const cancelMs = await cancelled;
  console.log(
    JSON.stringify({ rows, loadMs, maxBlockMs, peakLoad: afterLoad.hwm, before, numericBytes, evalMs, evalMaxBlockMs: ev.maxBlockMs, peakEval: afterEval.hwm, value: ev.value.result.value, cancelMs }),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
