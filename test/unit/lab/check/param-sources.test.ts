/**
 * Where a check's hyperparameters come from (issue #11): given > the class's constructor default >
 * the call's keyword default > the panel's setting for that loss > the loss's default; and, run for
 * real, a panel value reaches the reference when the code says nothing.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ParamError } from '../../../../src/engine/params';
import { getLoss } from '../../../../src/engine/registry';
import { checkFile } from '../../../../src/lab/check/check-file';
import { checkParams } from '../../../../src/lab/check/param-sources';
import type { SignatureParam, SymbolInfo } from '../../../../src/lab/check/runner-protocol';
import { GALLERY, PYTHON } from './gallery-paths';

const smoothL1 = getLoss('smooth_l1')!;
const p = (name: string, d?: unknown): SignatureParam => ({ name, hasDefault: d !== undefined, default: d ?? null });
const fn = (...callParams: SignatureParam[]): SymbolInfo => ({ kind: 'function', line: 1, params: [], callParams });
const cls = (ctor: SignatureParam[], call: SignatureParam[]): SymbolInfo => ({ kind: 'class', line: 1, params: ctor, callParams: call });
const args = [p('pred'), p('target')];

describe('check parameters: precedence and sources', () => {
  it('the constructor default wins over the call keyword and the panel', () => {
    const r = checkParams(smoothL1, cls([p('beta', 2)], [...args, p('beta', 3)]), {}, { beta: 4 });
    assert.equal(r.params.beta, 2);
    assert.equal(r.sources.beta, 'code default');
  });

  it('the call keyword wins over the panel (a function, or a class whose constructor lacks it)', () => {
    const f = checkParams(smoothL1, fn(...args, p('beta', 3)), {}, { beta: 4 });
    assert.deepEqual([f.params.beta, f.sources.beta], [3, 'keyword']);
    const c = checkParams(smoothL1, cls([p('reduction', 'mean')], [...args, p('beta', 0.5)]), {}, { beta: 4 });
    assert.deepEqual([c.params.beta, c.sources.beta], [0.5, 'keyword']);
  });

  it('the panel fills in what the code does not give; else the loss default', () => {
    const panel = checkParams(smoothL1, fn(...args), {}, { beta: 4 });
    assert.deepEqual([panel.params.beta, panel.sources.beta], [4, 'panel']);
    const none = checkParams(smoothL1, fn(...args), {});
    assert.deepEqual([none.params.beta, none.sources.beta], [1, 'loss default']);
    // A keyword without a default gives no value: the panel's is used.
    const noDefault = checkParams(smoothL1, fn(...args, p('beta')), {}, { beta: 4 });
    assert.deepEqual([noDefault.params.beta, noDefault.sources.beta], [4, 'panel']);
  });

  it('explicitly given values (loss-lab check --param) win over everything', () => {
    const r = checkParams(smoothL1, cls([p('beta', 2)], [...args, p('beta', 3)]), { beta: 5 }, { beta: 4 });
    assert.deepEqual([r.params.beta, r.sources.beta], [5, 'given']);
  });

  it('a code default the loss cannot take, or a panel value it refuses, falls through to the next source', () => {
    const r = checkParams(smoothL1, fn(...args, p('beta', 'auto')), {}, { beta: 4 });
    assert.deepEqual([r.params.beta, r.sources.beta], [4, 'panel']);
    const bad = checkParams(smoothL1, fn(...args), {}, { beta: -1 });
    assert.deepEqual([bad.params.beta, bad.sources.beta], [1, 'loss default']);
  });

  it('every parameter of the loss gets a source, each from its own place', () => {
    const ce = getLoss('cross_entropy')!;
    const r = checkParams(ce, cls([p('ignore_index', -1)], [p('logits'), p('target'), p('label_smoothing', 0.2)]), {}, { label_smoothing: 0.3, weight: [1, 2] });
    assert.deepEqual(r.sources, { weight: 'panel', ignore_index: 'code default', label_smoothing: 'keyword' });
    assert.deepEqual([r.params.weight, r.params.ignore_index, r.params.label_smoothing], [[1, 2], -1, 0.2]);
  });

  it('a given value out of range, or a name the loss does not have, is refused naming it', () => {
    assert.throws(() => checkParams(smoothL1, fn(...args), { beta: -2 }), (e: unknown) => e instanceof ParamError && /beta/.test(e.message));
    assert.throws(() => checkParams(smoothL1, fn(...args), { gamma: 2 }), (e: unknown) => e instanceof ParamError && /gamma/.test(e.message));
  });

  it('run for real: the panel\'s label smoothing reaches the reference when the code takes none, its keyword default wins when it does', async () => {
    const ce = getLoss('cross_entropy')!;
    const manual = await checkFile({ spec: ce, file: join(GALLERY, 'classification/ce_ok.py'), symbol: 'cross_entropy_manual', params: {}, panelParams: { label_smoothing: 0.1 }, python: PYTHON });
    assert.equal(manual.params.label_smoothing, 0.1);
    assert.equal(manual.paramSources.label_smoothing, 'panel');
    assert.equal(manual.verdict, 'mismatch', 'an unsmoothed CE is not CE with smoothing 0.1');
    const focal = await checkFile({ spec: getLoss('focal')!, file: join(GALLERY, 'classification/ce_ok.py'), symbol: 'focal_loss', params: {}, panelParams: { gamma: 3 }, python: PYTHON });
    assert.deepEqual([focal.params.gamma, focal.paramSources.gamma, focal.verdict], [2, 'keyword', 'match']);
  });
});
