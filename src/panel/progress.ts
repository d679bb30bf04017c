/**
 * Long work in a cancellable VS Code notification. The notification's Cancel and the request's
 * own signal (superseded, cancelled from the webview, panel closed) both abort the work.
 */
import * as vscode from 'vscode';

export interface ProgressSink {
  readonly signal: AbortSignal;
  /** Fraction done in [0, 1], and an optional message. */
  report(fraction: number, message?: string): void;
}

/** An error reported as `cancelled` (see errorData), not as a failure. */
export function abortError(message = 'cancelled'): Error {
  const e = new Error(message);
  e.name = 'AbortError';
  return e;
}

export function withCancellableProgress<T>(title: string, outer: AbortSignal | undefined, work: (p: ProgressSink) => Promise<T>): Promise<T> {
  return Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      const controller = new AbortController();
      // The notification's Cancel is the user's: an AbortError, reported as `cancelled` (a plain
      // Error here was reported as an internal error, "Something went wrong: cancelled").
      const abort = (): void => controller.abort(outer?.reason ?? abortError());
      const sub = token.onCancellationRequested(abort);
      if (outer?.aborted) abort();
      outer?.addEventListener('abort', abort);
      let shown = 0;
      try {
        return await work({
          signal: controller.signal,
          report: (fraction, message) => {
            const pct = Math.max(0, Math.min(100, fraction * 100));
            // withProgress takes increments; report only forward movement.
            if (pct > shown || message) {
              progress.report({ increment: Math.max(0, pct - shown), ...(message ? { message } : {}) });
              shown = Math.max(shown, pct);
            }
          },
        });
      } finally {
        sub.dispose();
        outer?.removeEventListener('abort', abort);
      }
    }),
  );
}
