/** Float comparisons for float32 results against float32 references. */
import assert from 'node:assert/strict';

export interface Tol {
  /** relative tolerance */
  readonly rtol?: number;
  /** absolute tolerance, as a fraction of the reference array's largest magnitude (min 1) */
  readonly atol?: number;
}

/** Asserts |a - b| <= atol * max(1, max|b|) + rtol * |b| elementwise, naming the first offender. */
export function assertClose(actual: ArrayLike<number> | number, expected: ArrayLike<number> | number, what: string, tol: Tol = {}): void {
  const a = typeof actual === 'number' ? [actual] : Array.from(actual);
  const b = typeof expected === 'number' ? [expected] : Array.from(expected);
  assert.equal(a.length, b.length, `${what}: length ${a.length} != expected ${b.length}`);
  const rtol = tol.rtol ?? 1e-5;
  let scale = 1;
  for (const x of b) if (Number.isFinite(x)) scale = Math.max(scale, Math.abs(x));
  const atol = (tol.atol ?? 1e-6) * scale;
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(b[i])) {
      assert.ok(Number.isNaN(a[i]), `${what}[${i}]: expected NaN, got ${a[i]}`);
      continue;
    }
    assert.ok(Number.isFinite(a[i]) || a[i] === b[i], `${what}[${i}]: got non-finite ${a[i]}, expected ${b[i]}`);
    const d = Math.abs(a[i] - b[i]);
    assert.ok(d <= atol + rtol * Math.abs(b[i]), `${what}[${i}]: got ${a[i]}, expected ${b[i]} (diff ${d.toExponential(2)})`);
  }
}
