/**
 * The emitters' contract, independent of any one loss's math: literals, tab stops and escaping,
 * the call signature in the registry's role order, imports, errors, and the editor defaults.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CodegenError, FRAMEWORKS, generateCode, generateFor, type Framework } from '../../../src/codegen';
import { defaultFrameworkFor, frameworkOrder, typescriptFor } from '../../../src/codegen/editor-choice';
import { literal } from '../../../src/codegen/literals';
import { Placeholders } from '../../../src/codegen/placeholders';
import { callRoles } from '../../../src/codegen/shell';
import { LOSSES } from '../../../src/engine/registry';
import type { LossSpec, ParamSpec } from '../../../src/engine/spec';
import { expandSnippet } from './expand-snippet';

const WITH_CODE = LOSSES.filter((l) => l.code);

/** A non-default value for each parameter, to see the user's values reach the code. */
function nonDefault(p: ParamSpec): unknown {
  switch (p.kind) {
    case 'number':
      return p.default === 0.375 ? 0.625 : 0.375;
    case 'integer':
      // 7, or the other end of a narrow range (multi_margin's p is 1 or 2).
      return p.min <= 7 && 7 <= p.max ? 7 : p.default === p.max ? p.min : p.max;
    case 'boolean':
      return !p.default;
    case 'enum':
      return p.options.find((o) => o !== p.default) ?? p.default;
    case 'numberList':
      return [0.5, 2];
  }
}

describe('literals', () => {
  it('writes Python floats with a decimal point, integers without, and spells None/True/inf', () => {
    const num = { kind: 'number' } as ParamSpec;
    const int = { kind: 'integer' } as ParamSpec;
    assert.equal(literal(1, 'python', num), '1.0');
    assert.equal(literal(0.25, 'python', num), '0.25');
    assert.equal(literal(1e-7, 'python', num), '1e-7');
    assert.equal(literal(-100, 'python', int), '-100');
    assert.equal(literal(Infinity, 'python', num), 'float("inf")');
    assert.equal(literal(null, 'python'), 'None');
    assert.equal(literal(true, 'python'), 'True');
    assert.equal(literal([1, 2.5], 'python'), '[1.0, 2.5]');
    assert.equal(literal('batch_hard', 'python'), '"batch_hard"');
  });

  it('writes JavaScript literals', () => {
    assert.equal(literal(1, 'js'), '1');
    assert.equal(literal(null, 'js'), 'null');
    assert.equal(literal(false, 'js'), 'false');
    assert.equal(literal([1, 2.5], 'js'), '[1, 2.5]');
    assert.equal(literal("it's", 'js'), "'it\\'s'");
    assert.equal(literal(-Infinity, 'js'), '-Infinity');
  });
});

describe('tab stops', () => {
  it('numbers stops by first appearance, mirrors repeated keys, escapes $ } \\ outside and inside them', () => {
    const ph = new Placeholders();
    const text = `a = ${ph.stop('x', '1.0')}; b = "$}\\"; c = ${ph.stop('y', '{}')}; d = ${ph.stop('x', '1.0')}; r = ${ph.choice('r', '"sum"', ['mean', 'sum'], (s) => `"${s}"`)}`;
    assert.equal(ph.render(text, false), 'a = 1.0; b = "$}\\"; c = {}; d = 1.0; r = "sum"');
    const snippet = ph.render(text, true);
    assert.equal(snippet, 'a = ${1:1.0}; b = "\\$\\}\\\\"; c = ${2:{\\}}; d = ${1:1.0}; r = ${3|"sum","mean"|}');
    assert.equal(expandSnippet(snippet), ph.render(text, false));
  });
});

