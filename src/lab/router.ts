/**
 * The host's message router: validates every inbound message with the protocol, dispatches
 * requests to their handlers, and answers each exactly once (errors as data). Redrawing requests
 * (curves, evaluateData, sweep) supersede the previous one of their type: it is aborted and
 * answers `superseded`. `cancel` aborts a running request, which answers `cancelled`. Nothing a
 * webview sends can throw out of `receive`. No vscode import: unit-tested directly.
 *
 * A `ready` means a new webview document ("Reload Webviews", a restore): the requests of the
 * previous one are aborted and their replies are not posted (the new document did not ask them,
 * and an id it reuses must not get an old answer), and their ids are free again.
 */
import {
  errorReply,
  isRequest,
  okReply,
  parseToHost,
  type AnyRequest,
  type ErrorData,
  type NotificationOf,
  type ReplyMessage,
  type RequestOf,
  type RequestType,
  type ResultOf,
  type ToWebview,
} from '../shared/protocol';

export interface RequestContext {
  readonly requestId: number;
  /** Aborted when superseded, cancelled, or the panel closes. */
  readonly signal: AbortSignal;
  progress(message: string, done: number, total: number): void;
  /**
   * Runs `fn` once this request's successful reply has been posted to the webview that asked; never
   * when it was superseded, cancelled or failed, or the webview was reloaded meanwhile. What the
   * webview may be shown (the evaluation export writes) is recorded here, not when computed.
   */
  onDelivered(fn: () => void): void;
}

export type Handler<T extends RequestType> = (req: RequestOf<T>, ctx: RequestContext) => Promise<ResultOf<T>>;
export type Handlers = { readonly [T in Exclude<RequestType, 'cancel'>]: Handler<T> };

export interface RouterHooks {
  post(msg: ToWebview): void;
  /** Turns a thrown value into reply data (DataError → data_error with its place, ...). */
  errorOf(e: unknown): ErrorData;
  onReady(msg: NotificationOf<'ready'>): void;
  onState(state: unknown): void;
  onLog(level: 'info' | 'warn' | 'error', message: string): void;
  /** Called with every reply posted (the test hook keeps the last error). */
  onReply?(reply: ReplyMessage, type: RequestType | null): void;
}

/** Why a request was aborted; becomes the reply's error code. */
export class AbortReason extends Error {
  constructor(readonly code: 'superseded' | 'cancelled', message: string) {
    super(message);
    this.name = 'AbortReason';
  }
}

const SUPERSEDING: ReadonlySet<RequestType> = new Set<RequestType>(['curves', 'evaluateData', 'sweep']);

export interface RouterStats {
  readonly received: Record<string, number>;
  refused: number;
}

export class MessageRouter {
  private readonly running = new Map<number, { type: RequestType; controller: AbortController; generation: number }>();
  /** Whether a webview document has said ready yet (requests before that are the host's own: the test hook's). */
  private webviewSeen = false;
  private readonly latest = new Map<RequestType, number>();
  private disposed = false;
  /** Counts webview documents (each `ready`); a request belongs to the one that was current when it arrived. */
  private generation = 0;
  readonly stats: RouterStats = { received: {}, refused: 0 };

  constructor(
    private readonly handlers: Handlers,
    private readonly hooks: RouterHooks,
  ) {}

