/**
 * The panel's loaded file on the host side: reading it through `vscode.workspace.fs` with progress
 * in a cancellable notification, and live reload: a FileSystemWatcher on the file re-reads it
 * (debounced) when a training script rewrites it, keeping the user's explicit column mappings.
 */
import * as vscode from 'vscode';
import type { ErrorData } from '../shared/protocol';
import { DataSession, type Evaluation, type FileRef } from './data-session';
import { errorData } from './error-data';
import { abortError, withCancellableProgress } from './progress';

export type DataEvent = { reason: 'changed' } | { reason: 'deleted' } | { reason: 'error'; error: ErrorData };

const RELOAD_DEBOUNCE_MS = 300;


export class PanelData implements vscode.Disposable {
  session: DataSession | null = null;
  uri: vscode.Uri | null = null;
  /** The last evaluation on this file (export, test hook). */
  lastEvaluation: Evaluation | null = null;
  private watcher: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private reloading: AbortController | null = null;
  /** Loads started; only the newest may become the loaded file. */
  private loads = 0;
  private disposed = false;

  constructor(
    private readonly onEvent: (e: DataEvent) => void,
    private readonly liveReload: () => boolean,
  ) {}

  /** Reads and parses the file (progress notification; cancellable), and makes it the loaded one. */
  async load(uri: vscode.Uri, ref: FileRef, signal?: AbortSignal, onProgress?: (done: number, total: number) => void): Promise<DataSession> {
    const mine = ++this.loads;
    const session = await this.read(uri, ref, signal, onProgress);
    // A newer load (the user opened another file while a restore or preview was reading), or the
    // panel closed: this one must not replace that file nor start a watcher.
    if (mine !== this.loads || this.disposed) throw abortError(this.disposed ? 'the panel is closed' : 'superseded by a newer load');
    this.session = session;
    this.uri = uri;
    this.lastEvaluation = null;
    this.watch(uri);
    return session;
  }

  private read(uri: vscode.Uri, ref: FileRef, signal?: AbortSignal, onProgress?: (done: number, total: number) => void): Promise<DataSession> {
    return withCancellableProgress(`Loss Lab: reading ${ref.path}`, signal, (p) => this.readQuietly(uri, ref, p.signal, (f, m) => p.report(f, m), onProgress));
  }

  /** Reads and parses without a notification (live reloads); `report` gets the fraction done. */
  private async readQuietly(
    uri: vscode.Uri,
    ref: FileRef,
    signal: AbortSignal,
    report: (fraction: number, message?: string) => void = () => undefined,
    onProgress?: (done: number, total: number) => void,
  ): Promise<DataSession> {
    report(0, 'reading');
    const bytes = await vscode.workspace.fs.readFile(uri);
    signal.throwIfAborted();
    report(0.1, `parsing ${(bytes.length / 1e6).toFixed(1)} MB`);
    return DataSession.read(bytes, ref, {
      signal,
      onProgress: (done, total) => {
        const t = total ?? bytes.length;
        report(0.1 + 0.9 * (done / t));
        onProgress?.(done, t);
      },
    });
  }

  close(): void {
    this.stopWatching();
    this.session = null;
    this.uri = null;
    this.lastEvaluation = null;
  }

  private watch(uri: vscode.Uri): void {
    this.stopWatching();
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const pattern = folder
      ? new vscode.RelativePattern(folder, vscode.workspace.asRelativePath(uri, false))
      : new vscode.RelativePattern(vscode.Uri.joinPath(uri, '..'), uri.path.split('/').pop()!);
    const w = vscode.workspace.createFileSystemWatcher(pattern);
    // A delete is not final: writers that replace the file (write a temporary file, rename it over)
    // delete and create it. Every event waits for the debounce, then looks at what is there.
    const changed = (u: vscode.Uri): void => {
      if (u.toString() === this.uri?.toString()) this.schedule();
    };
    this.watcher = [w, w.onDidChange(changed), w.onDidCreate(changed), w.onDidDelete(changed)];
  }

  /** Debounced: a script writing a file in several chunks triggers several events. */
  private schedule(): void {
    if (!this.liveReload()) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.reload(), RELOAD_DEBOUNCE_MS);
  }

  private async reload(): Promise<void> {
    this.timer = null;
    const uri = this.uri;
    const old = this.session;
    if (!uri || !old) return;
    this.reloading?.abort();
    const controller = new AbortController();
    this.reloading = controller;
    try {
      const exists = await Promise.resolve(vscode.workspace.fs.stat(uri)).then(
        () => true,
        () => false,
      );
      if (this.uri?.toString() !== uri.toString() || controller.signal.aborted) return;
      if (!exists) {
        this.close();
        this.onEvent({ reason: 'deleted' });
        return;
      }
      // Quietly: a training script may rewrite the file every few seconds; no notification each time.
      const next = await this.readQuietly(uri, old.ref, controller.signal);
      if (this.uri?.toString() !== uri.toString() || controller.signal.aborted) return;
      this.session = old.reloaded(next);
      this.lastEvaluation = null;
      this.onEvent({ reason: 'changed' });
    } catch (e) {
      if (controller.signal.aborted) return;
      this.onEvent({ reason: 'error', error: errorData(e) });
    } finally {
      if (this.reloading === controller) this.reloading = null;
    }
  }

  private stopWatching(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.reloading?.abort();
    for (const d of this.watcher) d.dispose();
    this.watcher = [];
  }

  dispose(): void {
    this.disposed = true;
    this.close();
  }
}
