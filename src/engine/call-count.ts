/**
 * How often the per-evaluation checks ran (resolveParams, checkDomains, the data layer's
 * mapColumns): each must run once per evaluation, its result passed on rather than recomputed
 * (#10 §3). Read only by the test that proves it (test/unit/lab/pass-through.test.ts); counting is
 * one integer increment per call, never per row.
 */
const counts = new Map<string, number>();

export function countCall(name: string): void {
  counts.set(name, (counts.get(name) ?? 0) + 1);
}

/** The counts since the last reset (absent names ran 0 times). */
export function callCounts(): Readonly<Record<string, number>> {
  return Object.fromEntries(counts);
}

export function resetCallCounts(): void {
  counts.clear();
}
