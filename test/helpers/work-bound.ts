/**
 * "Bounded work" checks that do not flake on a shared machine: the CPU time of a pathological input
 * is compared with that of a benign input of the same size, measured in the same run, never with a
 * fixed time. A super-linear algorithm shows up as a ratio in the hundreds or thousands at these
 * sizes; a linear one stays within a small factor, so the allowed ratio can be generous.
 */

/** CPU time (user + system, ms) of `reps` calls; stops early once past `limitMs`. */
function cpuMs(fn: () => unknown, reps: number, limitMs = Infinity): number {
  const t0 = process.cpuUsage();
  for (let i = 0; i < reps; i++) {
    fn();
    if (limitMs !== Infinity) {
      const d = process.cpuUsage(t0);
      if ((d.user + d.system) / 1000 > limitMs) return (d.user + d.system) / 1000;
    }
  }
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

export interface WorkRatio {
  readonly ratio: number;
  readonly pathologicalMs: number;
  readonly benignMs: number;
  readonly reps: number;
}

/**
 * CPU time of `pathological` over that of `benign` (best of three each, repeated until the benign
 * side takes at least 20 ms). The pathological side is cut short once it passes `maxRatio` times
 * the benign time, so a quadratic implementation fails in seconds instead of hanging the suite.
 */
export function workRatio(pathological: () => unknown, benign: () => unknown, maxRatio: number): WorkRatio {
  let reps = 1;
  while (cpuMs(benign, reps) < 20 && reps < 1 << 20) reps *= 2;
  const benignMs = Math.max(Math.min(cpuMs(benign, reps), cpuMs(benign, reps), cpuMs(benign, reps)), 1);
  let pathologicalMs = Infinity;
  for (let k = 0; k < 3; k++) {
    pathologicalMs = Math.min(pathologicalMs, cpuMs(pathological, reps, maxRatio * benignMs));
    if (pathologicalMs > maxRatio * benignMs) break;
  }
  return { ratio: pathologicalMs / benignMs, pathologicalMs, benignMs, reps };
}

/** Asserts that `pathological` costs at most `maxRatio` times `benign` (default 20). */
export function assertLinearWork(what: string, pathological: () => unknown, benign: () => unknown, maxRatio = 20): WorkRatio {
  const r = workRatio(pathological, benign, maxRatio);
  if (!(r.ratio <= maxRatio)) {
    throw new Error(`${what}: ${r.pathologicalMs.toFixed(1)} ms against ${r.benignMs.toFixed(1)} ms for a benign input of the same size (${r.reps} calls each): ratio ${r.ratio.toFixed(1)} > ${maxRatio}`);
  }
  return r;
}
