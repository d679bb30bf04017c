/**
 * Bounds on rows: each loss computed in one batch declares its own (`maxRows`, with why), and that
 * one declaration is what the engine refuses beyond, what `loss-lab eval --loss ID --help`, the
 * README's conventions and the panel's catalog say.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { lossHelp } from '../../../src/cli/describe-loss';
import { catalogJson } from '../../../src/cli/list';
import { batchRanges } from '../../../src/engine/batching';
import { InputError } from '../../../src/engine/inputs';
import { LOSSES } from '../../../src/engine/registry';
import { conventionText, rowLimitText, tooManyRows } from '../../../src/engine/spec';
import { catalogLoss } from '../../../src/lab/catalog-data';
import { loss } from '../../helpers/losses';

describe('row bounds declared in the specs', () => {
  it('every loss computed in one batch declares its bound; info_nce and supcon 1024, the file and mining losses 8192', () => {
    const bounds = Object.fromEntries(LOSSES.filter((l) => l.batching === 'whole').map((l) => [l.id, l.maxRows?.rows]));
    assert.deepEqual(bounds, { dice: 8192, tversky: 8192, triplet_mined: 8192, info_nce: 1024, supcon: 1024 });
    for (const l of LOSSES) if (l.maxRows) assert.ok(l.maxRows.why.length > 10, `${l.id} says why`);
  });

  it('refuses one row more than the bound, not the bound itself, with the bound, the count and what to do', () => {
    const spec = loss('info_nce');
    assert.equal(tooManyRows(spec, 1024), null);
    assert.deepEqual(batchRanges(spec, 1024, 100, null), [[0, 1024]]);
    assert.match(tooManyRows(spec, 1025)!, /^info_nce takes at most 1024 rows \(.*square of the rows\), got 1025 rows; use a sample of at most 1024 rows \(for example one training batch\)$/);
    assert.throws(() => batchRanges(spec, 1025, 100, null), (e: unknown) => e instanceof InputError && e.message === tooManyRows(spec, 1025));
    assert.equal(tooManyRows(loss('mse'), 1e7), null, 'mse has no bound');
  });

  it('the help, the README and the panel catalog say the bound from the spec', () => {
    const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    for (const id of ['info_nce', 'supcon', 'dice', 'tversky', 'triplet_mined']) {
      const spec = loss(id);
      const text = rowLimitText(spec)!;
      assert.equal(text, `Takes at most ${spec.maxRows!.rows} rows: ${spec.maxRows!.why}.`);
      assert.ok(lossHelp(spec).replace(/\s+/g, ' ').includes(`Rows: ${text}`), `${id} --help`);
      assert.ok(catalogLoss(spec).convention.endsWith(text), `${id} in the panel's catalog`);
      assert.ok(readme.includes(`- **\`${id}\`**`) && readme.split('\n').some((l) => l.startsWith(`- **\`${id}\`**`) && l.includes(text)), `${id} in the README`);
    }
    const listed = (catalogJson() as { losses: Array<{ id: string; maxRows?: { rows: number; why: string } }> }).losses;
    assert.deepEqual(listed.find((l) => l.id === 'supcon')?.maxRows, loss('supcon').maxRows, 'loss-lab list gives the bound');
    assert.equal(listed.find((l) => l.id === 'mse')?.maxRows, undefined);
    assert.equal(rowLimitText(loss('mse')), null);
    assert.equal(conventionText(loss('mse')), loss('mse').convention);
  });
});
