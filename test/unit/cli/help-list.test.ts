/**
 * `loss-lab list` and every `--help`, on the built CLI: generated from the registry, so each loss,
 * role and parameter appears, and all exit 0 with nothing on stderr.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { LOSSES } from '../../../src/engine/registry';
import { ensureBuilt, runCli } from './run-cli';

async function ok(args: string[]): Promise<string> {
  const r = await runCli(args);
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0);
  return r.stdout;
}

describe('loss-lab list and help', { concurrency: 3 }, () => {
  before(() => ensureBuilt());

  it('list prints the whole catalog as JSON: ids, families, roles, params with defaults and ranges, reductions', async () => {
    const out = JSON.parse(await ok(['list'])) as { losses: Array<Record<string, unknown>> };
    assert.deepEqual(out.losses.map((l) => l.id), LOSSES.map((l) => l.id));
    for (const [i, spec] of LOSSES.entries()) {
      const l = out.losses[i] as { family: string; title: string; roles: Array<{ name: string; optional: boolean }>; params: Array<{ name: string; default: unknown }>; reductions: string[] };
      assert.equal(l.family, spec.family);
      assert.equal(l.title, spec.title);
      assert.deepEqual(l.roles.map((r) => [r.name, r.optional]), spec.roles.map((r) => [r.name, r.optional === true]));
      assert.deepEqual(l.params.map((p) => [p.name, p.default]), spec.params.map((p) => [p.name, p.default]));
      assert.deepEqual(l.reductions, spec.reductions);
    }
    const gradient = Object.fromEntries(out.losses.map((l) => [l.id, l.gradient]));
    assert.equal(gradient.lambdamart, 'closed-form');
    assert.equal(gradient.lambdarank, 'autodiff');
  });

  it('list shows numeric ranges, with null for an unbounded side', async () => {
    const out = JSON.parse(await ok(['list'])) as { losses: Array<{ id: string; params: Array<Record<string, unknown>> }> };
    const delta = out.losses.find((l) => l.id === 'huber')!.params.find((p) => p.name === 'delta')!;
    assert.deepEqual({ ...delta, doc: undefined }, { name: 'delta', kind: 'number', default: 1, min: 0, max: null, minExclusive: true, allowed: '> 0', doc: undefined });
  });

  it('--help lists the commands', async () => {
    const text = await ok(['--help']);
    assert.match(text, /^Usage: loss-lab <command> \[options\]/);
    assert.match(text, /\n {2}eval +compute a loss/);
    assert.match(text, /\n {2}list +print the loss catalog/);
    assert.equal(await ok(['help']), text);
  });

  it('eval --help describes every option and lists every loss by family', async () => {
    const text = await ok(['eval', '--help']);
    for (const o of ['--loss ID', '--data FILE.csv', '--map ROLE=COLUMNS', '--param NAME=VALUE', '--reduction mean|sum|none', '--per-sample', '--grad', '--strict', '--backend wasm|cpu']) {
      assert.ok(text.includes(o), o);
    }
    for (const l of LOSSES) assert.match(text, new RegExp(`\\n {4}${l.id} +${l.title.replace(/[()[\]]/g, '\\$&')}\\n`), l.id);
  });

  it('eval --loss ID --help describes that loss: roles, parameters with defaults, formula', async () => {
    const spec = LOSSES.find((l) => l.id === 'cross_entropy') ?? LOSSES[0];
    const text = await ok(['eval', '--loss', spec.id, '--help']);
    assert.ok(text.startsWith(`${spec.id}: ${spec.title} (${spec.family})\n`));
    assert.ok(text.replace(/\s+/g, ' ').includes(spec.formula.replace(/\s+/g, ' ')), 'formula');
    for (const r of spec.roles) assert.match(text, new RegExp(`\\n {2}${r.name} +`), r.name);
    for (const p of spec.params) assert.match(text, new RegExp(`\\n {2}${p.name} +default `), p.name);
    assert.ok(text.includes(`Reductions: ${spec.reductions.join(', ')} (default ${spec.defaultReduction})`));
  });

  it('list --help explains the JSON', async () => {
    assert.match(await ok(['list', '--help']), /^Usage: loss-lab list\n/);
  });
});
