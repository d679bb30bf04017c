/**
 * One parameter rule for both sides: the webview's generic check of the catalog's constraints
 * (src/shared/param-rule.ts on src/lab/catalog-data.ts) and the engine's own check
 * (src/engine/params.ts) accept and refuse the same values, for every parameter of every loss in
 * the registry, on random values and the edges (inf, nan, -0, 1e308, each bound exactly and just
 * beside it, wrong types, lists).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { checkParam } from '../../../src/engine/params';
import { LOSSES } from '../../../src/engine/registry';
import type { ParamSpec } from '../../../src/engine/spec';
import { catalogParam } from '../../../src/lab/catalog-data';
import { checkParamValue } from '../../../src/shared/param-rule';

function engineAccepts(s: ParamSpec, v: unknown, loss: string): { ok: true; value: unknown } | { ok: false } {
  try {
    const value = checkParam(s, v, loss);
    return { ok: true, value: Array.isArray(value) ? [...value] : value };
  } catch {
    return { ok: false };
  }
}

/** The bounds of the spec exactly, and the nearest doubles either side. */
function boundEdges(s: ParamSpec): number[] {
  if (s.kind !== 'number' && s.kind !== 'integer' && s.kind !== 'numberList') return [];
  const out: number[] = [];
  for (const b of [s.min, s.max]) {
    if (!Number.isFinite(b)) continue;
    const ulp = b === 0 ? Number.MIN_VALUE : Math.abs(b) * Number.EPSILON;
    out.push(b, b + ulp, b - ulp, b + 1, b - 1, b + 0.5, b - 0.5);
  }
  return out;
}

const EDGES = [Infinity, -Infinity, NaN, -0, 0, 1e308, -1e308, Number.MAX_VALUE, Number.MIN_VALUE, 2 ** 53 + 2, 0.1, 1, -1, 100, 1e6, 1e6 + 1, -100, -101];

function valuesFor(s: ParamSpec): fc.Arbitrary<unknown> {
  const number = fc.oneof(fc.constantFrom(...EDGES, ...boundEdges(s)), fc.double(), fc.integer({ min: -200, max: 200 }), fc.double({ min: -10, max: 10 }));
  const options = s.kind === 'enum' ? s.options : ['mean'];
  return fc.oneof(
    { arbitrary: number, weight: 6 },
    { arbitrary: fc.array(number, { maxLength: 5 }), weight: 3 },
    { arbitrary: fc.constantFrom(null, true, false, '', '1', 'inf', ...options), weight: 2 },
    { arbitrary: fc.string({ maxLength: 6 }), weight: 1 },
    { arbitrary: fc.array(fc.oneof(number, fc.constant(null), fc.string({ maxLength: 2 })), { maxLength: 3 }), weight: 1 },
  );
}

describe('one parameter rule for the webview and the engine', () => {
  const params = LOSSES.flatMap((spec) => spec.params.map((p) => ({ spec, p })));

  it('covers every kind of parameter the registry has', () => {
    assert.deepEqual([...new Set(params.map((x) => x.p.kind))].sort(), ['boolean', 'enum', 'integer', 'number', 'numberList']);
  });

  for (const { spec, p } of params) {
    it(`${spec.id}.${p.name} (${p.kind}): the catalog's rule and the engine's agree on every value`, () => {
      const cat = catalogParam(p);
      const check = (v: unknown): void => {
        const engine = engineAccepts(p, v, spec.id);
        const shared = checkParamValue(cat, v);
        assert.equal(shared.ok, engine.ok, `${spec.id}.${p.name} = ${fc.stringify(v)}: engine ${engine.ok ? 'accepts' : 'refuses'}, catalog rule ${shared.ok ? 'accepts' : `refuses (${shared.problem})`}`);
        if (shared.ok && engine.ok) assert.deepEqual(shared.value, engine.value, `${spec.id}.${p.name} = ${fc.stringify(v)}: same value`);
      };
      for (const v of [...EDGES, ...boundEdges(p), p.default, null, [], [1], [Infinity], [NaN], [-0]]) check(v);
      fc.assert(fc.property(valuesFor(p), (v) => check(v)), { numRuns: 300 });
    });
  }
});
