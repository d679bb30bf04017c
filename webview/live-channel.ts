/**
 * A redraw channel (curves, data evaluation, sweep) that keeps up with a dragged slider without
 * flooding the host or ever showing an old answer after a newer one:
 * - every request gets the next `seq`;
 * - at most `maxInFlight` requests are out; newer asks while full coalesce into one pending ask
 *   (only the latest settings matter);
 * - a result is shown only if its seq is newer than the one on screen, so replies that arrive out
 *   of order are dropped; `superseded` replies are dropped silently, and so is `cancelled`, except
 *   that a cancelled answer to the newest ask is reported (`cancelled`): what is on screen is then
 *   of earlier settings, and the view must say so.
 */
import type { ErrorData, RequestType, ResultOf } from '../src/shared/protocol';
import type { HostApi, Reply, RequestBody } from './api';

export interface ChannelHandlers<R> {
  /** Called with a result newer than anything shown so far. */
  show(result: R, seq: number): void;
  /** Called with an error reply newer than anything shown so far. */
  fail(error: ErrorData, seq: number): void;
  /** Called when the channel starts or stops waiting (for a busy indicator). */
  busy?(waiting: boolean): void;
  /** Called when the newest request was cancelled (by the user or the host) and nothing newer is on its way. */
  cancelled?(seq: number): void;
}

type Build<T extends RequestType> = (seq: number) => RequestBody<T>;

export class LiveChannel<T extends RequestType> {
  private seq = 0;
  private shownSeq = -1;
  private inFlight = new Map<number, number>(); // requestId → seq
  private pending: Build<T> | null = null;
  /** Results and errors dropped because something newer was already shown (for tests/diagnostics). */
  dropped = 0;

  constructor(
    private readonly api: HostApi,
    private readonly handlers: ChannelHandlers<ResultOf<T>>,
    private readonly seqOf: (r: ResultOf<T>) => unknown,
    private readonly maxInFlight = 2,
  ) {}

  /** Asks for a redraw with the request `build` makes for a seq. */
  ask(build: Build<T>): void {
    if (this.inFlight.size >= this.maxInFlight) {
      this.pending = build;
      return;
    }
    this.send(build);
  }

  /** Forgets pending asks and makes every reply still out stale (e.g. the loss changed). */
  reset(): void {
    this.pending = null;
    this.shownSeq = this.seq;
    this.inFlight.clear();
    this.handlers.busy?.(false);
  }

  get lastShownSeq(): number {
    return this.shownSeq;
  }

  private send(build: Build<T>): void {
    const seq = ++this.seq;
    const { requestId, reply } = this.api.request(build(seq));
    this.inFlight.set(requestId, seq);
    this.handlers.busy?.(true);
    void reply.then((r) => this.settle(requestId, seq, r as Reply<ResultOf<T>>));
  }

  private settle(requestId: number, seq: number, r: Reply<ResultOf<T>>): void {
    const wasOurs = this.inFlight.delete(requestId);
    if (wasOurs && this.pending && this.inFlight.size < this.maxInFlight) {
      const next = this.pending;
      this.pending = null;
      this.send(next);
    }
    if (this.inFlight.size === 0) this.handlers.busy?.(false);
    if (!r.ok && (r.error.code === 'superseded' || r.error.code === 'cancelled')) {
      if (r.error.code === 'cancelled' && wasOurs && seq === this.seq && seq > this.shownSeq) this.handlers.cancelled?.(seq);
      return;
    }
    // The result's own seq is authoritative when it has one (the host echoes it).
    const echoed = r.ok ? this.seqOf(r.result) : seq;
    const resultSeq = typeof echoed === 'number' ? echoed : seq;
    if (resultSeq !== seq || seq <= this.shownSeq) {
      this.dropped += 1;
      return;
    }
    this.shownSeq = seq;
    if (r.ok) this.handlers.show(r.result, seq);
    else this.handlers.fail(r.error, seq);
  }
}
