/**
 * `eval --out DIR`: the arrays as NumPy .npy files, loaded with numpy (Debian's /usr/bin/python3)
 * and compared with the JSON the same run prints without --out: equal value for value, with the
 * dtypes and shapes the README promises.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { npyHeader } from '../../../src/cli/npy-out';
import { CSV, ensureBuilt, runCli, runJson } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'loss-lab-npy-'));

/** Loads every file named in `files` with numpy and compares it with the JSON arrays; prints what it checked. */
const COMPARE = `
import json, sys
import numpy as np
files, ref = json.loads(sys.argv[1]), json.load(open(sys.argv[2]))
checked = []
def same(path, want, dtype):
    a = np.load(path)
    assert a.dtype == np.dtype(dtype), (path, a.dtype)
    w = np.array([np.nan if x is None else x for x in np.ravel(np.array(want, dtype=object))], dtype=np.float64).reshape(np.shape(want))
    assert a.shape == w.shape, (path, a.shape, w.shape)
    assert np.array_equal(a.astype(np.float64), w.astype(a.dtype).astype(np.float64), equal_nan=True), path
    checked.append(f"{path.split('/')[-1]}:{a.dtype}{list(a.shape)}")
if 'perSample' in files:
    same(files['perSample'], ref['value'] if ref['reduction'] == 'none' else ref['perSample'], 'float32')
if 'lines' in files: same(files['lines'], ref['lines'], 'int32')
if 'queries' in files: same(files['queries'], ref['queries'], 'int64')
for role, path in files.get('grad', {}).items(): same(path, ref['grad'][role], 'float32')
for role, path in files.get('hess', {}).items(): same(path, ref['hess'][role], 'float32')
print(' '.join(checked))
`;

function hasNumpy(): boolean {
  return spawnSync('/usr/bin/python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
}

async function compare(name: string, args: string[]): Promise<string> {
  const ref = await runJson(args);
  const out = join(dir, name);
  const summary = await runJson([...args, '--out', out]);
  for (const k of ['perSample', 'lines', 'queries', 'grad', 'hess']) assert.equal(summary[k], undefined, `${k} printed despite --out`);
  if (ref.reduction === 'none') assert.equal(summary.value, undefined);
  else assert.equal(summary.value, ref.value);
  const refFile = join(dir, `${name}.json`);
  writeFileSync(refFile, JSON.stringify(ref));
  const r = spawnSync('/usr/bin/python3', ['-c', COMPARE, JSON.stringify(summary.files), refFile], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

describe('eval --out DIR (.npy files)', { concurrency: 2 }, () => {
  before(() => {
    ensureBuilt();
    assert.ok(hasNumpy(), 'numpy is missing: apt-get install -y python3-numpy');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a version 1.0 header padded to 64 bytes, as numpy reads it', () => {
    const h = npyHeader('<f4', [3, 10]);
    assert.equal(h.length % 64, 0);
    assert.equal(new TextDecoder().decode(h.subarray(10)), `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 10), }${' '.repeat(h.length - 71)}\n`);
    assert.deepEqual([...h.subarray(0, 10)], [0x93, 78, 85, 77, 80, 89, 1, 0, h.length - 10, 0]);
  });

  it('regression: per-sample losses, lines and a one-column gradient equal the JSON', async (t) => {
    t.diagnostic(await compare('mse', ['eval', '--loss', 'mse', '--data', 'regression-missing.csv', '--per-sample', '--grad']));
  });

  it('classification: the logits gradient as an (n, classes) array equals the JSON rows', async (t) => {
    const checked = await compare('ce', ['eval', '--loss', 'cross_entropy', '--data', 'classification.csv', '--per-sample', '--grad']);
    assert.match(checked, /grad_logits\.npy:float32\[4, 3\]/);
    t.diagnostic(checked);
  });

  it('ranking: per-query values with their query ids as int64, and reduction none', async (t) => {
    t.diagnostic(await compare('listnet', ['eval', '--loss', 'listnet', '--data', 'ranking.csv', '--reduction', 'none', '--grad']));
  });

  it('lambdamart: LightGBM\'s gradients and hessians as grad_score.npy and hess_score.npy equal the JSON', async (t) => {
    const checked = await compare('lambdamart', ['eval', '--loss', 'lambdamart', '--data', 'ranking.csv', '--per-sample', '--grad']);
    assert.match(checked, /grad_score\.npy:float32\[5\] hess_score\.npy:float32\[5\]/);
    t.diagnostic(checked);
  });

  it('refuses an output directory where an output file would be the input file', async () => {
    const d = join(dir, 'clash');
    rmSync(d, { recursive: true, force: true });
    await runCli(['eval', '--loss', 'mse', '--data', 'regression.csv', '--per-sample', '--out', d]);
    const input = join(d, 'per_sample.npy');
    const before = readFileSync(join(CSV, 'regression.csv'));
    writeFileSync(input, before);
    const r = await runCli(['eval', '--loss', 'mse', '--data', input, '--per-sample', '--out', d]);
    assert.equal(r.status, 2);
    assert.equal(r.stderr, `loss-lab: --out ${d}: per_sample.npy there is the input file ${input}; the input is never written, choose another directory\n`);
    assert.deepEqual(readFileSync(input), before);
  });

  it('refuses --out naming a file, and --out without anything to write', async () => {
    const r = await runCli(['eval', '--loss', 'mse', '--data', 'regression.csv', '--grad', '--out', 'regression.csv']);
    assert.equal(r.stderr, 'loss-lab: --out regression.csv: not a directory (--out names a directory for the .npy files)\n');
    const r2 = await runCli(['eval', '--loss', 'mse', '--data', 'regression.csv', '--out', join(dir, 'none')]);
    assert.equal(r2.stderr, 'loss-lab: --out writes per-sample values and gradients: give --per-sample, --grad or --reduction none with it\n');
  });
});
