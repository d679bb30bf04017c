/** Deterministic synthetic inputs for the benchmark (same data every run, no Math.random). */

/** mulberry32: a tiny seeded PRNG with uniform output in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Regression data: predictions ~ U(-3, 3), targets = prediction + U(-1, 1) noise. */
export function regressionData(n: number, seed = 1): { pred: Float32Array; target: Float32Array } {
  const r = rng(seed);
  const pred = new Float32Array(n);
  const target = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    pred[i] = 6 * r() - 3;
    target[i] = pred[i] + 2 * r() - 1;
  }
  return { pred, target };
}

/** Classification data: logits ~ U(-4, 4) row-major [n, classes], targets uniform class indices. */
export function classificationData(n: number, classes: number, seed = 2): { logits: Float32Array; target: Float32Array } {
  const r = rng(seed);
  const logits = new Float32Array(n * classes);
  const target = new Float32Array(n);
  for (let i = 0; i < logits.length; i++) logits[i] = 8 * r() - 4;
  for (let i = 0; i < n; i++) target[i] = Math.floor(r() * classes);
  return { logits, target };
}
