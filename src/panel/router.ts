/**
 * The host's message router: validates every inbound message with the protocol, dispatches
 * requests to their handlers, and answers each exactly once (errors as data). Redrawing requests
 * (curves, evaluateData, sweep) supersede the previous one of their type: it is aborted and
 * answers `superseded`. `cancel` aborts a running request, which answers `cancelled`. Nothing a
 * webview sends can throw out of `receive`. No vscode import: unit-tested directly.
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
  private readonly running = new Map<number, { type: RequestType; controller: AbortController }>();
  private readonly latest = new Map<RequestType, number>();
  private disposed = false;
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
      if (msg.type === 'ready') this.hooks.onReady(msg);
      else if (msg.type === 'state') this.hooks.onState(msg.state);
      else this.hooks.onLog(msg.level, `webview: ${msg.message}`);
      return null;
    }
    return this.request(msg);
  }

  private async request(msg: AnyRequest): Promise<ReplyMessage> {
    const id = msg.requestId;
    if (this.disposed) return this.reply(errorReply(id, { code: 'cancelled', message: 'the panel is closed' }), msg.type);
    if (msg.type === 'cancel') {
      const target = this.running.get(msg.target);
      target?.controller.abort(new AbortReason('cancelled', 'cancelled'));
      return this.reply(okReply<'cancel'>(id, { cancelled: target !== undefined }), 'cancel');
    }
    if (this.running.has(id)) {
      return this.reply(errorReply(id, { code: 'bad_message', message: `requestId ${id} is already in use by a running request` }), msg.type);
    }
    const controller = new AbortController();
    this.running.set(id, { type: msg.type, controller });
    if (SUPERSEDING.has(msg.type)) {
      const prev = this.latest.get(msg.type);
      if (prev !== undefined) this.running.get(prev)?.controller.abort(new AbortReason('superseded', `superseded by request ${id}`));
      this.latest.set(msg.type, id);
    }
    const ctx: RequestContext = {
      requestId: id,
      signal: controller.signal,
      progress: (message, done, total) => this.safePost({ type: 'progress', requestId: id, message, done, total }),
    };
    try {
      // Let a burst of slider messages arrive first, so only the newest one computes.
      if (SUPERSEDING.has(msg.type)) await new Promise((r) => setImmediate(r));
      controller.signal.throwIfAborted();
      const handler = this.handlers[msg.type as Exclude<RequestType, 'cancel'>] as Handler<RequestType>;
      const result = await handler(msg as never, ctx);
      controller.signal.throwIfAborted();
      return this.reply(okReply(id, result as never), msg.type);
    } catch (e) {
      const reason = controller.signal.aborted ? controller.signal.reason : null;
      const error: ErrorData =
        reason instanceof AbortReason ? { code: reason.code, message: reason.message } : this.safeErrorOf(e);
      return this.reply(errorReply(id, error), msg.type);
    } finally {
      this.running.delete(id);
      if (this.latest.get(msg.type) === id) this.latest.delete(msg.type);
    }
  }

  /** Aborts everything running (the panel is closing). */
  dispose(): void {
    this.disposed = true;
    for (const r of this.running.values()) r.controller.abort(new AbortReason('cancelled', 'the panel is closed'));
  }

  private reply(r: ReplyMessage, type: RequestType | null): ReplyMessage {
    this.safePost(r);
    try {
      this.hooks.onReply?.(r, type);
    } catch {
      // a test hook must not break replies
    }
    return r;
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
