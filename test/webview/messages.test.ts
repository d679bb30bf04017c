/**
 * The webview's side of the protocol: the ready/init handshake, persisted state with a version
 * that survives a reload, and refusal of bad or hostile messages from the host without breaking
 * the panel (and without letting host strings become markup).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PROTOCOL_VERSION, STATE_VERSION, type PersistedState } from '../../src/shared/protocol';
import { Harness } from './harness';
import { canvasHash, curvesSettled, poll } from './util';

let h: Harness;
before(async () => {
  h = await Harness.start();
});
after(async () => {
  await h?.stop();
});

test('the webview says ready with its protocol version before anything else, and asks for curves after init', async () => {
  const lab = await h.open();
  const first = lab.host.received[0]!;
  assert.equal(first.type, 'ready');
  assert.equal(first.type === 'ready' && first.protocolVersion, PROTOCOL_VERSION);
  assert.equal(first.type === 'ready' && first.state, undefined, 'a fresh panel has no state');
  await curvesSettled(lab);
  lab.assertClean();
  await lab.close();
});

test('state is persisted with a version and restored after a reload', async () => {
  const lab = await h.open();
  const { page, host } = lab;
  await page.getByTestId('loss-picker').selectOption('focal');
  await page.getByTestId('param-gamma').fill('3.5');
  await page.getByTestId('reduction').selectOption('sum');
  await page.getByTestId('pin-current').click();
  await page.getByTestId('snippet-framework').selectOption('jax');
  await page.getByTestId('tab-data').click();
  const saved = (await poll('the state persisted', () => {
    const s = host.states[host.states.length - 1] as PersistedState | undefined;
    return s && s.view === 'data' && s.framework === 'jax' && s.pinned.length === 1 ? s : null;
  }))!;
  assert.equal(saved.version, STATE_VERSION);
  assert.equal(saved.loss, 'focal');
  assert.equal(saved.params['focal']!['gamma'], 3.5);
  assert.equal(saved.reduction, 'sum');
  assert.deepEqual(saved.pinned[0]!.params, { gamma: 3.5, weight: null });
  // The host is told too (it hands the state to the panel serializer).
  assert.ok(host.received.some((m) => m.type === 'state'));

  await lab.reload();
  const ready = host.received.find((m) => m.type === 'ready');
  assert.deepEqual(ready && ready.type === 'ready' && ready.state, saved, 'ready carries the persisted state');
  assert.equal(await page.getByTestId('loss-picker').inputValue(), 'focal');
  assert.equal(await page.getByTestId('param-gamma').inputValue(), '3.5');
  assert.equal(await page.getByTestId('reduction').inputValue(), 'sum');
  assert.equal(await page.getByTestId('snippet-framework').inputValue(), 'jax');
  assert.equal(await page.getByTestId('tab-data').getAttribute('aria-selected'), 'true');
  assert.ok(await page.getByTestId('data-view').isVisible());
  assert.equal(await page.getByTestId('pin-0').count(), 1);
  // The restored view is the data view: the hidden curve view asks when it is shown, with the restored settings.
  assert.equal(host.requests('curves').length, 0, 'no curves asked while the curve view is hidden');
  await page.getByTestId('tab-curves').click();
  const curves = await poll('curves asked once shown', () => (host.requests('curves').length > 0 ? host.requests('curves') : null));
  assert.ok(curves[0]!.params['gamma'] === 3.5 && curves[0]!.compare.length === 1, 'restored settings drive the first request');
  lab.assertClean();
  await lab.close();
});

test('after a reload the webview asks for its file again with the edited mapping, and the view stays', async () => {
  const lab = await h.open();
  const { page, host } = lab;
  await page.getByTestId('loss-picker').selectOption('mse');
  await page.getByTestId('tab-data').click();
  await page.getByTestId('data-pick').click();
  await poll('results', () => page.getByTestId('data-value').isVisible());
  // The user maps the target to another column, then goes back to the curves.
  await page.getByTestId('mapping-target').selectOption('logit_0');
  await poll('remapped', () => host.requests('setMapping').some((m) => m.mapping?.['target']?.[0] === 'logit_0'));
  await page.getByTestId('tab-curves').click();
  await poll('state saved', () => {
    const s = host.states.at(-1) as PersistedState | undefined;
    return s?.view === 'curves' && s.mapping?.['target']?.[0] === 'logit_0' && s.dataset?.path === 'data/preds.csv';
  });

  await lab.reload();
  await poll('the file asked for again', () => host.requests('loadCsv').length > 0);
  const loads = host.requests('loadCsv');
  assert.equal(loads.length, 1, 'one restore, in one place');
  assert.equal(loads[0]!.path, 'data/preds.csv');
  assert.equal(loads[0]!.loss, 'mse');
  assert.deepEqual(loads[0]!.mapping, { prediction: ['y_pred'], target: ['logit_0'] });
  assert.equal(host.requests('setMapping').length, 0, 'no second mapping round');
  assert.equal(await page.getByTestId('tab-curves').getAttribute('aria-selected'), 'true', 'the view is what it was');
  assert.equal(await page.getByTestId('loss-picker').inputValue(), 'mse');
  await page.getByTestId('tab-data').click();
  await poll('results of the restored file', () => page.getByTestId('data-value').isVisible());
  assert.equal(await page.getByTestId('mapping-target').inputValue(), 'logit_0', 'the restored mapping is the one in force');
  assert.equal(host.requests('evaluateData').length, 1);
  lab.assertClean();
  await lab.close();
});

test('a persisted state of another version is dropped for defaults, with the reason shown', async () => {
  const lab = await h.open({ state: { version: 99, loss: 'focal' } });
  const ready = lab.host.received.find((m) => m.type === 'ready');
  assert.deepEqual(ready && ready.type === 'ready' && ready.state, { version: 99, loss: 'focal' });
  assert.equal(await lab.page.getByTestId('loss-picker').inputValue(), lab.host.catalog.families[0]!.losses[0]);
  assert.match((await lab.page.getByTestId('status').textContent()) ?? '', /state version 99 is not 1/);
  lab.assertClean();
  await lab.close();
});

test('bad and hostile messages from the host are refused and the panel keeps working', async () => {
  const lab = await h.open();
  const { page, host } = lab;
  await page.getByTestId('loss-picker').selectOption('huber');
  await curvesSettled(lab);
  const drawn = await canvasHash(page, 'curve-loss-chart');

  // A malformed reply to a real request: the envelope is valid, the result is not curves.
  host.overrides.set('curves', () => ({ ok: true, result: { seq: 'x', series: 'nope' } }));
  await page.getByTestId('param-delta').fill('2');
  await poll('the malformed curves reported', async () => (await page.getByTestId('curve-error').textContent())?.includes('unexpected shape'));
  assert.equal(await canvasHash(page, 'curve-loss-chart'), drawn, 'the last good curves stay drawn');
  host.overrides.delete('curves');

  const hostile: unknown[] = [
    null,
    42,
    'init',
    [],
    {},
    { type: 'nope' },
    { type: 'reply' },
    { type: 'reply', requestId: 'x', ok: true, result: {} },
    { type: 'reply', requestId: 987654, ok: true, result: {} }, // answers nothing we asked
    { type: 'reply', requestId: 1, ok: false, error: { code: 'made_up', message: 'x' } },
    { type: 'init', protocolVersion: 1, catalog: { families: 'x', losses: [] } },
    { type: 'init', protocolVersion: 1 },
    { type: 'dataChanged', reason: 'evil', dataset: null, error: null },
    { type: 'progress', requestId: null, message: 5, done: 0, total: 0 },
    { type: 'settingsChanged', settings: { defaultFramework: 'cobol', chartSampleSize: 1, backend: 'gpu', liveReload: 'yes' } },
    // Valid apart from an own `__proto__` key (which may not survive the trip): must not pollute.
    JSON.parse('{"type":"progress","requestId":null,"message":"x","done":0,"total":0,"__proto__":{"polluted":true}}'),
  ];
  for (const m of hostile) await host.post(m);
  await poll('every bad message counted', async () => Number(await page.getByTestId('loss-lab').getAttribute('data-refused')) >= hostile.length - 1);
  const polluted = await page.evaluate(() => ({} as Record<string, unknown>)['polluted'] === true);
  assert.equal(polluted, false, 'no prototype pollution');
  // Each refusal is reported to the host's log.
  const warnings = host.received.filter((m) => m.type === 'log' && m.level === 'warn');
  assert.ok(warnings.length >= hostile.length - 1, `${warnings.length} warnings logged`);
  assert.match((await page.getByTestId('status').textContent()) ?? '', /Ignored a message from the host/);

  // Still working: a change asks for curves, the answer is drawn, the error goes away.
  await page.getByTestId('param-delta').fill('0.5');
  await curvesSettled(lab);
  assert.ok(await page.getByTestId('curve-error').isHidden());
  assert.notEqual(await canvasHash(page, 'curve-loss-chart'), drawn);
  await lab.screenshot('messages-after-hostile');
  lab.assertClean();
  await lab.close();
});

test('strings from the host are shown as text, never parsed as markup', async () => {
  const evil = '<img src=x onerror="document.title=\'pwned\'"><b>bold</b>';
  const lab = await h.open({
    setup: (host) => {
      const mse = host.catalog.losses.find((l) => l.id === 'mse')! as { title: string; doc: string; formula: string; tex?: string };
      mse.title = `MSE ${evil}`;
      mse.doc = evil;
      mse.formula = evil;
      // TeX from the host is typeset (or refused), never inserted as markup.
      // (\\pmb and \\fcolorbox would set a style attribute the CSP refuses, were they not redefined.)
      mse.tex = `\\text{${evil}} \\href{javascript:alert(1)}{x} \\pmb{x} \\fcolorbox{red}{blue}{y}`;
    },
  });
  const { page, host } = lab;
  await page.getByTestId('loss-picker').selectOption('mse');
  assert.equal(await page.getByTestId('loss-doc').textContent(), evil);
  assert.equal(await page.getByTestId('loss-formula').getAttribute('data-typeset'), 'true');
  assert.equal(await page.locator('[data-testid="loss-formula"] a, [data-testid="loss-formula"] [href]').count(), 0, '\\href made a link');
  assert.equal(await page.locator('img, b').count(), 0, 'no element was created from host text');
  // Error messages and locations from the host are text too.
  host.overrides.set('curves', () => ({ ok: false, error: { code: 'internal', message: evil, location: { file: '<svg onload=x>', line: 1, column: 2 } } }));
  await page.getByTestId('reduction').selectOption('sum');
  await poll('the error shown', async () => (await page.getByTestId('curve-error').textContent())?.includes('<img'));
  assert.equal(await page.getByTestId('curve-error').getByTestId('error-location').textContent(), '<svg onload=x>:1:2');
  assert.equal(await page.locator('img, b, svg').count(), 0);
  assert.notEqual(await page.title(), 'pwned');
  lab.assertClean();
  await lab.close();
});

test('an init with another protocol version is refused with a message, not a broken panel', async () => {
  const lab = await h.open({ noWait: true, setup: (host) => host.hold.add('curves') });
  await lab.page.getByTestId('loss-lab').waitFor();
  await lab.host.post({ type: 'init', protocolVersion: PROTOCOL_VERSION + 1, catalog: lab.host.catalog, settings: { defaultFramework: 'pytorch', chartSampleSize: 5000, backend: 'cpu', liveReload: true }, state: null, stateNote: null, dataset: null, backend: { name: 'cpu', fallbackReason: null }, codeAvailable: true });
  await lab.page.getByTestId('protocol-mismatch').waitFor();
  assert.match((await lab.page.getByTestId('protocol-mismatch').textContent()) ?? '', /protocol 1 but the extension speaks 2/);
  lab.assertClean();
  await lab.close();
});
