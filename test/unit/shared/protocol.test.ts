/** The webview → host protocol refuses hostile and malformed messages, naming what is wrong. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseResult, parseState, parseToHost, parseToWebview, STATE_VERSION, type PersistedState } from '../../../src/shared/protocol';
import { relativePathProblem } from '../../../src/shared/relative-path';

const load = (path: unknown, extra: Record<string, unknown> = {}) => ({ type: 'loadCsv', requestId: 4, path, loss: 'mse', ...extra });
const refused = (m: unknown) => {
  const r = parseToHost(m);
  assert.equal(r.ok, false, `expected a refusal of ${JSON.stringify(m)?.slice(0, 120)}`);
  return r as Extract<ReturnType<typeof parseToHost>, { ok: false }>;
};

const goodState: PersistedState = {
  version: STATE_VERSION,
  loss: 'focal',
  params: { focal: { gamma: 2, weight: [1, 2] } },
  reduction: 'mean',
  pinned: [{ loss: 'cross_entropy', params: {} }],
  view: 'curves',
  dataset: { path: 'samples/classification.csv' },
  mapping: null,
  framework: 'pytorch',
  sweepParam: 'gamma',
  ui: { tab: 'data' },
};

describe('protocol validation', () => {
  it('accepts well-formed requests and notifications', () => {
    for (const m of [
      { type: 'ready', protocolVersion: 1, state: null },
      { type: 'state', state: goodState },
      load('samples/regression.csv'),
      load('./data/x.csv', { folder: 'ws', mapping: { prediction: ['y_pred'] } }),
      { type: 'curves', requestId: 0, seq: 1, loss: 'focal', params: { gamma: 2 }, reduction: 'mean', compare: [{ loss: 'cross_entropy', params: {} }] },
      { type: 'evaluateData', requestId: 9, seq: 2, loss: 'mse', params: {}, reduction: 'none' },
      { type: 'sweep', requestId: 10, seq: 3, loss: 'huber', params: {}, reduction: 'mean', param: 'delta', points: 25 },
      { type: 'exportChart', requestId: 11, dataUrl: 'data:image/png;base64,iVBORw0KGgo=', suggestedName: 'chart.png' },
      { type: 'code', requestId: 12, loss: 'mse', params: {}, framework: 'jax' },
      { type: 'cancel', requestId: 13, target: 10 },
    ]) {
      const r = parseToHost(m);
      assert.ok(r.ok, `${m.type}: ${r.ok ? '' : r.error.message}`);
    }
  });

  it('refuses path traversal, absolute paths, schemes, drives, UNC and backslashes in loadCsv, replying to its requestId', () => {
    for (const p of ['../secret.csv', 'data/../../etc/passwd', '/etc/passwd', 'file:///etc/passwd', 'vscode-remote://h/x.csv', 'C:\\x.csv', 'C:/x.csv',
      '\\\\server\\share\\x.csv', 'a\\..\\b.csv', '~/x.csv', 'a//b.csv', 'data/', '', 'a\u0000b.csv', '..', 'x'.repeat(2000)]) {
      const r = refused(load(p));
      assert.equal(r.requestId, 4, `reply goes to the request (${p})`);
      assert.equal(r.error.code, 'bad_message');
      if (p.length < 100 && p !== '') assert.match(r.error.message, /path/);
    }
  });

  it('refuses wrong types, missing and extra fields, unknown types, and non-objects', () => {
    assert.equal(refused(load(42)).error.code, 'bad_message');
    assert.match(refused(load('a.csv', { extra: true })).error.message, /extra/);
    assert.match(refused({ type: 'loadCsv', requestId: 1, loss: 'mse' }).error.message, /path/);
    assert.match(refused({ type: 'launchMissiles', requestId: 1 }).error.message, /unknown message type/);
    assert.match(refused({ type: 'toString', requestId: 1 }).error.message, /unknown message type/);
    assert.match(refused({ type: '__proto__', requestId: 1 }).error.message, /unknown message type/);
    for (const m of [null, undefined, 42, 'ready', [], [{ type: 'ready' }], { requestId: 1 }]) assert.equal(refused(m).error.code, 'bad_message');
    assert.equal(refused({ type: 'curves', requestId: 1 }).requestId, 1);
    for (const id of [-1, 1.5, NaN, '1', 2 ** 60]) assert.equal(refused({ type: 'pickCsv', requestId: id }).requestId, null, `requestId ${String(id)} is unusable`);
  });

  it('caps sizes: at most 6 pinned curves, bounded params and strings, sweep points 3..101', () => {
    const pin = { loss: 'mse', params: {} };
    const curves = (compare: unknown[]) => ({ type: 'curves', requestId: 1, seq: 1, loss: 'mse', params: {}, reduction: 'mean', compare });
    assert.ok(parseToHost(curves(Array(6).fill(pin))).ok);
    refused(curves(Array(7).fill(pin)));
    refused({ type: 'evaluateData', requestId: 1, seq: 1, loss: 'x'.repeat(65), params: {}, reduction: 'mean' });
    refused({ type: 'evaluateData', requestId: 1, seq: 1, loss: 'mse', params: { w: Array(1001).fill(1) }, reduction: 'mean' });
    refused({ type: 'evaluateData', requestId: 1, seq: 1, loss: 'mse', params: { w: { nested: 1 } }, reduction: 'mean' });
    refused({ type: 'evaluateData', requestId: 1, seq: 1, loss: 'mse', params: {}, reduction: 'median' });
    refused({ type: 'sweep', requestId: 1, seq: 1, loss: 'huber', params: {}, reduction: 'mean', param: 'delta', points: 1000 });
  });

  it('refuses a chart export that is not a base64 PNG data URL', () => {
    for (const url of ['data:text/html;base64,PHNjcmlwdD4=', 'data:image/png;base64,<svg>', 'https://example.com/x.png', 'data:image/svg+xml;base64,AAAA']) {
      refused({ type: 'exportChart', requestId: 1, dataUrl: url, suggestedName: 'x.png' });
    }
  });

  it('a __proto__ key in params does not pollute Object.prototype', () => {
    const raw = JSON.parse('{"type":"evaluateData","requestId":1,"seq":1,"loss":"mse","params":{"__proto__":{"polluted":true}},"reduction":"mean"}');
    parseToHost(raw);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('persisted state: the current version validates; another version or an invalid state is dropped with a reason', () => {
    assert.deepEqual(parseState(goodState), { ok: true, state: goodState });
    assert.deepEqual(parseState(undefined), { ok: false, reason: 'none' });
    const old = parseState({ ...goodState, version: 0 });
    assert.ok(!old.ok && /version 0/.test(old.reason));
    const bad = parseState({ ...goodState, reduction: 'avg' });
    assert.ok(!bad.ok && /reduction/.test(bad.reason));
    const extra = parseState({ ...goodState, secret: 1 });
    assert.ok(!extra.ok && /secret/.test(extra.reason));
    const many = parseState({ ...goodState, pinned: Array(7).fill({ loss: 'mse', params: {} }) });
    assert.ok(!many.ok);
  });

  it('host → webview envelopes: replies need exactly one of result or error', () => {
    assert.ok(parseToWebview({ type: 'reply', requestId: 1, ok: true, result: { x: 1 } }).ok);
    assert.ok(parseToWebview({ type: 'reply', requestId: 1, ok: false, error: { code: 'no_data', message: 'x' } }).ok);
    assert.ok(!parseToWebview({ type: 'reply', requestId: 1, ok: true }).ok);
    assert.ok(!parseToWebview({ type: 'reply', requestId: 1, ok: false, error: { code: 'oops', message: 'x' } }).ok);
    assert.ok(parseToWebview({ type: 'dataChanged', reason: 'error', dataset: null, error: { code: 'data_error', message: 'm', location: { file: 'a.csv', line: 3, column: 2 } } }).ok);
  });

  it('checkCurves ("Show on curves"): loss and symbol only; its result needs values and grad as long as x, and a known source per check parameter', () => {
    assert.equal(parseToHost({ type: 'checkCurves', requestId: 9, loss: 'mse', symbol: 'mse_half_loss' }).ok, true);
    assert.equal(refused({ type: 'checkCurves', requestId: 9, loss: 'mse', symbol: '' }).requestId, 9);
    refused({ type: 'checkCurves', requestId: 9, loss: 'mse', symbol: 'f', file: '/etc/passwd' });
    const result = { loss: 'mse', symbol: 'f', params: {}, kind: 'regression', curves: [{ variant: null, x: [0, 1], values: [0, null], grad: [0, 2] }], hasGradient: true, failed: { count: 0, first: null } };
    assert.equal(parseResult('checkCurves', result).ok, true);
    assert.equal(parseResult('checkCurves', { ...result, curves: [{ variant: null, x: [0, 1], values: [0], grad: [0, 2] }] }).ok, false);
    const check = { verdict: 'match', loss: 'mse', symbol: 'f', fileName: 'a.py', line: 1, language: 'python', params: { beta: 1 }, probes: [], diagnoses: [] };
    assert.equal(parseToWebview({ type: 'check', result: { ...check, paramSources: { beta: 'panel' } } }).ok, true);
    assert.equal(parseToWebview({ type: 'check', result: check }).ok, true, 'paramSources is optional (older hosts)');
    assert.equal(parseToWebview({ type: 'check', result: { ...check, paramSources: { beta: 'guessed' } } }).ok, false);
  });

  it('relativePathProblem allows plain relative paths with dots in names', () => {
    for (const p of ['a.csv', 'dir/sub/a.b.csv', './a.csv', '.hidden/x.csv', 'a..b.csv', 'dir with space/x.csv']) assert.equal(relativePathProblem(p), null, p);
  });
});
