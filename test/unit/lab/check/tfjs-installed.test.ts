/**
 * The TF.js check child as an installed .vsix runs it: dist/check-tfjs.js copied alone into a folder
 * with no node_modules anywhere above it (the .vsix ships dist/ only: no esbuild, no TypeScript).
 * It loads a TypeScript loss that imports a local TypeScript helper and tfjs, and answers the probe
 * protocol with the value and gradient a hand calculation gives; a missing package is an `import`
 * error on its line. Before sucrase was bundled the child required esbuild at run time and failed
 * here with "Cannot find module 'esbuild'".
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ROOT, ensureBuilt } from '../../cli/run-cli';

type Json = Record<string, unknown>;

/** Runs the child on one request (and the probes, if any); returns the JSON lines it printed. */
function ask(child: string, file: string, symbol: string, probes?: unknown[]): Promise<Json[]> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child], { cwd: dirname(file), stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    p.on('error', reject);
    p.on('close', () => resolve(out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Json)));
    p.stdin.write(JSON.stringify({ file, symbol }) + '\n');
    if (probes) p.stdin.write(JSON.stringify({ probes }) + '\n');
    p.stdin.end();
  });
}

describe('TF.js check child without node_modules (installed .vsix)', () => {
  let dir = '';
  let child = '';
  before(() => {
    ensureBuilt();
    // /tmp has no node_modules above it; the check fails loudly if that ever changes
    dir = mkdtempSync(join(tmpdir(), 'loss-lab-vsix-check-'));
    for (let d = dir; d !== dirname(d); d = dirname(d)) assert.equal(existsSync(join(d, 'node_modules')), false, `${d} has node_modules`);
    mkdirSync(join(dir, 'ext', 'dist'), { recursive: true });
    child = join(dir, 'ext', 'dist', 'check-tfjs.js');
    copyFileSync(join(ROOT, 'dist', 'check-tfjs.js'), child);
    mkdirSync(join(dir, 'project'));
    writeFileSync(join(dir, 'project', 'helpers.ts'), 'import * as tf from "@tensorflow/tfjs";\nexport const squaredError = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => tf.square(tf.sub(a, b));\n');
    writeFileSync(join(dir, 'project', 'losses.ts'), [
      'import * as tf from "@tensorflow/tfjs";',
      'import { squaredError } from "./helpers";',
      'interface Options { scale?: number }',
      'export function scaledMseLoss(pred: tf.Tensor, target: tf.Tensor, { scale = 2 }: Options = {}): tf.Scalar {',
      '  return tf.mul(scale, tf.mean(squaredError(pred, target))) as tf.Scalar;',
      '}',
      '',
    ].join('\n'));
    writeFileSync(join(dir, 'project', 'needs_pkg.ts'), 'import * as tf from "@tensorflow/tfjs";\n\nimport { thing } from "some-missing-package";\nexport function missingLoss(a: tf.Tensor) { return thing(a); }\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a TypeScript loss with a local import; value and gradient as worked by hand', async () => {
    // pred [1, 2, 4], target [0, 2, 1]: errors 1, 0, 3; mean of squares 10/3; × scale 2 = 20/3.
    // d/dpred = 2 · 2 (pred − target) / 3 = [4/3, 0, 4]
    const lines = await ask(child, join(dir, 'project', 'losses.ts'), 'scaledMseLoss', [
      { name: 'hand', args: [{ role: 'prediction', data: [1, 2, 4], dtype: 'float', grad: true }, { role: 'target', data: [0, 2, 1], dtype: 'float', grad: false }], ctor: {}, kwargs: {} },
    ]);
    assert.equal(lines[0].type, 'symbol', JSON.stringify(lines[0]));
    assert.deepEqual((lines[0].callParams as Json[]).map((p) => p.name), ['pred', 'target', 'scale']);
    const r = (lines[1].results as Json[])[0];
    assert.ok(Math.abs((r.value as number) - 20 / 3) < 1e-5, JSON.stringify(r));
    const g = (r.grads as Record<string, number[]>).prediction;
    [4 / 3, 0, 4].forEach((x, i) => assert.ok(Math.abs(g[i] - x) < 1e-5, `grad ${g}`));
  });

  it('a package the file imports and the project lacks: an import error on its line', async () => {
    const [e] = await ask(child, join(dir, 'project', 'needs_pkg.ts'), 'missingLoss');
    assert.equal(e.type, 'error');
    assert.equal(e.kind, 'import');
    assert.equal(e.module, 'some-missing-package');
    assert.equal(e.line, 3);
  });
});

