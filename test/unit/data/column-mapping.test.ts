/**
 * Column mapping: explicit `ROLE=COLUMNS` (names, lists, globs, #N), inference from the roles'
 * aliases with an explanation, and every way a mapping can be wrong, with its exact message.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapColumns, parseMapArgs, type HeaderInfo } from '../../../src/data/column-mapping';
import { DataError, MappingError } from '../../../src/data/data-error';
import type { LossSpec, RoleSpec } from '../../../src/engine/spec';
import { assertLinearWork } from '../../helpers/work-bound';
import { loss } from '../../helpers/losses';

function header(...names: string[]): HeaderInfo {
  return { fileName: 'f.csv', headerLine: 1, columns: names.map((name, index) => ({ name, index })) };
}

function summary(spec: LossSpec, h: HeaderInfo, given: Record<string, string> = {}): Record<string, string> {
  const m = mapColumns(spec, h, given);
  return Object.fromEntries(m.roles.map((r) => [r.role, `${r.names.join(',')} [${r.columns.join(',')}] ${r.how}`]));
}

function role(name: RoleSpec['name'], aliases: string[], columns: 'one' | 'many' = 'one', optional = false): RoleSpec {
  return { name, columns, domain: 'real', differentiable: false, aliases, doc: `the ${name}`, ...(optional ? { optional } : {}) };
}

/** A two-role spec whose aliases overlap, to test that a column is never used twice. */
const overlapping = { ...loss('mse'), id: 'test_overlap', roles: [role('prediction', ['x', 'y']), role('target', ['x', 'z'])] } as LossSpec;

function dataError(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof DataError, `expected a DataError, got ${String(e)}`);
    assert.equal(e.message, message);
    return true;
  });
}

describe('column mapping: explicit', () => {
  it('maps a role to a named column and infers the rest, saying which is which', () => {
    const m = mapColumns(loss('mse'), header('out', 'y_true', 'weight'), { prediction: 'out' });
    assert.deepEqual(
      m.roles.map((r) => [r.role, r.names, r.columns, r.how, r.via]),
      [
        ['prediction', ['out'], [0], 'given', 'out'],
        ['target', ['y_true'], [1], 'inferred', 'y_true'],
        ['weight', ['weight'], [2], 'inferred', 'weight'],
      ],
    );
    assert.deepEqual(m.explanation, [
      'prediction = out (given)',
      'target = y_true (inferred: the name matches "y_true")',
      'weight = weight (inferred: the name matches "weight")',
    ]);
  });

  it('takes a comma list in the order given, a glob in file order, and #N column numbers', () => {
    const h = header('id', 'z2', 'z0', 'z1', 'label');
    const ce = loss('cross_entropy');
    assert.deepEqual(summary(ce, h, { logits: 'z0,z1,z2' }), { logits: 'z0,z1,z2 [2,3,1] given', target: 'label [4] inferred' });
    assert.deepEqual(summary(ce, h, { logits: 'z*' }), { logits: 'z2,z0,z1 [1,2,3] given', target: 'label [4] inferred' });
    assert.deepEqual(summary(ce, h, { logits: '#3,#4', target: '#5' }), { logits: 'z0,z1 [2,3] given', target: 'label [4] given' });
  });

  it('matches names ignoring case and surrounding spaces when there is no exact match', () => {
    assert.deepEqual(summary(loss('mse'), header(' Pred ', 'Truth'), { prediction: 'pred', target: 'TRUTH' }), {
      prediction: ' Pred  [0] given',
      target: 'Truth [1] given',
    });
  });

  it('names the missing column and lists the available ones, placed at the header line', () => {
    dataError(() => mapColumns(loss('mse'), header('a', 'b'), { prediction: 'y_hat' }), 'no column "y_hat" for role prediction (columns: a, b) (f.csv:1:1)');
    dataError(() => mapColumns(loss('cross_entropy'), header('a', 'b'), { logits: 'logit_*' }), 'no column matches "logit_*" for role logits (columns: a, b) (f.csv:1:1)');
    dataError(() => mapColumns(loss('mse'), header('a', 'b'), { prediction: '#3' }), 'no column #3 (the file has 2) for role prediction (columns: a, b) (f.csv:1:1)');
  });

  it('rejects a name that matches several columns, pointing at the second', () => {
    dataError(() => mapColumns(loss('mse'), header('p', 'y', 'p'), { prediction: 'p' }), 'column name "p" for role prediction is ambiguous: it matches columns #1, #3; use #N to pick one (f.csv:1:3)');
  });

  it('leaves an optional role unmapped when given nothing, and refuses that for a required role', () => {
    assert.deepEqual(parseMapArgs(['weight=']), { weight: '' });
    const m = mapColumns(loss('mse'), header('y_pred', 'y_true', 'weight'), { weight: '' });
    assert.deepEqual(m.roles.map((r) => r.role), ['prediction', 'target']);
    assert.equal(m.explanation[2], 'weight: not mapped (left out on request)');
    assert.throws(() => mapColumns(loss('mse'), header('y_pred', 'y_true'), { target: ' ' }), new MappingError('role target is required by mse; it cannot be left unmapped'));
  });

  it('rejects a role the loss does not have, listing its roles', () => {
    assert.throws(() => mapColumns(loss('mse'), header('a'), { logits: 'a' }), new MappingError('mse has no role logits (roles: prediction, target, weight)'));
  });

  it('rejects several columns for a one-column role', () => {
    assert.throws(
      () => mapColumns(loss('mse'), header('a', 'b', 'y'), { prediction: 'a,b' }),
      new MappingError('role prediction takes one column, but "a,b" gives 2 (a, b)'),
    );
  });

  it('parses ROLE=COLUMNS arguments, rejecting malformed ones', () => {
    assert.deepEqual(parseMapArgs(['prediction=y_pred', 'logits = logit_* ', 'prediction=out']), { prediction: 'out', logits: 'logit_*' });
    for (const bad of ['prediction', '=a', '']) {
      assert.throws(() => parseMapArgs([bad]), new MappingError(`a column mapping is ROLE=COLUMNS (e.g. prediction=y_pred or logits=logit_*), got "${bad}"`));
    }
  });
});

