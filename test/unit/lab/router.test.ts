/**
 * The message router: every request answered exactly once, errors as data, superseded and
 * cancelled requests answered with their code, hostile input never throwing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorData } from '../../../src/lab/error-data';
import { PanelError } from '../../../src/lab/panel-error';
import { MessageRouter, type Handlers, type RequestContext } from '../../../src/lab/router';
import type { ReplyMessage, ToWebview } from '../../../src/shared/protocol';

type Pending = { ctx: RequestContext; resolve: (v: unknown) => void };

function harness(over: Partial<Record<keyof Handlers, (req: never, ctx: RequestContext) => Promise<unknown>>> = {}) {
  const posted: ToWebview[] = [];
  const logs: string[] = [];
  const readies: unknown[] = [];
  const states: unknown[] = [];
  const pending: Pending[] = [];
  const wait = (_req: unknown, ctx: RequestContext) => new Promise((resolve) => pending.push({ ctx, resolve }));
  const fail = async () => {
    throw new Error('not in this test');
  };
  const handlers = new Proxy({} as Handlers, { get: (_t, k: string) => (over as Record<string, unknown>)[k] ?? (k === 'curves' || k === 'sweep' ? wait : fail) });
  const router = new MessageRouter(handlers, {
    post: (m) => posted.push(m),
    errorOf: errorData,
    onReady: (m) => readies.push(m),
    onState: (s) => states.push(s),
    onLog: (_l, m) => logs.push(m),
  });
  return { router, posted, logs, readies, states, pending };
}

const curves = (requestId: number, seq = requestId) => ({ type: 'curves', requestId, seq, loss: 'mse', params: {}, reduction: 'mean', compare: [] });
const replies = (posted: ToWebview[]) => posted.filter((m): m is ReplyMessage => m.type === 'reply');
const tick = () => new Promise((r) => setImmediate(r));

describe('message router', () => {
  it('answers a valid request once with its result', async () => {
    const h = harness({ copyText: async () => ({}) });
    const r = await h.router.receive({ type: 'copyText', requestId: 5, text: 'hi' });
    assert.deepEqual(r, { type: 'reply', requestId: 5, ok: true, result: {} });
    assert.deepEqual(replies(h.posted), [r]);
  });

  it('answers a refused message that has a requestId with bad_message, and drops (logs) one without', async () => {
    const h = harness();
    const r = await h.router.receive({ type: 'loadCsv', requestId: 8, path: '../../etc/passwd', loss: 'mse' });
    assert.equal(r?.ok, false);
    assert.equal(r && !r.ok && r.error.code, 'bad_message');
    assert.equal(await h.router.receive({ type: 'nonsense' }), null);
    assert.equal(await h.router.receive('{"type":"ready"}'), null);
    assert.equal(replies(h.posted).length, 1);
    assert.equal(h.router.stats.refused, 3);
    assert.equal(h.logs.length, 3);
  });

  it('turns handler errors into error data: PanelError keeps its code, other errors are internal, no stack', async () => {
    const h = harness({
      pickCsv: async () => {
        throw new PanelError('forbidden_path', 'path refused: outside');
      },
      copyText: async () => {
        throw new TypeError('boom');
      },
    });
    const a = await h.router.receive({ type: 'pickCsv', requestId: 1 });
    const b = await h.router.receive({ type: 'copyText', requestId: 2, text: '' });
    assert.deepEqual(a, { type: 'reply', requestId: 1, ok: false, error: { code: 'forbidden_path', message: 'path refused: outside' } });
    assert.deepEqual(b, { type: 'reply', requestId: 2, ok: false, error: { code: 'internal', message: 'boom' } });
  });

  it('a newer curves request supersedes the running one, which answers superseded; the newer one answers normally', async () => {
    const h = harness();
    const first = h.router.receive(curves(1));
    await tick();
    await tick();
    const second = h.router.receive(curves(2));
    await tick();
    await tick();
    assert.equal(h.pending.length, 2, 'both reached the handler');
    assert.ok(h.pending[0].ctx.signal.aborted, 'the first was aborted');
    h.pending[0].resolve({ seq: 1 });
    h.pending[1].resolve({ seq: 2 });
    const [a, b] = await Promise.all([first, second]);
    assert.equal(a && !a.ok && a.error.code, 'superseded');
    assert.deepEqual(b, { type: 'reply', requestId: 2, ok: true, result: { seq: 2 } });
  });

  it('a burst of curves requests computes only the newest', async () => {
    const h = harness();
    const all = [1, 2, 3, 4].map((id) => h.router.receive(curves(id)));
    await tick();
    await tick();
    assert.equal(h.pending.length, 1, 'only the last one started');
    h.pending[0].resolve({ seq: 4 });
    const out = await Promise.all(all);
    assert.deepEqual(out.map((r) => (r!.ok ? 'ok' : r!.error.code)), ['superseded', 'superseded', 'superseded', 'ok']);
  });

  it('cancel aborts the target, which answers cancelled; cancelling an unknown id says so', async () => {
    const h = harness();
    const sweep = h.router.receive({ type: 'sweep', requestId: 3, seq: 1, loss: 'huber', params: {}, reduction: 'mean', param: 'delta' });
    await tick();
    await tick();
    const c = await h.router.receive({ type: 'cancel', requestId: 4, target: 3 });
    assert.deepEqual(c, { type: 'reply', requestId: 4, ok: true, result: { cancelled: true } });
    h.pending[0].resolve({});
    const s = await sweep;
    assert.equal(s && !s.ok && s.error.code, 'cancelled');
    const none = await h.router.receive({ type: 'cancel', requestId: 5, target: 99 });
    assert.deepEqual(none, { type: 'reply', requestId: 5, ok: true, result: { cancelled: false } });
  });

  it('a requestId already running is refused; after dispose requests answer cancelled', async () => {
    const h = harness();
    const a = h.router.receive({ type: 'sweep', requestId: 7, seq: 1, loss: 'huber', params: {}, reduction: 'mean', param: 'delta' });
    await tick();
    const dup = await h.router.receive({ type: 'sweep', requestId: 7, seq: 2, loss: 'huber', params: {}, reduction: 'mean', param: 'delta' });
    assert.equal(dup && !dup.ok && dup.error.code, 'bad_message');
    h.router.dispose();
    h.pending.forEach((p) => p.resolve({}));
    const r = await a;
    assert.equal(r && !r.ok && r.error.code, 'cancelled');
    const after = await h.router.receive({ type: 'copyText', requestId: 8, text: '' });
    assert.equal(after && !after.ok && after.error.code, 'cancelled');
  });

  it('a reloaded webview: requests of the previous document are aborted, their replies not posted, their ids free again', async () => {
    const h = harness();
    const sweep = (requestId: number) => ({ type: 'sweep', requestId, seq: 1, loss: 'huber', params: {}, reduction: 'mean', param: 'delta' });
    await h.router.receive({ type: 'ready', protocolVersion: 1 });
    const old = h.router.receive(sweep(3));
    await tick();
    await tick();
    await h.router.receive({ type: 'ready', protocolVersion: 1 });
    assert.ok(h.pending[0].ctx.signal.aborted, 'the old request still runs');
    // The new document counts its ids from where it likes: the same id is a new request.
    const fresh = h.router.receive(sweep(3));
    await tick();
    await tick();
    assert.equal(h.pending.length, 2, 'the new request with a reused id was refused');
    h.pending[0].ctx.progress('sweeping', 1, 2);
    h.pending[0].resolve({ seq: 1 });
    const o = await old;
    assert.equal(o && !o.ok && o.error.code, 'cancelled');
    h.pending[1].resolve({ seq: 9 });
    await fresh;
    assert.deepEqual(replies(h.posted), [{ type: 'reply', requestId: 3, ok: true, result: { seq: 9 } }], 'only the new request is answered');
    assert.equal(h.posted.filter((m) => m.type === 'progress').length, 0, 'progress of the old request was posted');
  });

  it("requests made before the first webview said ready (the host's own, e.g. the test hook's) carry on", async () => {
    const h = harness();
    const early = h.router.receive(curves(1_000_000_000));
    await tick();
    await tick();
    await h.router.receive({ type: 'ready', protocolVersion: 1 });
    assert.equal(h.pending[0].ctx.signal.aborted, false);
    h.pending[0].resolve({ seq: 0 });
    assert.equal((await early)?.ok, true);
  });

  it('onDelivered runs after a successful reply is posted, never for a request superseded after it computed', async () => {
    const delivered: number[] = [];
    const waiting: Pending[] = [];
    const h = harness({
      curves: (req: { requestId: number }, ctx: RequestContext) =>
        new Promise((resolve) => {
          waiting.push({ ctx, resolve });
          // (an assertion thrown here would be caught by the router: record, check below)
          ctx.onDelivered(() => delivered.push(replies(h.posted).some((r) => r.requestId === req.requestId && r.ok) ? req.requestId : -req.requestId));
        }),
    } as never);
    const first = h.router.receive(curves(1));
    await tick();
    await tick();
    const second = h.router.receive(curves(2));
    await tick();
    await tick();
    // The first finishes its work only now, after the second superseded it.
    waiting[0].resolve({ seq: 1 });
    waiting[1].resolve({ seq: 2 });
    const [a, b] = await Promise.all([first, second]);
    assert.equal(a && !a.ok && a.error.code, 'superseded');
    assert.equal(b?.ok, true);
    assert.deepEqual(delivered, [2], 'a negative id: the callback ran before its reply was posted');
  });

  it('notifications reach their hooks and get no reply', async () => {
    const h = harness();
    assert.equal(await h.router.receive({ type: 'ready', protocolVersion: 1, state: { version: 1 } }), null);
    assert.equal(await h.router.receive({ type: 'state', state: { a: 1 } }), null);
    assert.equal(await h.router.receive({ type: 'log', level: 'error', message: 'oops' }), null);
    assert.equal(h.readies.length, 1);
    assert.deepEqual(h.states, [{ a: 1 }]);
    assert.ok(h.logs.some((l) => l.includes('oops')));
    assert.equal(replies(h.posted).length, 0);
  });

  it('never throws, even when posting to a disposed webview fails', async () => {
    const router = new MessageRouter({} as Handlers, {
      post: () => {
        throw new Error('webview is disposed');
      },
      errorOf: errorData,
      onReady: () => undefined,
      onState: () => undefined,
      onLog: () => undefined,
    });
    const r = await router.receive({ type: 'copyText', requestId: 1, text: '' });
    assert.equal(r?.ok, false);
    for (const junk of [undefined, null, Symbol('x'), () => 1, { type: { toString: () => 'x' } }, new Proxy({}, { get: () => { throw new Error('trap'); } })]) {
      await router.receive(junk as unknown);
    }
  });
});
