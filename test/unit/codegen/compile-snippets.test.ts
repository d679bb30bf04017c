/**
 * Code that cannot be executed here still has to compile. Keras 3 and JAX/optax cannot be installed
 * on this machine (no network beyond npm and apt; Debian packages neither), so their snippets are
 * compiled with `python3 -m py_compile` (syntax only) and compared with committed text
 * (golden-text.test.ts). The TypeScript flavour of the TensorFlow.js snippets is type-checked with
 * `tsc --strict` against tfjs-core's types (the `@tensorflow/tfjs` umbrella re-exports them).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { generateFor, hasLossCode, type Framework, type GenerateOptions } from '../../../src/codegen';
import { LOSSES } from '../../../src/engine/registry';
import type { LossSpec } from '../../../src/engine/spec';
import { goldenFamilies, loadGolden } from '../../helpers/golden';

const PYTHON = '/usr/bin/python3';

interface Variant {
  readonly name: string;
  readonly spec: LossSpec;
  readonly params: Record<string, unknown>;
  readonly opts: GenerateOptions;
}

/** Every loss with templates: default params and every golden param set, every reduction, weighted or not. */
function variants(): Variant[] {
  const out: Variant[] = [];
  const paramSets = new Map<string, Array<Record<string, unknown>>>();
  for (const f of goldenFamilies()) {
    for (const c of loadGolden(f)) {
      const sets = paramSets.get(c.loss) ?? [{}];
      if (!sets.some((s) => JSON.stringify(s) === JSON.stringify(c.params))) sets.push(c.params);
      paramSets.set(c.loss, sets);
    }
  }
  for (const spec of LOSSES) {
    if (!hasLossCode(spec)) continue;
    const weights = spec.roles.some((r) => r.sampleWeight) ? [false, true] : [false];
    for (const params of paramSets.get(spec.id) ?? [{}]) {
      for (const reduction of spec.reductions) {
        for (const weighted of weights) {
          out.push({ name: `${spec.id} ${JSON.stringify(params)} ${reduction}${weighted ? ' weighted' : ''}`, spec, params, opts: { reduction, weighted } });
        }
      }
    }
  }
  return out;
}

const all = variants();
const dir = mkdtempSync(join(tmpdir(), 'loss-lab-codegen-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function pyCompile(framework: Framework): void {
  const files = all.map((v, i) => {
    const f = join(dir, `${framework}_${i}.py`);
    writeFileSync(f, generateFor(v.spec, v.params, framework, v.opts));
    return f;
  });
  const r = spawnSync(PYTHON, ['-m', 'py_compile', ...files], { encoding: 'utf8' });
  const bad = r.stderr.match(/\w+_(\d+)\.py/);
  const which = bad ? all[Number(bad[1])].name : '';
  assert.equal(r.status, 0, `py_compile failed for ${framework} ${which}:\n${r.stderr}`);
}

describe('generated code compiles', () => {
  it('has variants to compile', () => assert.ok(all.length > 0));

  for (const framework of ['keras', 'jax', 'pytorch'] as const) {
    it(`every ${framework} snippet compiles with python3 -m py_compile`, () => pyCompile(framework));
  }

  it('every TypeScript TensorFlow.js snippet type-checks with tsc --strict', () => {
    const tfjsCore = dirname(require.resolve('@tensorflow/tfjs-core/package.json'));
    const files = all.map((v, i) => {
      const f = `snippet_${i}.ts`;
      writeFileSync(join(dir, f), generateFor(v.spec, v.params, 'tfjs', { ...v.opts, typescript: true }));
      return f;
    });
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'ES2022',
          module: 'commonjs',
          moduleResolution: 'node',
          skipLibCheck: true,
          types: [],
          baseUrl: '.',
          paths: { '@tensorflow/tfjs': [tfjsCore] },
        },
        files,
      }),
    );
    const tsc = require.resolve('typescript/bin/tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
    const bad = r.stdout.match(/snippet_(\d+)\.ts/);
    assert.equal(r.status, 0, `tsc failed${bad ? ` for ${all[Number(bad[1])].name}` : ''}:\n${r.stdout}${r.stderr}`);
  });
});
