/**
 * lambdamart's query picker reaches every query of the file, not only the 20 worst: on a file of
 * 30 queries whose ids are above 2^24 (so the data layer renumbers them), the picker's suggestions
 * are the file's own ids, and a query typed by its id outside the worst 20 is fetched from the
 * host's own DataSession (lambdamartQuery) and shows each document's λ and h as LightGBM's
 * per-query computation gives them on that query's rows.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DEFAULT_LABEL_GAIN, queryLambdas } from '../../src/engine/losses/ranking/lambdamart-core';
import { Harness, type LabPage } from './harness';
import { poll } from './util';

const QUERIES = 30;
const DOCS = 6;
/** Query ids above 2^24 (16,777,216): float32 cannot tell them apart, the data layer renumbers them. */
const idOf = (q: number): number => 123_456_789 + 1000 * q;

/** A fixed pseudo-random file: query, score, relevance (grades 0..3). */
function fixture(): { csv: string; rows: Array<{ query: number; score: number; rel: number }> } {
  let seed = 7;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const rows: Array<{ query: number; score: number; rel: number }> = [];
  for (let q = 0; q < QUERIES; q++) {
    for (let d = 0; d < DOCS; d++) rows.push({ query: idOf(q), score: Number((rnd() * 4 - 2).toFixed(3)), rel: Math.floor(rnd() * 4) });
  }
  return { csv: `query,score,relevance\n${rows.map((r) => `${r.query},${r.score},${r.rel}`).join('\n')}\n`, rows };
}

/** dom.ts `fmt` with its default 4 digits (the family tables). */
function fmt4(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e5 || a < 1e-3 ? v.toExponential(3) : String(Number(v.toPrecision(4)));
}

const dir = mkdtempSync(join(tmpdir(), 'loss-lab-lambdamart-'));
const { csv, rows } = fixture();
writeFileSync(join(dir, 'many-queries.csv'), csv);

let h: Harness;
let lab: LabPage;
before(async () => {
  h = await Harness.start();
  lab = await h.open({ setup: (host) => (host.realData = dir) });
  await lab.page.getByTestId('tab-data').click();
});
after(async () => {
  await lab?.close();
  await h?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('a query outside the worst 20, typed by its id in the file, shows its documents\' λ and h', async () => {
  const { page, host } = lab;
  await page.getByTestId('loss-picker').selectOption('lambdamart');
  host.pickFile = 'many-queries.csv';
  await page.getByTestId('data-pick').click();
  await poll('lambdamart evaluated', () => host.lastData?.loss === 'lambdamart', 30_000);
  const a = host.lastData!.analysis;
  if (a?.kind !== 'ranking' || !a.lambdamart) return assert.fail('the host sent lambdamart figures');
  const lm = a.lambdamart;
  assert.equal(lm.queryCount, QUERIES);
  assert.equal(lm.queries.length, 20);
  // the file's own ids, not the renumbered codes 0..29
  assert.deepEqual(lm.queryIds, Array.from({ length: QUERIES }, (_, q) => idOf(q)));
  await poll('the worst-queries picker', () => page.getByTestId('lambdamart-query').isVisible());
  const worstText = await page.getByTestId('lambdamart-query').locator('option:not([hidden])').allTextContents();
  assert.equal(worstText.length, 20);
  for (const t of worstText) assert.match(t, /^query 1234\d{5} /, `worst query named by its file id: ${t}`);
  const suggested = await page.getByTestId('lambdamart-query-ids').locator('option').evaluateAll((os) => os.map((o) => o.getAttribute('value') ?? ''));
  assert.deepEqual(suggested, lm.queryIds.map(String));
  // the worst-queries table names them by file id too
  const tableIds = await page.getByTestId('query-table').locator('tbody tr td:first-child').allTextContents();
  for (const t of tableIds) assert.ok(lm.queryIds.includes(Number(t)), `query table id ${t} is a file id`);
  // and so do the worst rows, in their label and in the query cell
  for (const w of host.lastData!.worst) {
    assert.match(w.label, /^query 1234\d{5}$/);
    assert.ok(lm.queryIds.includes(w.cells.query!), `worst row's query cell ${w.cells.query} is a file id`);
  }

  const worst = new Set(lm.queries.map((q) => q.id));
  const outside = lm.queryIds.filter((id) => !worst.has(id));
  assert.equal(outside.length, QUERIES - 20);
  const id = outside[outside.length - 1]!;
  await page.getByTestId('lambdamart-query-id').fill(String(id));
  await page.getByTestId('lambdamart-query-show').click();
  const figures = page.getByTestId('lambdamart-query-figures');
  await poll(`query ${id} shown`, async () => ((await figures.textContent()) ?? '').startsWith(`query ${id}: ${DOCS} documents`), 30_000);
  assert.equal(host.requests('lambdamartQuery').at(-1)!.query, id);

  // LightGBM's per-query computation on the query's rows (defaults: sigmoid 1, truncation 30, norm on)
  const qRows = rows.filter((r) => r.query === id);
  const r = queryLambdas(qRows.map((x) => x.score), qRows.map((x) => x.rel), null, qRows.map((_, i) => i), { sigmoid: 1, truncationLevel: 30, norm: true, labelGain: DEFAULT_LABEL_GAIN });
  const want = Array.from(r.order, (t, rank) => [String(rank), fmt4(qRows[t]!.score), String(qRows[t]!.rel), fmt4(r.grad[t]!), fmt4(r.hess[t]!)]);
  const got = await page.getByTestId('lambdamart-docs').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td: { textContent: string | null }) => td.textContent ?? '')));
  assert.deepEqual(got, want);
  assert.ok(r.grad.some((g) => g !== 0), 'the query has non-zero lambdas (the check can fail)');

  // an id no query has is refused in words, and the figures stay
  await page.getByTestId('lambdamart-query-id').fill('42');
  await page.getByTestId('lambdamart-query-show').click();
  await poll('the refusal', async () => /no query has id 42/.test((await page.getByTestId('lambdamart-query-status').textContent()) ?? ''));
  assert.ok(((await figures.textContent()) ?? '').startsWith(`query ${id}:`));
  // the worst rows show each row's query id as the file has it (it was "1.235e+8")
  const worstIds = await page.getByTestId('worst-rows').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td: { textContent: string | null }) => td.textContent ?? '')));
  assert.ok(worstIds.length > 0, 'the worst rows are listed');
  const fileIds = new Set(rows.map((x) => String(x.query)));
  for (const cells of worstIds) assert.ok(cells.some((c) => fileIds.has(c)), `a worst row shows its query id exactly: ${cells.join(' | ')}`);
  await page.getByTestId('lambdamart').scrollIntoViewIfNeeded();
  await lab.screenshot('lambdamart-any-query');
  lab.assertClean();
});
