/**
 * Every generated TensorFlow.js snippet (TypeScript and JavaScript dialects), executed in Node on
 * every golden case of its loss, computes the engine's value, per-sample losses and gradients
 * (tf.valueAndGrads on the differentiable roles).
 *
 * How it runs: esbuild strips the types and turns the snippet's `import * as tf from
 * '@tensorflow/tfjs'` into a `require`, which is answered with the engine's tfjs-core (+ cpu backend,
 * gradients registered): the `@tensorflow/tfjs` umbrella is not installed here, and the snippets use
 * only what tfjs-core exports (`tf.losses`, `tf.Reduction` and the ops).
 */
import assert from 'node:assert/strict';
import { runInThisContext } from 'node:vm';
import { describe, it } from 'node:test';
import { transformSync } from 'esbuild';
import { generateFor } from '../../../src/codegen';
import { tf } from '../../../src/engine/backend';
import type { RoleName } from '../../../src/engine/spec';
import { assertClose } from '../../helpers/close';
import { comparable, engineResult, isIntegerRole, roleShape, snippetCases, type SnippetCase } from './snippet-cases';

type LossFn = (...args: tf.Tensor[]) => tf.Tensor;

/** Loads a generated snippet and returns its `lossFn`. */
export function loadTfjsSnippet(code: string, typescript: boolean): LossFn {
  const js = transformSync(code, { loader: typescript ? 'ts' : 'js', format: 'cjs', target: 'node20' }).code;
  const fakeRequire = (m: string): unknown => {
    if (m === '@tensorflow/tfjs') return tf;
    throw new Error(`the snippet requires ${m}; snippets must need only @tensorflow/tfjs`);
  };
  const factory = runInThisContext(`(function (require, module, exports) {\n${js}\nreturn lossFn;\n})`) as (r: typeof fakeRequire, m: object, e: object) => LossFn;
  const module = { exports: {} };
  return factory(fakeRequire, module, module.exports);
}

function inputs(c: SnippetCase): tf.Tensor[] {
  return c.roles.map((r) => {
    const x = c.golden.inputs[r.name];
    return tf.tensor(x.data, roleShape(c, r), isIntegerRole(r) ? 'int32' : 'float32');
  });
}

const cases = snippetCases();

for (const typescript of [true, false]) {
  describe(`generated TensorFlow.js code (${typescript ? 'TypeScript' : 'JavaScript'}) runs in tfjs and matches the engine`, () => {
    for (const c of cases) {
      it(`${c.golden.name}: lossFn(${c.roles.map((r) => r.name).join(', ')}) matches the engine`, async () => {
        const want = await engineResult(c);
        const code = generateFor(c.spec, c.golden.params, 'tfjs', { reduction: c.golden.reduction, weighted: c.weighted, typescript });
        const lossFn = loadTfjsSnippet(code, typescript);
        const xs = inputs(c);
        const diff = c.roles.map((r, i) => (r.differentiable ? i : -1)).filter((i) => i >= 0);
        const { value, grads } = tf.valueAndGrads((...d: tf.Tensor[]) => {
          const args = xs.slice();
          diff.forEach((k, j) => (args[k] = d[j]));
          const out = lossFn(...args);
          return (out.rank === 0 ? out : tf.sum(out)) as tf.Scalar;
        })(diff.map((k) => xs[k]));
        const out = lossFn(...xs);
        const tol = { rtol: Math.max(1e-4, c.golden.tol?.rtol ?? 0), atol: Math.max(1e-5, c.golden.tol?.atol ?? 0) };
        if (c.golden.reduction === 'none') {
          assertClose(comparable(c, out.dataSync()), comparable(c, want.perSample!), `${c.golden.name} per-sample`, tol);
        } else {
          assert.equal(out.rank, 0, `${c.golden.name}: reduced loss is not a scalar`);
          assertClose(value.dataSync()[0], want.value, `${c.golden.name} value`, tol);
        }
        diff.forEach((k, j) => {
          const g = want.grad?.[c.roles[k].name as RoleName];
          assert.ok(g, `engine gave no gradient for ${c.roles[k].name}`);
          assertClose(grads[j].dataSync(), g.data, `${c.golden.name} grad ${c.roles[k].name}`, tol);
        });
        tf.dispose([value, ...grads, out, ...xs]);
      });
    }
  });
}
