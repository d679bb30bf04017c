/**
 * Transcribed framework rows (Keras 3, optax, TensorFlow Addons, pytorch-metric-learning,
 * TF-Ranking, allRank, Hadsell 2006): the engine's variant of each row against a hand-worked
 * example computed in numpy from the framework's transcribed semantics by
 * test/fixtures/conventions/gen_transcribed.py (not by the engine). Every transcribed row of every
 * spec has at least one example.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../../src/engine/backend';
import { checkDomains } from '../../../src/engine/inputs';
import { resolveParams } from '../../../src/engine/params';
import { parity } from '../../../src/engine/parity';
import { getLoss, LOSSES } from '../../../src/engine/registry';
import type { EvalInputs, RoleName } from '../../../src/engine/spec';
import { assertClose } from '../../helpers/close';

interface TranscribedCase {
  readonly loss: string;
  readonly api: string;
  readonly params: Record<string, unknown>;
  readonly inputs: Record<string, { cols: number; data: number[] }>;
  readonly value: number | null;
  readonly note: string;
  /** Keras' probability clip moves the value on these inputs (the row's factor alone does not give it). */
  readonly clipBites?: boolean;
}

const FILE = join(__dirname, '..', '..', 'fixtures', 'conventions', 'transcribed.json');
const cases = (JSON.parse(readFileSync(FILE, 'utf8')) as { cases: TranscribedCase[] }).cases;

function inputsOf(c: TranscribedCase): EvalInputs {
  const out: Partial<Record<RoleName, { data: Float32Array; cols: number }>> = {};
  for (const [k, v] of Object.entries(c.inputs)) out[k as RoleName] = { data: Float32Array.from(v.data), cols: v.cols };
  return out;
}

describe('transcribed framework rows match their hand-worked examples', () => {
  before(async () => {
    await initBackend({ backend: 'cpu' });
  });

  it('every transcribed row of every loss has a hand-worked example', () => {
    for (const spec of LOSSES) {
      for (const row of spec.frameworks ?? []) {
        if (row.verified !== 'transcribed') continue;
        assert.ok(cases.some((c) => c.loss === spec.id && c.api === row.api), `${spec.id}: no hand-worked example for ${row.api}`);
      }
    }
  });

  for (const c of cases) {
    it(`${c.loss}: ${c.api} ${JSON.stringify(c.params)} gives ${c.value ?? 'no value (unsupported)'} (${c.note})`, async () => {
      const spec = getLoss(c.loss)!;
      const params = resolveParams(spec, c.params);
      const inputs = inputsOf(c);
      checkDomains(spec, inputs, params);
      const report = await parity(spec, inputs, params);
      const row = report.rows.find((r) => r.api === c.api);
      assert.ok(row, `${c.loss} has no row ${c.api}`);
      if (c.value === null) {
        assert.equal(row.relation, 'unsupported', `${c.api}: expected unsupported, got ${row.relation} (${row.reason})`);
        assert.equal(row.value, null);
        return;
      }
      assert.notEqual(row.relation, 'unsupported', row.reason);
      assertClose(row.value!, c.value, `${c.api} value`, { rtol: 2e-5, atol: 2e-6 });
      if (c.clipBites) {
        // Keras' probability clip changes the value here: the row's factor alone must not give it.
        const k = row.relation === 'factor' ? row.factor! : 1;
        assert.ok(Math.abs(row.value! - k * report.value!) > 1e-2 * Math.abs(row.value!), `${c.api}: the clip should move the value away from ${k} × Loss Lab's ${report.value}`);
      } else if (row.relation === 'factor') assertClose(row.value!, row.factor! * report.value!, `${c.api} = factor × Loss Lab`, { rtol: 1e-4 });
      if (row.relation === 'same' && row.switches.length === 0) assertClose(row.value!, report.value!, `${c.api} = Loss Lab`, { rtol: 1e-6 });
    });
  }
});