describe('column mapping: inference from column names', () => {
  it('infers regression roles and leaves an absent optional weight unmapped, saying so', () => {
    const m = mapColumns(loss('mse'), header('id', 'y_pred', 'y_true'));
    assert.deepEqual(m.roles.map((r) => [r.role, r.names]), [['prediction', ['y_pred']], ['target', ['y_true']]]);
    assert.match(m.explanation[2], /^weight: not mapped \(optional; no column named weight, /);
  });

  it('infers a many-column role from a glob alias, in file order', () => {
    const m = mapColumns(loss('cross_entropy'), header('logit_0', 'logit_1', 'logit_2', 'label'));
    assert.deepEqual(m.roles.map((r) => [r.role, r.names]), [['logits', ['logit_0', 'logit_1', 'logit_2']], ['target', ['label']]]);
    assert.equal(m.explanation[0], 'logits = 3 columns: logit_0, logit_1, logit_2 (inferred: the name matches "logit_*")');
  });

  it('infers ranking roles from qid, score and rel', () => {
    assert.deepEqual(summary(loss('ranknet'), header('qid', 'doc', 'score', 'rel')), {
      query: 'qid [0] inferred',
      score: 'score [2] inferred',
      relevance: 'rel [3] inferred',
    });
  });

  it('never maps one column to two roles', () => {
    // both roles accept "x"; the first takes it and the second must find its own column
    assert.deepEqual(summary(overlapping, header('x', 'z')), { prediction: 'x [0] inferred', target: 'z [1] inferred' });
    // a column given explicitly is not offered to inference either
    dataError(
      () => mapColumns(overlapping, header('x', 'z'), { target: 'x' }),
      'no column left for role prediction (the prediction): x is mapped to target, and no other column is named x, y; map one with prediction=COLUMN (columns: x, z) (f.csv:1:1)',
    );
  });

  it('says which names it looked for when a required role has no column', () => {
    dataError(
      () => mapColumns(overlapping, header('x', 'q')),
      'no column left for role target (the target): x is mapped to prediction, and no other column is named x, z; map one with target=COLUMN (columns: x, q) (f.csv:1:1)',
    );
    dataError(
      () => mapColumns(overlapping, header('y', 'q')),
      'no column for role target (the target): none is named x, z; map one with target=COLUMN (columns: y, q) (f.csv:1:1)',
    );
  });

  it('maps one column to two roles only when asked to, with a note', () => {
    const m = mapColumns(overlapping, header('x', 'z'), { prediction: 'x', target: 'x' });
    assert.deepEqual(m.roles.map((r) => [r.role, r.columns]), [['prediction', [0]], ['target', [0]]]);
    assert.equal(m.explanation.at(-1), 'note: column x feeds prediction and target');
  });

  it('maps a role of 65 535 columns in linear work (about what a two-column loss costs on the same header)', () => {
    const h = header(...Array.from({ length: 65_535 }, (_, i) => `f_${i}`), 'label', 'y_pred', 'y_true');
    assert.equal(mapColumns(loss('triplet_mined'), h).roles[0].columns.length, 65_535);
    assertLinearWork('a 65 535-column role', () => mapColumns(loss('triplet_mined'), h), () => mapColumns(loss('mse'), h));
  });
});