  /** Handles one raw message; resolves with the reply it posted (null for notifications and unanswerable refusals). */
  async receive(raw: unknown): Promise<ReplyMessage | null> {
    try {
      return await this.route(raw);
    } catch (e) {
      // Only a bug in a hook can get here; the webview must still never see the host fall over.
      this.safeLog('error', `router: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    }
  }

  private async route(raw: unknown): Promise<ReplyMessage | null> {
    const parsed = parseToHost(raw);
    if (!parsed.ok) {
      this.stats.refused++;
      this.safeLog('warn', `refused a message from the webview: ${parsed.error.message}`);
      return parsed.requestId === null ? null : this.reply(errorReply(parsed.requestId, parsed.error), null);
    }
    const msg = parsed.msg;
    this.stats.received[msg.type] = (this.stats.received[msg.type] ?? 0) + 1;
    if (!isRequest(msg)) {
      if (msg.type === 'ready') {
        this.newWebview();
        this.hooks.onReady(msg);
      }
      else if (msg.type === 'state') this.hooks.onState(msg.state);
      else this.hooks.onLog(msg.level, `webview: ${msg.message}`);
      return null;
    }
    return this.request(msg);
  }

  private async request(msg: AnyRequest): Promise<ReplyMessage> {
    const id = msg.requestId;
    const generation = this.generation;
    if (this.disposed) return this.reply(errorReply(id, { code: 'cancelled', message: 'the panel is closed' }), msg.type, generation);
    if (msg.type === 'cancel') {
      const target = this.running.get(msg.target);
      target?.controller.abort(new AbortReason('cancelled', 'cancelled'));
      return this.reply(okReply<'cancel'>(id, { cancelled: target !== undefined }), 'cancel', generation);
    }
    if (this.running.has(id)) {
      return this.reply(errorReply(id, { code: 'bad_message', message: `requestId ${id} is already in use by a running request` }), msg.type, generation);
    }
    const controller = new AbortController();
    // `generation` may move on if this arrived before any webview said ready (see newWebview).
    const mine = { type: msg.type, controller, generation };
    this.running.set(id, mine);
    if (SUPERSEDING.has(msg.type)) {
      const prev = this.latest.get(msg.type);
      if (prev !== undefined) this.running.get(prev)?.controller.abort(new AbortReason('superseded', `superseded by request ${id}`));
      this.latest.set(msg.type, id);
    }
    const delivered: Array<() => void> = [];
    const ctx: RequestContext = {
      requestId: id,
      signal: controller.signal,
      progress: (message, done, total) => {
        if (mine.generation === this.generation) this.safePost({ type: 'progress', requestId: id, message, done, total });
      },
      onDelivered: (fn) => void delivered.push(fn),
    };
    try {
      // Let a burst of slider messages arrive first, so only the newest one computes.
      if (SUPERSEDING.has(msg.type)) await new Promise((r) => setImmediate(r));
      controller.signal.throwIfAborted();
      const handler = this.handlers[msg.type as Exclude<RequestType, 'cancel'>] as Handler<RequestType>;
      const result = await handler(msg as never, ctx);
      controller.signal.throwIfAborted();
      const r = this.reply(okReply(id, result as never), msg.type, mine.generation);
      if (mine.generation === this.generation) for (const fn of delivered) this.safeRun(fn);
      return r;
    } catch (e) {
      const reason = controller.signal.aborted ? controller.signal.reason : null;
      const error: ErrorData =
        reason instanceof AbortReason ? { code: reason.code, message: reason.message } : this.safeErrorOf(e);
      return this.reply(errorReply(id, error), msg.type, mine.generation);
    } finally {
      // After a reload the id may already belong to a request of the new webview.
      if (this.running.get(id) === mine) this.running.delete(id);
      if (this.latest.get(msg.type) === id && mine.generation === this.generation) this.latest.delete(msg.type);
    }
  }

  /**
   * A webview document said ready. Another one before it: abort and forget that one's requests.
   * The first one: nothing of a webview runs yet, only the host's own requests (the test hook
   * evaluating a file the panel loaded before its webview started), which carry on.
   */
  private newWebview(): void {
    this.generation++;
    if (!this.webviewSeen) {
      this.webviewSeen = true;
      for (const r of this.running.values()) r.generation = this.generation;
      return;
    }
    for (const r of this.running.values()) r.controller.abort(new AbortReason('cancelled', 'the webview was reloaded'));
    this.running.clear();
    this.latest.clear();
  }

  /** Aborts everything running (the panel is closing). */
  dispose(): void {
    this.disposed = true;
    for (const r of this.running.values()) r.controller.abort(new AbortReason('cancelled', 'the panel is closed'));
  }

  /** Posts a reply to the webview that asked (a reply for a webview since reloaded is only logged). */
  private reply(r: ReplyMessage, type: RequestType | null, generation = this.generation): ReplyMessage {
    if (generation !== this.generation) {
      this.safeLog('info', `dropped the reply to request ${r.requestId} (${type}): its webview was reloaded`);
      return r;
    }
    this.safePost(r);
    this.safeRun(() => this.hooks.onReply?.(r, type));
    return r;
  }

  /** Runs a hook or callback that must not break replies. */
  private safeRun(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.safeLog('error', `router: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private safeErrorOf(e: unknown): ErrorData {
    try {
      return this.hooks.errorOf(e);
    } catch {
      return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
    }
  }

  private safePost(m: ToWebview): void {
    try {
      this.hooks.post(m);
    } catch (e) {
      this.safeLog('warn', `could not post to the webview: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private safeLog(level: 'info' | 'warn' | 'error', message: string): void {
    try {
      this.hooks.onLog(level, message);
    } catch {
      // nothing left to do
    }
  }
}
