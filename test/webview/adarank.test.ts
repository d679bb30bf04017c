/**
 * AdaRank in the panel, answered by the host's own DataSession (realData) on
 * test/fixtures/csv/adarank-small.csv: train from the data view, the rounds drawn as charts with
 * the chosen feature per round and the final weights (the figures of the engine's own run on the
 * same file), Cancel sends `cancel` for the running training, and "Use combined score as score"
 * maps the new column as score, after which the adarank loss evaluates and shows its query weights
 * where other losses show gradients.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { trainAdarank } from '../../src/engine/losses/ranking/adarank-training';
import { Harness, type LabPage } from './harness';
import { THEMES } from './themes';
import { colorBox, poll } from './util';

const FIXTURES = resolve(__dirname, '../fixtures/csv');
const BLUE = THEMES.dark.vars['--vscode-charts-blue']!;
const GREEN = THEMES.dark.vars['--vscode-charts-green']!;
const ORANGE = THEMES.dark.vars['--vscode-charts-orange']!;

let h: Harness;
let lab: LabPage;
before(async () => {
  h = await Harness.start();
  lab = await h.open({ setup: (host) => (host.realData = FIXTURES) });
  await lab.page.getByTestId('tab-data').click();
});
after(async () => {
  await lab?.close();
  await h?.stop();
});

async function drawn(what: string, testId: string, color: string): Promise<void> {
  await poll(`${what} drawn`, async () => {
    const box = await colorBox(lab.page, testId, color);
    return box !== null && box.bottom - box.top > 0.1 * box.height;
  }, 30_000);
}

/** The engine's run on the same file, as the host computes it (no mapping given: columns inferred). */
async function expectedRun(rounds: number) {
  const [head, ...lines] = readFileSync(resolve(FIXTURES, 'adarank-small.csv'), 'utf8').trim().split('\n');
  const names = head.split(',').slice(2);
  const rows = lines.map((l) => l.split(',').map(Number));
  return trainAdarank(
    { query: Float32Array.from(rows, (r) => r[0]), relevance: Float32Array.from(rows, (r) => r[1]), features: Float32Array.from(rows.flatMap((r) => r.slice(2))), names },
    { rounds, metric: 'ndcg', k: null },
  );
}

test('AdaRank trains from the data view, draws its rounds and weights, and its combined score becomes the score column', async () => {
  const { page, host } = lab;
  await page.getByTestId('loss-picker').selectOption('adarank');
  host.pickFile = 'adarank-small.csv';
  await page.getByTestId('data-pick').click();
  // the file has no score column yet: the loss cannot be mapped, but training can start
  await poll('the AdaRank section', () => page.getByTestId('adarank-view').isVisible());
  await page.getByTestId('adarank-rounds').fill('6');
  await page.getByTestId('adarank-train').click();
  await poll('the AdaRank results', () => page.getByTestId('adarank-results').isVisible(), 30_000);
  const req = host.requests('adarankTrain').at(-1)!;
  assert.equal(req.params.rounds, 6);

  const want = await expectedRun(6);
  const cells = await page.getByTestId('adarank-rounds-table').locator('tbody tr').allInnerTexts();
  assert.equal(cells.length, 6);
  cells.forEach((row, t) => {
    const [round, feature, alpha] = row.split('\t');
    assert.equal(Number(round), t + 1);
    assert.equal(feature, want.rounds[t].feature, `round ${t + 1}: feature`);
    assert.equal(Number(alpha), Number(want.rounds[t].alpha.toPrecision(4)), `round ${t + 1}: alpha`);
  });
  const weights = await page.getByTestId('adarank-weights').locator('tbody tr').allInnerTexts();
  assert.deepEqual(weights.map((r) => r.split('\t')[0]), want.weights.map((w) => w.feature));
  assert.match((await page.getByTestId('adarank-summary').textContent()) ?? '', /^6 rounds on 8 queries \(45 rows\); final mean NDCG [\d.]+\.$/);
  await drawn('mean NDCG per round', 'adarank-metric-chart', BLUE);
  await drawn('α per round', 'adarank-alpha-chart', GREEN);
  await lab.screenshot('adarank-rounds');

  host.lastData = null;
  await page.getByTestId('adarank-use-score').click();
  await poll('adarank evaluated on the combined score', () => host.lastData?.loss === 'adarank', 30_000);
  assert.deepEqual(host.lastData!.mapping.score, ['adarank_score']);
  assert.ok(await page.getByTestId('data-error').isHidden(), 'no error once the score is mapped');
  assert.match((await page.getByTestId('data-gradient-title').textContent()) ?? '', /No gradient: queryWeights per query instead/);
  assert.match((await page.getByTestId('gradient-figures').textContent()) ?? '', /P\(q\) = exp\(−E\(q\)\)/);
  await drawn('query weights', 'data-gradient', ORANGE);
  await lab.screenshot('adarank-query-weights');

  // the other ranking losses use the combined score too
  host.lastData = null;
  await page.getByTestId('loss-picker').selectOption('lambdarank');
  await poll('lambdarank evaluated', () => host.lastData?.loss === 'lambdarank', 30_000);
  assert.deepEqual(host.lastData!.mapping.score, ['adarank_score']);
  assert.ok(await page.getByTestId('adarank-view').isHidden(), 'the training section belongs to the adarank loss');
  lab.assertClean();
});

test('Cancel asks the host to cancel the running training, and a cancelled run says so', async () => {
  const { page, host } = lab;
  await page.getByTestId('loss-picker').selectOption('adarank');
  await poll('the AdaRank section', () => page.getByTestId('adarank-view').isVisible());
  host.hold.add('adarankTrain');
  await page.getByTestId('adarank-train').click();
  await host.waitFor('the held training', () => host.held.some((x) => x.req.type === 'adarankTrain'));
  assert.ok(await page.getByTestId('adarank-train').isDisabled(), 'one training at a time');
  await page.getByTestId('adarank-cancel').click();
  const held = host.held.find((x) => x.req.type === 'adarankTrain')!;
  await host.waitFor('cancel', () => host.requests('cancel').some((c) => c.target === held.req.requestId));
  await held.release({ ok: false, error: { code: 'cancelled', message: 'cancelled' } });
  host.hold.delete('adarankTrain');
  await poll('train enabled again', () => page.getByTestId('adarank-train').isEnabled());
  assert.ok(await page.getByTestId('adarank-cancel').isHidden());
  lab.assertClean();
});
