/**
 * The panel's loaded file on the host side: reading it through `vscode.workspace.fs` with progress
 * in a cancellable notification, and live reload: a FileSystemWatcher on the file re-reads it
 * (debounced) when a training script rewrites it, keeping the user's explicit column mappings.
 *
 * The watcher watches the file's folder for the file's name, so it outlives the file: a file
 * deleted and created again, however much later, is read again. While the file is gone, or after
 * a re-read failed (the file on disk is broken), `usable()` refuses with why: the panel must not
 * show figures of a version of the file that is no longer on disk.
 */
import * as vscode from 'vscode';
import { readChunks } from '../data/read-chunks';
import type { ErrorData } from '../shared/protocol';
import { DataSession, type Evaluation, type FileRef } from '../lab/data-session';
import { errorData } from '../lab/error-data';
import { PanelError } from '../lab/panel-error';
import { abortError, withCancellableProgress } from './progress';

export type DataEvent = { reason: 'changed' } | { reason: 'deleted' } | { reason: 'error'; error: ErrorData };

const RELOAD_DEBOUNCE_MS = 300;

/**
 * The glob for one file name in its folder: the name itself, or `*` (events are filtered by Uri
 * anyway) when the name holds glob syntax (`[`, `*`, `?`, `{`) that would make it match others.
 */
export function nameGlob(name: string): string {
  return /[[\]*?{}]/.test(name) ? '*' : name;
}

export class PanelData implements vscode.Disposable {
  session: DataSession | null = null;
  uri: vscode.Uri | null = null;
  /** Why the loaded file cannot be used now (its re-read failed), or null. */
  broken: ErrorData | null = null;
  /** The session of a file that was deleted (kept for its explicit mappings, until it is back). */
  private gone: DataSession | null = null;
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
    this.broken = null;
    this.gone = null;
    this.watch(uri);
    return session;
  }

  /**
   * The loaded session, or an error saying why there is none to compute on: nothing loaded, the
   * file was deleted, or its last re-read failed (then the error of that read, with its place).
   */
  usable(): DataSession {
    if (this.broken) {
      const b = this.broken;
      throw new PanelError(b.code, `${b.message} (the file changed on disk and cannot be read; it is read again when it changes, and no figures of its previous version are shown)`, b.location);
    }
    if (this.gone) throw new PanelError('no_data', `${this.gone.ref.path} was deleted: it is read again when it comes back, or open another file`);
    if (!this.session) throw new PanelError('no_data', 'no CSV is loaded: pick one first');
    return this.session;
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
    if (uri.scheme === 'file') {
      // Streamed from disk through one reused buffer: the file is never held whole (a 1 GB CSV
      // would be 1 GB on top of its columns), and each chunk's read yields the event loop.
      const size = (await vscode.workspace.fs.stat(uri)).size;
      signal.throwIfAborted();
      report(0, `reading ${(size / 1e6).toFixed(1)} MB`);
      // Chunks are 1 MB: progress goes out at every half per cent, not a thousand times.
      let told = 0;
      return DataSession.read(readChunks(uri.fsPath), ref, {
        signal,
        bytesTotal: size,
        onProgress: (done) => {
          if (done - told < size / 200 && done < size) return;
          told = done;
          report(done / Math.max(1, size));
          onProgress?.(done, size);
        },
      });
    }
    // Other file systems (remote, virtual) are read whole through VS Code.
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
    this.gone = null;
    this.broken = null;
    this.uri = null;
    this.lastEvaluation = null;
  }

  private watch(uri: vscode.Uri): void {
    this.stopWatching();
    // The folder, for this name: a watcher on the file itself (or a workspace pattern naming it)
    // could stop at its deletion; the folder's lasts as long as the folder.
    const pattern = new vscode.RelativePattern(vscode.Uri.joinPath(uri, '..'), nameGlob(uri.path.split('/').pop()!));
    const w = vscode.workspace.createFileSystemWatcher(pattern);
    // A delete is not final: writers that replace the file (write a temporary file, rename it over)
    // delete and create it, and a file deleted for good may come back much later. Every event waits
    // for the debounce, then looks at what is there.
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
    // The file's last session: its explicit mappings carry over to the re-read.
    const base = this.session ?? this.gone;
    if (!uri || !base) return;
    this.reloading?.abort();
    const controller = new AbortController();
    this.reloading = controller;
    const current = () => this.uri?.toString() === uri.toString() && !controller.signal.aborted;
    try {
      const exists = await Promise.resolve(vscode.workspace.fs.stat(uri)).then(
        () => true,
        () => false,
      );
      if (!current()) return;
      if (!exists) {
        // Keep watching: the file may come back. Announce the loss once.
        if (this.gone) return;
        this.gone = base;
        this.session = null;
        this.broken = null;
        this.lastEvaluation = null;
        this.onEvent({ reason: 'deleted' });
        return;
      }
      // Quietly: a training script may rewrite the file every few seconds; no notification each time.
      const next = await this.readQuietly(uri, base.ref, controller.signal);
      if (!current()) return;
      this.session = base.reloaded(next);
      this.gone = null;
      this.broken = null;
      this.lastEvaluation = null;
      this.onEvent({ reason: 'changed' });
    } catch (e) {
      if (controller.signal.aborted) return;
      // The session stays for its mappings, but `usable()` refuses until a good re-read.
      this.broken = errorData(e);
      this.lastEvaluation = null;
      this.onEvent({ reason: 'error', error: this.broken });
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
