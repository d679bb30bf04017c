/**
 * The data view on the bundled samples, answered by the host's own DataSession (the code the
 * extension runs, minus vscode): every family's results pass the webview's checks and render, the
 * panel shows the figures the host computed, and samples/broken.csv is reported at its line and
 * column. This is the contract test between the host's results and the webview's views.
 */
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { Harness, type LabPage } from './harness';
import { THEMES } from './themes';
import { colorBox, poll } from './util';

const SAMPLES = resolve(__dirname, '../../samples');

let h: Harness;
let lab: LabPage;
before(async () => {
  h = await Harness.start();
  lab = await h.open({
    setup: (host) => {
      host.realData = SAMPLES;
    },
  });
  await lab.page.getByTestId('tab-data').click();
});
after(async () => {
  await lab?.close();
  await h?.stop();
});

const SERIES = [THEMES.dark.vars['--vscode-charts-blue']!, THEMES.dark.vars['--vscode-charts-orange']!, THEMES.dark.vars['--vscode-charts-green']!, '', THEMES.dark.vars['--vscode-charts-red']!] as const;

/** Waits until the chart shows `color` over at least a fifth of its height (bars, lines, points). */
async function drawn(what: string, testId: string, color: string): Promise<void> {
  await poll(`${what} drawn`, async () => {
    const box = await colorBox(lab.page, testId, color);
    return box !== null && box.bottom - box.top > 0.2 * box.height;
  }, 30_000);
}

/** dom.ts `fmt` with its default 4 digits (the family tables). */
function fmt4(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e5 || a < 1e-3 ? v.toExponential(3) : String(Number(v.toPrecision(4)));
}

/** How the panel formats the reduced value (dom.ts `fmt` with 6 digits). */
function shown(v: number): number {
  const a = Math.abs(v);
  return Number(a >= 1e5 || a < 1e-3 ? v.toExponential(5) : v.toPrecision(6));
}

async function open(file: string, loss: string): Promise<void> {
  const { page, host } = lab;
  await page.getByTestId('loss-picker').selectOption(loss);
  host.pickFile = file;
  host.lastData = null;
  await page.getByTestId('data-pick').click();
  await poll(`${loss} on ${file} evaluated`, () => host.lastData?.loss === loss && host.lastData.dataset.path === file, 30_000);
  const r = host.lastData!;
  await poll(`${file}: the panel shows the host's value`, async () => {
    const text = await page.getByTestId('data-value').textContent();
    return text !== null && Number(text) === shown(r.value ?? r.meanPerSample!);
  });
  assert.equal(await page.getByTestId('data-n').textContent(), r.n.toLocaleString('en-US'));
  assert.equal(await page.getByTestId('loss-lab').getAttribute('data-refused'), null, 'no host message refused');
  assert.ok(await page.getByTestId('data-error').isHidden(), 'no error shown');
  await lab.screenshot(`real-${file.replace('.csv', '')}-${loss}`);
  await drawn(`${file} histogram`, 'data-histogram', SERIES[0]);
  await drawn(`${file} gradient`, 'data-gradient', SERIES[1]);
}

