/**
 * The panel's code requests: a training objective (LightGBM) is generated for a loss whose spec
 * has one, as `loss-lab snippet --framework lightgbm` gives it, and refused in words for others;
 * the webview's objective ids are the engine's.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateCode, generateObjective, OBJECTIVE_FRAMEWORKS } from '../../../src/codegen';
import { getLoss, LOSSES } from '../../../src/engine/registry';
import { catalogData } from '../../../src/lab/catalog-data';
import { codeFor, codeLabel } from '../../../src/lab/code-request';
import { OBJECTIVE_FRAMEWORK_IDS } from '../../../src/shared/protocol';

describe('panel code requests', () => {
  it('the shared objective ids are the engine\'s, and the catalog lists a loss\'s objectives from its spec', () => {
    assert.deepEqual([...OBJECTIVE_FRAMEWORK_IDS], [...OBJECTIVE_FRAMEWORKS]);
    const catalog = catalogData();
    for (const spec of LOSSES) {
      const entry = catalog.losses.find((l) => l.id === spec.id)!;
      assert.deepEqual(entry.objectives, OBJECTIVE_FRAMEWORKS.filter((f) => spec.code?.[f] !== undefined), spec.id);
    }
    assert.deepEqual(catalog.losses.find((l) => l.id === 'lambdamart')!.objectives, ['lightgbm']);
  });

  it('lightgbm gives the objective with the params (reduction and convention do not apply); a loss framework gives the loss code', () => {
    const spec = getLoss('lambdamart')!;
    const r = codeFor(spec, { loss: 'lambdamart', params: { sigmoid: 2, truncation_level: 5 }, framework: 'lightgbm', reduction: 'sum', convention: 'builtin' });
    assert.deepEqual(r, { framework: 'lightgbm', language: 'python', code: generateObjective(spec, { sigmoid: 2, truncation_level: 5 }, 'lightgbm') });
    assert.match(r.code, /SIGMOID = 2\.0\nTRUNCATION_LEVEL = 5\n/);
    const snippet = codeFor(spec, { loss: 'lambdamart', params: {}, framework: 'lightgbm' }, { snippet: true });
    assert.equal(snippet.code, generateObjective(spec, {}, 'lightgbm', { snippet: true }));
    const focal = codeFor(getLoss('focal')!, { loss: 'focal', params: { gamma: 3 }, framework: 'tfjs', reduction: 'sum' });
    assert.deepEqual(focal, { framework: 'tfjs', language: 'typescript', code: generateCode('focal', { gamma: 3 }, 'tfjs', { reduction: 'sum' }) });
    assert.equal(codeLabel('lightgbm'), 'LightGBM objective');
    assert.equal(codeLabel('jax'), 'JAX / optax');
  });

  it('a loss without an objective is refused in words', () => {
    assert.throws(() => codeFor(getLoss('ranknet')!, { loss: 'ranknet', params: {}, framework: 'lightgbm' }), /ranknet has no LightGBM objective/);
  });
});
