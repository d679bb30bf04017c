/** The CodeLens's symbol finder and the proposed catalog loss, on the gallery's own files. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isLossName, lossSymbols } from '../../../../src/lab/check/loss-symbols';
import { proposeLosses } from '../../../../src/lab/check/propose-loss';
import { GALLERY } from './gallery-paths';

describe('loss-like symbols and the proposed loss', () => {
  it('names: *loss*, *Loss, criterion', () => {
    for (const n of ['mse_loss', 'FocalLoss', 'criterion', 'my_criterion', 'lossFn']) assert.ok(isLossName(n), n);
    for (const n of ['train', 'forward', 'Model']) assert.ok(!isLossName(n), n);
  });

  it('finds top-level Python defs and classes with their 0-based lines, not methods', () => {
    const text = readFileSync(join(GALLERY, 'regression', 'mse_ok.py'), 'utf8');
    const s = lossSymbols(text, 'python');
    assert.deepEqual(s.map((x) => [x.name, x.kind, x.line]), [['mse_loss', 'function', 11], ['MSELoss', 'class', 16]]);
    assert.deepEqual(s[0].params, ['pred', 'target']);
  });

  it('finds TS functions, classes and arrow constants', () => {
    const text = readFileSync(join(GALLERY, 'tfjs', 'losses_ok.ts'), 'utf8');
    assert.deepEqual(lossSymbols(text, 'typescript').map((x) => [x.name, x.kind, x.line]), [['mseLoss', 'function', 3], ['HuberLoss', 'class', 7], ['bceLoss', 'function', 17]]);
  });

  it('proposes from the name first, then the parameter names', () => {
    assert.equal(proposeLosses('SigmoidFocalLoss', [])[0], 'sigmoid_focal');
    assert.equal(proposeLosses('focal_loss', ['logits', 'target'])[0], 'focal');
    assert.equal(proposeLosses('smooth_l1_from_keras', [])[0], 'smooth_l1');
    assert.equal(proposeLosses('criterion', ['anchor', 'positive', 'negative'])[0], 'triplet');
    assert.equal(proposeLosses('my_loss', ['x1', 'x2', 'label', 'margin'])[0], 'contrastive');
    assert.equal(proposeLosses('weighted_ce_by_n', [])[0], 'cross_entropy');
    assert.equal(proposeLosses('HardTripletLoss', [])[0], 'triplet_mined');
    assert.equal(new Set(proposeLosses('loss', [])).size, proposeLosses('loss', []).length, 'no duplicates');
  });
});