const CASES: ReadonlyArray<readonly [file: string, loss: string, check: (l: LabPage) => Promise<void>]> = [
  ['regression.csv', 'huber', async ({ page }) => {
    assert.match((await page.getByTestId('regression-figures').textContent()) ?? '', /residual mean .* max \|residual\|/);
  }],
  ['classification.csv', 'focal', async ({ page }) => {
    assert.equal(await page.getByTestId('class-table').locator('tbody tr').count(), 4);
    assert.ok(await page.getByTestId('apply-suggestion-0').isVisible());
  }],
  ['binary.csv', 'bce_with_logits', async () => {}],
  ['ranking.csv', 'ranknet', async ({ page }) => {
    assert.match((await page.getByTestId('ranking-metrics').textContent()) ?? '', /20 queries · NDCG(@\d+)? [\d.]+ · MRR [\d.]+/);
    assert.match((await page.getByTestId('ranking-note').textContent()) ?? '', /NDCG gain: 2\^rel − 1\.$/);
  }],
  ['ranking.csv', 'lambdamart', async ({ page, host }) => {
    const r = host.lastData!;
    if (r.analysis?.kind !== 'ranking' || !r.analysis.lambdamart) return assert.fail('the host sent lambdamart figures');
    const lm = r.analysis.lambdamart;
    assert.match((await page.getByTestId('ranking-metrics').textContent()) ?? '', /20 queries · NDCG@30 [\d.]+ · MRR [\d.]+/);
    assert.match((await page.getByTestId('ranking-note').textContent()) ?? '', /NDCG gain: the loss's label_gain\.$/);
    const picker = page.getByTestId('lambdamart-query');
    assert.equal(await picker.locator('option:not([hidden])').count(), lm.queries.length);
    const docs = page.getByTestId('lambdamart-docs').locator('tbody tr');
    assert.equal(await docs.count(), lm.queries[0].documents.length);
    // the first row is rank 0 with the host's λ, as the panel formats it
    const first = lm.queries[0].documents[0];
    assert.deepEqual(await docs.first().locator('td').allTextContents(), ['0', fmt4(first.score), String(first.relevance), fmt4(first.lambda), fmt4(first.hess)]);
    await drawn('λ by rank', 'lambdamart-by-rank', SERIES[0]);
    await drawn('h by score', 'lambdamart-by-score', SERIES[1]);
    // picking another query shows its documents and pairs
    await picker.selectOption('1');
    const q1 = lm.queries[1];
    await poll('query 1 shown', async () => ((await page.getByTestId('lambdamart-query-figures').textContent()) ?? '').startsWith(`query ${q1.id}:`));
    assert.equal(await docs.count(), q1.documents.length);
    assert.equal(await page.getByTestId('lambdamart-pairs').locator('tbody tr').count(), q1.pairs.length);
    await page.getByTestId('lambdamart').scrollIntoViewIfNeeded();
    await lab.screenshot('real-lambdamart');
  }],
  ['contrastive.csv', 'contrastive', async ({ page }) => {
    await drawn('similar distances', 'contrastive-chart', SERIES[2]);
    await drawn('dissimilar distances', 'contrastive-chart', SERIES[4]);
    assert.match((await page.getByTestId('contrastive-figures').textContent()) ?? '', /similar pairs \d+ .* dissimilar inside the margin/);
  }],
  ['triplets.csv', 'triplet', async ({ page }) => {
    for (const k of ['easy', 'semi-hard', 'hard']) assert.match((await page.getByTestId(`triplet-${k}`).textContent()) ?? '', /\d+(\.\d)?%/);
  }],
  ['embeddings.csv', 'triplet_mined', async ({ page }) => {
    // Mined triplets are units the view can name: the worst row gives the three lines, and the
    // scatter plots each triplet's loss against its d(a,p) − d(a,n).
    assert.match((await page.getByTestId('worst-row-0').textContent()) ?? '', /triplet: anchor line \d+, positive \d+, negative \d+/);
    await drawn('mined triplets scatter', 'data-scatter', SERIES[0]);
  }],
  ['contrastive.csv', 'info_nce', async ({ page }) => {
    await drawn('positive cosines', 'cosine-chart', SERIES[2]);
    await drawn('hardest negative cosines', 'cosine-chart', SERIES[4]);
    assert.match((await page.getByTestId('cosine-figures').textContent()) ?? '', /positive: 160 \(mean cosine -?[\d.]+\) .* \(top-1\) \d+(\.\d)?%/);
  }],
  ['embeddings.csv', 'supcon', async ({ page }) => {
    await drawn('mean positive cosines', 'cosine-chart', SERIES[2]);
    assert.match((await page.getByTestId('cosine-figures').textContent()) ?? '', /mean positive: \d+ .* \(1-NN\) \d+(\.\d)?%/);
  }],
  ['distillation.csv', 'kl_div', async ({ page }) => {
    assert.match((await page.getByTestId('family-panel').textContent()) ?? '', /Agreement with the teacher's top class \d+(\.\d)?%/);
    assert.equal(await page.getByTestId('class-table').locator('thead th').first().textContent(), "teacher's top class");
    assert.equal(await page.getByTestId('class-table').locator('tbody tr').count(), 4);
  }],
  ['classification.csv', 'multi_margin', async ({ page }) => {
    assert.equal(await page.getByTestId('class-table').locator('tbody tr').count(), 4);
  }],
  ['segmentation.csv', 'dice', async ({ page }) => {
    assert.equal(await page.getByTestId('data-units').textContent(), '1');
    assert.match((await page.getByTestId('data-results').textContent()) ?? '', /soft TP/);
  }],
];

for (const [file, loss, check] of CASES) {
  test(`${loss} on samples/${file}: the host's figures render, with its family panel`, async () => {
    await open(file, loss);
    await check(lab);
    lab.assertClean();
  });
}

test('samples/broken.csv is reported at its line and column, with no charts', async () => {
  const { page, host } = lab;
  await page.getByTestId('loss-picker').selectOption('mse');
  host.pickFile = 'broken.csv';
  await page.getByTestId('data-pick').click();
  const loc = page.getByTestId('data-error').getByTestId('error-location');
  await poll('the error location', () => loc.isVisible());
  // broken.csv has a text cell at line 5 and a short row at line 8; the reader stops at the first
  // problem it meets (which one is the data layer's business), the panel must name its place.
  assert.match((await loc.textContent()) ?? '', /^broken\.csv:(5|8):\d+$/);
  assert.ok(((await page.getByTestId('data-error').getByTestId('error-message').textContent()) ?? '').length > 10);
  assert.ok(await page.getByTestId('data-results').isHidden());
  await lab.screenshot('real-broken');
  lab.assertClean();
});

test('the sweep runs on the real data and marks the current value', async () => {
  const { page, host } = lab;
  await page.getByTestId('loss-picker').selectOption('huber');
  host.pickFile = 'regression.csv';
  await page.getByTestId('data-pick').click();
  await poll('evaluated', () => page.getByTestId('data-value').isVisible());
  await page.getByTestId('sweep-run').click();
  await drawn('the sweep', 'sweep-chart', SERIES[0]);
  assert.equal(host.requests('sweep').at(-1)!.param, 'delta');
  lab.assertClean();
});