describe('generated code, for every loss with templates', () => {
  it('every loss in the registry has templates for all four frameworks', () => {
    const missing = LOSSES.filter((l) => !l.code).map((l) => l.id);
    assert.deepEqual(missing, [], `losses without a code section: ${missing.join(', ')}`);
  });

  for (const spec of WITH_CODE) {
    for (const fw of FRAMEWORKS) {
      it(`${spec.id} / ${fw}: the snippet form expands to the plain code, with every reduction and non-default parameters`, () => {
        const params = Object.fromEntries(spec.params.map((p) => [p.name, nonDefault(p)]));
        for (const reduction of spec.reductions) {
          for (const given of [{}, params]) {
            const opts = { reduction, typescript: true };
            const plain = generateFor(spec, given, fw, opts);
            assert.equal(expandSnippet(generateFor(spec, given, fw, { ...opts, snippet: true })), plain);
          }
        }
      });
    }

    it(`${spec.id}: the PyTorch criterion takes the registry's roles in order (${callRoles(spec, false).map((r) => r.name).join(', ')})`, () => {
      const roles = callRoles(spec, false).map((r) => r.name);
      const code = generateFor(spec, {}, 'pytorch');
      assert.match(code, /^criterion = /m);
      assert.ok(code.includes(`# Usage: loss = criterion(${roles.join(', ')})`), code);
      const forward = /def forward\(self, ([^)]*)\)/.exec(code);
      if (forward) assert.equal(forward[1], roles.join(', '));
    });

    it(`${spec.id}: the user's hyperparameter values reach every framework's code`, () => {
      for (const p of spec.params) {
        const v = nonDefault(p);
        for (const fw of FRAMEWORKS) {
          const code = generateFor(spec, { [p.name]: v }, fw);
          const shown = p.kind === 'numberList' ? ['0.5', '2'] : p.kind === 'boolean' ? [fw === 'tfjs' ? String(v) : v ? 'True' : 'False'] : [String(v)];
          // A value may legitimately disappear when it selects a simpler form (smooth_l1 beta = 0 is L1).
          for (const s of shown) assert.ok(code.includes(s), `${spec.id} ${fw}: ${p.name}=${JSON.stringify(v)} does not appear:\n${code}`);
        }
      }
    });
  }

  it('Python imports name only the modules the code uses', () => {
    for (const spec of WITH_CODE) {
      for (const fw of ['pytorch', 'keras', 'jax'] as const) {
        const code = generateFor(spec, {}, fw);
        const body = code.split('\n').filter((l) => !l.startsWith('#') && !l.startsWith('import') && !l.startsWith('from')).join('\n');
        if (/^import torch$/m.test(code)) assert.match(body, /\btorch\./, `${spec.id}/${fw}: unused import torch`);
        if (/^import torch.nn.functional as F$/m.test(code)) assert.match(body, /\bF\./, `${spec.id}/${fw}: unused F`);
        if (/^import optax$/m.test(code)) assert.match(body, /\boptax\./, `${spec.id}/${fw}: unused optax`);
        if (/^import jax$/m.test(code)) assert.match(body, /\bjax\.(?!numpy)/, `${spec.id}/${fw}: unused jax`);
        if (/^from keras import ops$/m.test(code)) assert.match(body, /\bops\./, `${spec.id}/${fw}: unused ops`);
      }
    }
  });
});

describe('errors', () => {
  const mse = LOSSES.find((l) => l.id === 'mse')!;
  it('an unknown loss, an unknown parameter and a missing reduction are CodegenErrors naming the problem', () => {
    assert.throws(() => generateCode('nope', {}, 'pytorch'), (e) => e instanceof CodegenError && /unknown loss nope/.test(e.message));
    assert.throws(() => generateCode('mse', { beta: 1 }, 'pytorch'), (e) => e instanceof CodegenError && /unknown parameter beta/.test(e.message));
    const noneLess: LossSpec = { ...mse, reductions: ['mean', 'sum'] };
    assert.throws(() => generateFor(noneLess, {}, 'jax', { reduction: 'none' }), /supports the reductions mean, sum, not none/);
  });
  it('asking for per-sample weights from a loss without a weight role is an error', () => {
    const unweighted: LossSpec = { ...mse, roles: mse.roles.filter((r) => !r.sampleWeight) };
    assert.throws(() => generateFor(unweighted, {}, 'pytorch', { weighted: true }), /takes no per-sample weights/);
  });
  it('a loss without templates says so', () => {
    const bare: LossSpec = { ...mse, code: undefined };
    assert.throws(() => generateFor(bare, {}, 'pytorch'), /mse has no code templates/);
  });
});

describe('editor defaults', () => {
  it('TypeScript and JavaScript files get TensorFlow.js; Python files the setting, unless it is tfjs', () => {
    const cases: Array<[string, unknown, Framework]> = [
      ['typescript', 'pytorch', 'tfjs'],
      ['javascriptreact', 'keras', 'tfjs'],
      ['python', 'jax', 'jax'],
      ['python', 'tfjs', 'pytorch'],
      ['python', undefined, 'pytorch'],
      ['markdown', 'keras', 'keras'],
      ['plaintext', 'bogus', 'pytorch'],
    ];
    for (const [lang, setting, want] of cases) assert.equal(defaultFrameworkFor(lang, setting), want, `${lang} with ${String(setting)}`);
  });
  it('tfjs snippets are TypeScript except in JavaScript files; the default framework is offered first', () => {
    assert.equal(typescriptFor('typescript'), true);
    assert.equal(typescriptFor('javascript'), false);
    // One rule for the command and the panel's insertCode (the panel once wrote TypeScript into .jsx).
    assert.equal(typescriptFor('typescriptreact'), true);
    assert.equal(typescriptFor('javascriptreact'), false);
    assert.deepEqual(frameworkOrder('jax'), ['jax', 'pytorch', 'keras', 'tfjs']);
  });
});
