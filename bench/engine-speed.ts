/**
 * Value + gradient through the real engine (`evaluate`, grad: true, reduction mean) against the
 * hand-written loops of baselines.ts, measured in the same run, interleaved run by run so that
 * the load of a shared machine falls on both alike. Medians of several runs.
 */
import { initBackend, type BackendName } from '../src/engine/backend';
import { evaluate, type EvalOptions } from '../src/engine/evaluate';
import { getLoss } from '../src/engine/registry';
import type { EvalInputs, RoleName } from '../src/engine/spec';
import { crossEntropyBaseline, focalBaseline, mseBaseline } from './baselines';
import { cpuMs, median, ms, nLabel, printHeader, printLine, printSkip } from './report';
import { classificationData, regressionData } from './synthetic';

const CLASSES = 10;
const GAMMA = 2;

interface Case {
  readonly loss: 'mse' | 'cross_entropy' | 'focal';
  readonly params: Record<string, unknown>;
  /** Target ratio engine / baseline at 1e6 and 1e7 rows. */
  readonly target: number;
}
const CASES: readonly Case[] = [
  { loss: 'mse', params: {}, target: 3 },
  { loss: 'cross_entropy', params: {}, target: 1.5 },
  { loss: 'focal', params: { gamma: GAMMA }, target: 1.5 },
];

interface Data {
  readonly inputs: (c: Case) => EvalInputs;
  /** The engine's own preallocated gradient array (the baseline has one too). */
  readonly gradInto: (c: Case) => Partial<Record<RoleName, Float32Array>>;
  /** Runs the baseline into a preallocated gradient; returns the value. */
  readonly baseline: (c: Case) => number;
}

function makeData(n: number): Data {
  const reg = regressionData(n);
  const cls = classificationData(n, CLASSES);
  const gReg = new Float32Array(n);
  const gCls = new Float32Array(n * CLASSES);
  const intoReg = new Float32Array(n);
  const intoCls = new Float32Array(n * CLASSES);
  return {
    gradInto: (c) => (c.loss === 'mse' ? { prediction: intoReg } : { logits: intoCls }),
    inputs: (c) =>
      c.loss === 'mse'
        ? { prediction: { data: reg.pred, cols: 1 }, target: { data: reg.target, cols: 1 } }
        : { logits: { data: cls.logits, cols: CLASSES }, target: { data: cls.target, cols: 1 } },
    baseline: (c) =>
      c.loss === 'mse'
        ? mseBaseline(reg.pred, reg.target, gReg)
        : c.loss === 'cross_entropy'
          ? crossEntropyBaseline(cls.logits, cls.target, CLASSES, gCls)
          : focalBaseline(cls.logits, cls.target, CLASSES, GAMMA, gCls),
  };
}

function runsFor(n: number): number {
  return n <= 1e5 ? 21 : n <= 1e6 ? 11 : 5;
}

/**
 * `lean`: the engine writes into a preallocated gradient array and skips the metrics (accuracy),
 * doing what the baseline does; otherwise evaluate()'s defaults (a fresh gradient array, metrics on).
 */
async function measure(c: Case, d: Data, n: number, backend: BackendName, lean: boolean): Promise<void> {
  const what = `engine ${backend} ${c.loss} N=${nLabel(n)}${lean ? '' : ' (defaults)'}`;
  const spec = getLoss(c.loss);
  if (!spec) return printSkip(what, `loss ${c.loss} is not in the registry`);
  const inputs = d.inputs(c);
  const opts: EvalOptions = lean ? { reduction: 'mean', grad: true, gradInto: d.gradInto(c), metrics: false } : { reduction: 'mean', grad: true };
  const tb: number[] = [];
  const te: number[] = [];
  const cb: number[] = [];
  const ce: number[] = [];
  let vb = 0;
  let ve = 0;
  const runs = runsFor(n);
  const warmups = n <= 1e6 ? 3 : 1;
  for (let k = 1 - warmups; k <= runs; k++) {
    let t = performance.now();
    let u = cpuMs();
    vb = d.baseline(c);
    const b = performance.now() - t;
    const bc = cpuMs() - u;
    t = performance.now();
    u = cpuMs();
    const r = await evaluate(spec, inputs, c.params, opts);
    const e = performance.now() - t;
    const ec = cpuMs() - u;
    ve = r.value;
    // The first runs warm up the JIT, the wasm heap and the allocator.
    if (k > 0) {
      tb.push(b);
      te.push(e);
      cb.push(bc);
      ce.push(ec);
    }
  }
  if (Math.abs(ve - vb) > 1e-4 * Math.abs(vb)) console.log(`  warning: engine value ${ve} differs from the baseline's ${vb}`);
  // Graded on CPU time: on a shared machine a longer task is preempted more often, which inflates
  // its wall-clock ratio; the wall-clock ratio is printed beside it.
  const ratio = median(ce) / median(cb);
  const wallRatio = median(te) / median(tb);
  const graded = lean && backend === 'wasm' && n >= 1e6;
  printLine({
    what,
    figure: ms(median(ce)),
    baseline: ms(median(cb)),
    ratio,
    note: `wall ${ms(median(te))} vs ${ms(median(tb))}, ${wallRatio.toFixed(2)}x`,
    target: graded ? `<= ${c.target}x` : null,
    pass: ratio <= c.target,
  });
}

export async function engineSpeed(sizes: readonly number[]): Promise<void> {
  printHeader(
    `value + gradient, mean, through evaluate() vs a hand-written Float32Array loop (CPU-time medians of 5-21 runs; ${CLASSES} classes, focal gamma ${GAMMA}; ` +
      'the engine writes into a preallocated gradient array and skips metrics, as the loop does, unless marked (defaults))',
  );
  for (const n of sizes) {
    const d = makeData(n);
    for (const backend of ['wasm', 'cpu'] as const) {
      if (backend === 'cpu' && n > 1e6) continue;
      const info = await initBackend({ backend });
      if (info.name !== backend) {
        printSkip(`engine ${backend} N=${nLabel(n)}`, `the ${backend} backend did not start: ${info.fallbackReason ?? ''}`);
        continue;
      }
      for (const c of CASES) await measure(c, d, n, backend, true);
      // What a caller gets with the defaults (fresh gradient memory, accuracy computed), for reference.
      if (backend === 'wasm' && n === 1e6) for (const c of CASES) await measure(c, d, n, backend, false);
    }
  }
}
