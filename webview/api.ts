/**
 * Messaging with the extension host: requests with ids and promised replies, notifications, and
 * validation of everything that arrives. Nothing the host sends is trusted to be well-formed: a
 * message that fails `parseToWebview` is dropped and reported (to the page and the host's log),
 * never dispatched.
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
}

export class HostApi {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(e: HostEvent) => void>();
  private readonly refusedListeners = new Set<(why: string) => void>();
  /** Count of inbound messages refused by validation (shown in tests and diagnostics). */
  refused = 0;

  constructor(private readonly vscode: VsCodeApi) {}

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
      this.pending.set(requestId, { type: body.type, resolve: resolve as (r: Reply<unknown>) => void });
    });
    this.vscode.postMessage({ ...body, requestId });
    return { requestId, reply };
  }

  notify<T extends NotificationType>(msg: NotificationOf<T>): void {
    this.vscode.postMessage(msg);
  }

  /** Resolves every open request with `cancelled` (the page is going away or was re-initialised). */
  abandonAll(message: string): void {
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
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
        // A reply to nothing we asked (or asked twice): harmless, but worth knowing.
        this.refuse(`reply to unknown request ${msg.requestId}`);
        return;
      }
      this.pending.delete(msg.requestId);
      p.resolve(msg.ok ? { ok: true, result: msg.result } : { ok: false, error: msg.error });
      return;
    }
    for (const fn of this.listeners) fn(msg);
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
