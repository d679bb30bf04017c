/**
 * Messaging with the extension host: requests with ids and promised replies, notifications, and
 * validation of everything that arrives. Nothing the host sends is trusted to be well-formed: a
 * message that fails `parseToWebview` is dropped and reported (to the page and the host's log),
 * never dispatched.
 *
 * Request ids start from a random base per document, so that after "Reload Webviews" a new
 * document never reuses the id of a request the host may still be running for the old one. A
 * request the host does not answer within its type's bound (REQUEST_TIMEOUTS; progress from the
 * host restarts the clock) resolves with a `timeout` error, and the host is asked to cancel it:
 * never a spinner forever.
 */
import {
  parseToWebview,
  type ErrorData,
  type NotificationOf,
  type NotificationType,
  type RequestOf,
  type RequestType,
  type ResultOf,
  type ToWebview,
} from '../src/shared/protocol';
import type { VsCodeApi } from './vscode-api';

export type Reply<T> = { ok: true; result: T } | { ok: false; error: ErrorData };
export type HostEvent = Exclude<ToWebview, { type: 'reply' }>;
/** A request as the webview writes it: the api adds the requestId. */
export type RequestBody<T extends RequestType> = Omit<RequestOf<T>, 'requestId'> & { type: T };

interface Pending {
  readonly type: RequestType;
  readonly resolve: (r: Reply<unknown>) => void;
  timer: ReturnType<typeof setTimeout> | null;
}

/**
 * How long the host may take to answer, per request type (ms; null: no bound, the host is waiting
 * for the user). Progress messages for a request restart its clock, so a long evaluation that
 * reports progress is never cut off; one that reports nothing for this long is taken as lost.
 */
export const REQUEST_TIMEOUTS: Readonly<Record<RequestType, number | null>> = {
  curves: 30_000,
  frameworks: 60_000,
  evaluateData: 60_000,
  lambdamartQuery: 30_000,
  sweep: 60_000,
  loadCsv: 60_000,
  setMapping: 30_000,
  code: 30_000,
  insertCode: 30_000,
  revealRow: 30_000,
  copyText: 15_000,
  cancel: 15_000,
  // progress per feature and round restarts the clock
  adarankTrain: 60_000,
  adarankUseScore: 30_000,
  // Quick pick and save dialog: the host waits for the user.
  pickCsv: null,
  exportChart: null,
  exportCsv: null,
  // The host bounds the user's code with lossLab.check.timeoutSeconds; its notification has Cancel.
  checkCurves: null,
};

/** Ids of timed-out requests remembered, so that their late replies are dropped quietly. */
const LATE_IDS = 256;

/** A random id base per document: 2^22 ids each, below 2^53 (the protocol's safe integers). */
function idBase(): number {
  const r = new Uint32Array(1);
  crypto.getRandomValues(r);
  return (r[0]! & 0x3fffffff) * 2 ** 22 + 1;
}

export class HostApi {
  private nextId = idBase();
  private readonly pending = new Map<number, Pending>();
  private readonly timedOut = new Set<number>();
  private readonly listeners = new Set<(e: HostEvent) => void>();
  private readonly refusedListeners = new Set<(why: string) => void>();
  /** Count of inbound messages refused by validation (shown in tests and diagnostics). */
  refused = 0;

  constructor(
    private readonly vscode: VsCodeApi,
    private readonly timeouts: Readonly<Record<RequestType, number | null>> = REQUEST_TIMEOUTS,
  ) {}

  /** Starts listening to `message` events on `target` (the window). Returns a disposer. */
  listen(target: Window): () => void {
    const handler = (e: MessageEvent): void => this.receive(e.data);
    target.addEventListener('message', handler);
    return () => target.removeEventListener('message', handler);
  }

  onEvent(fn: (e: HostEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  onRefused(fn: (why: string) => void): () => void {
    this.refusedListeners.add(fn);
    return () => this.refusedListeners.delete(fn);
  }

  /** Sends a request; resolves with the host's reply (errors are data, the promise never rejects). */
  request<T extends RequestType>(body: RequestBody<T>): { requestId: number; reply: Promise<Reply<ResultOf<T>>> } {
    const requestId = this.nextId++;
    const reply = new Promise<Reply<ResultOf<T>>>((resolve) => {
      this.pending.set(requestId, { type: body.type, resolve: resolve as (r: Reply<unknown>) => void, timer: null });
    });
    this.arm(requestId);
    this.vscode.postMessage({ ...body, requestId });
    return { requestId, reply };
  }

  /** (Re)starts a request's clock. */
  private arm(requestId: number): void {
    const p = this.pending.get(requestId);
    const ms = p ? this.timeouts[p.type] : null;
    if (!p || ms === null) return;
    if (p.timer !== null) clearTimeout(p.timer);
    p.timer = setTimeout(() => this.expire(requestId, ms), ms);
  }

  private expire(requestId: number, ms: number): void {
    const p = this.pending.get(requestId);
    if (!p) return;
    this.pending.delete(requestId);
    this.timedOut.add(requestId);
    if (this.timedOut.size > LATE_IDS) this.timedOut.delete(this.timedOut.values().next().value!);
    // If the host is alive but stuck, stop the work; its answer is dropped if it comes.
    if (p.type !== 'cancel') this.request({ type: 'cancel', target: requestId });
    p.resolve({
      ok: false,
      error: { code: 'timeout', message: `the extension did not answer (${p.type}) within ${Math.round(ms / 1000)} s; it was asked to stop. Change a setting to try again, or close and reopen the panel if this repeats.` },
    });
  }

  notify<T extends NotificationType>(msg: NotificationOf<T>): void {
    this.vscode.postMessage(msg);
  }

  /** Resolves every open request with `cancelled` (the page is going away or was re-initialised). */
  abandonAll(message: string): void {
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      if (p.timer !== null) clearTimeout(p.timer);
      p.resolve({ ok: false, error: { code: 'cancelled', message } });
    }
  }

  receive(raw: unknown): void {
    const parsed = parseToWebview(raw);
    if (!parsed.ok) {
      this.refuse(`invalid message (${parsed.error.message})`);
      return;
    }
    const msg = parsed.msg;
    if (msg.type === 'reply') {
      const p = this.pending.get(msg.requestId);
      if (!p) {
        if (this.timedOut.delete(msg.requestId)) {
          // The answer came after we gave up on it: what it says is of settings already reported lost.
          this.log('info', `late reply to request ${msg.requestId}, after its timeout: dropped`);
          return;
        }
        // A reply to nothing we asked (or asked twice): harmless, but worth knowing.
        this.refuse(`reply to unknown request ${msg.requestId}`);
        return;
      }
      this.pending.delete(msg.requestId);
      if (p.timer !== null) clearTimeout(p.timer);
      p.resolve(msg.ok ? { ok: true, result: msg.result } : { ok: false, error: msg.error });
      return;
    }
    // The host is working on it: its clock starts again.
    if (msg.type === 'progress' && msg.requestId !== null) this.arm(msg.requestId);
    for (const fn of this.listeners) fn(msg);
  }

  private log(level: 'info' | 'warn', message: string): void {
    try {
      this.vscode.postMessage({ type: 'log', level, message: message.slice(0, 4000) });
    } catch {
      // Reporting must never be what breaks the page.
    }
  }

  private refuse(why: string): void {
    this.refused += 1;
    try {
      this.vscode.postMessage({ type: 'log', level: 'warn', message: `webview refused a host message: ${why}`.slice(0, 4000) });
    } catch {
      // Reporting must never be what breaks the page.
    }
    for (const fn of this.refusedListeners) fn(why);
  }
}
