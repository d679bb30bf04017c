/**
 * `loss-lab check` as a user's CI runs it (the built dist/cli.js): one JSON object with exactly the
 * issue's keys, exit 0 on a match, 3 on a mismatch, 2 with one stderr line when the code cannot run.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { ensureBuilt, runCli } from './run-cli';

const GALLERY = join(__dirname, '..', '..', 'fixtures', 'check');
const PY = ['--python', '/usr/bin/python3'];

describe('loss-lab check', () => {
  before(() => ensureBuilt());

  it('a match: exit 0 and the JSON the issue specifies', async () => {
    const r = await runCli(['check', '--loss', 'smooth_l1', '--file', join(GALLERY, 'regression', 'smooth_l1_ok.py'), '--symbol', 'SmoothL1', ...PY]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    const o = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(o), ['verdict', 'loss', 'params', 'paramSources', 'symbol', 'language', 'probes', 'diagnoses']);
    assert.equal(o.verdict, 'match');
    assert.deepEqual(o.params, { beta: 0.5 });
    // beta is the constructor's default (beta=0.5), not the loss's own (1.0)
    assert.deepEqual(o.paramSources, { beta: 'code default' });
    assert.equal(o.language, 'python');
    const probes = o.probes as Array<Record<string, unknown>>;
    assert.ok(probes.length >= 4);
    for (const p of probes) {
      assert.deepEqual(Object.keys(p), ['name', 'value', 'valueRelErr', 'gradRelErr', 'ok']);
      assert.deepEqual(Object.keys(p.value as object), ['reference', 'yours']);
      assert.deepEqual(Object.keys(p.gradRelErr as object), ['prediction']);
      assert.equal(p.ok, true);
    }
    assert.deepEqual(o.diagnoses, []);
  });

  it('a mismatch: exit 3, the diagnosis first, with its factor', async () => {
    const r = await runCli(['check', '--loss', 'mse', '--file', join(GALLERY, 'regression', 'wrong.py'), '--symbol', 'mse_half_loss', ...PY]);
    assert.equal(r.status, 3, r.stderr);
    const o = JSON.parse(r.stdout) as { verdict: string; diagnoses: Array<Record<string, unknown>> };
    assert.equal(o.verdict, 'mismatch');
    assert.deepEqual(Object.keys(o.diagnoses[0]), ['id', 'message', 'evidence', 'factor']);
    assert.equal(o.diagnoses[0].id, 'half_factor');
    assert.equal(o.diagnoses[0].factor, 0.5);
  });

  it('--param overrides the code default: Huber checked with delta=2 where the code says 1.5', async () => {
    const r = await runCli(['check', '--loss', 'huber', '--file', join(GALLERY, 'tfjs', 'losses_ok.ts'), '--symbol', 'HuberLoss', '--param', 'delta=2']);
    assert.equal(r.status, 0, r.stderr);
    const o = JSON.parse(r.stdout) as { params: Record<string, number>; paramSources: Record<string, string>; language: string };
    assert.equal(o.params.delta, 2);
    assert.equal(o.paramSources.delta, 'given');
    assert.equal(o.language, 'typescript');
  });

  it('code that cannot run: exit 2, one stderr line, nothing on stdout', async () => {
    const r = await runCli(['check', '--loss', 'mse', '--file', join(GALLERY, 'bad', 'cases.py'), '--symbol', 'nope', ...PY]);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, 'loss-lab: no function or class named nope at the top level of cases.py (candidates: raising_loss, float_loss, dict_loss, slow_loss, chatty_loss)\n');
  });

  it('usage errors: missing --symbol, unknown loss, missing file', async () => {
    const a = await runCli(['check', '--loss', 'mse', '--file', 'x.py']);
    assert.equal(a.status, 2);
    assert.equal(a.stderr, 'loss-lab: check needs --symbol (see loss-lab check --help)\n');
    const b = await runCli(['check', '--loss', 'msee', '--file', 'x.py', '--symbol', 'f']);
    assert.equal(b.status, 2);
    assert.match(b.stderr, /^loss-lab: unknown loss msee \(losses: mse, /);
    const c = await runCli(['check', '--loss', 'mse', '--file', 'no_such.py', '--symbol', 'f']);
    assert.equal(c.stderr, 'loss-lab: cannot read no_such.py: no such file\n');
  });
});
