/**
 * A child process spoken to in JSON lines (the check runners): started on an explicit action only,
 * killed on timeout or cancellation, its output capped so a runaway print cannot fill memory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { CheckRunError } from './check-error';

/** Output kept from a child, stdout and stderr each (a probe set's results are a few hundred kB). */
export const MAX_CHILD_OUTPUT = 16 << 20;

export interface ChildOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** What the run is, for messages ("python3 running loss.py"). */
  readonly what: string;
}

/** A running child: send a line, read the next stdout line; always `close()` it. */
export class LineChild {
  private readonly child: ChildProcess;
  private buffer = '';
  private stderr = '';
  private readonly lines: string[] = [];
  private waiting: ((line: string | null) => void) | null = null;
  private ended = false;
  private failure: CheckRunError | null = null;
  private readonly timer: NodeJS.Timeout;
  private readonly onAbort: () => void;

  constructor(private readonly opts: ChildOptions) {
    this.child = spawn(opts.command, [...opts.args], { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.on('error', (e: NodeJS.ErrnoException) => {
      this.fail(new CheckRunError('interpreter', e.code === 'ENOENT'
        ? `cannot start ${opts.command}: not found (set lossLab.pythonPath or pass --python PATH)`
        : `cannot start ${opts.command}: ${e.message}`));
    });
    this.child.stdout?.setEncoding('utf8');
    this.child.stderr?.setEncoding('utf8');
    this.child.stdout?.on('data', (chunk: string) => this.onData(chunk));
    this.child.stderr?.on('data', (chunk: string) => {
      if (this.stderr.length < MAX_CHILD_OUTPUT) this.stderr += chunk;
    });
    this.child.stdin?.on('error', () => undefined);
    this.child.on('close', () => {
      this.ended = true;
      this.flush();
    });
    this.timer = setTimeout(() => this.fail(new CheckRunError('timeout', `${opts.what} took longer than ${Math.round(opts.timeoutMs / 1000)} s and was stopped (setting lossLab.check.timeoutSeconds)`)), opts.timeoutMs);
    this.onAbort = () => this.fail(new CheckRunError('cancelled', 'check cancelled'));
    if (opts.signal?.aborted) this.onAbort();
    opts.signal?.addEventListener('abort', this.onAbort);
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    if (this.buffer.length > MAX_CHILD_OUTPUT) {
      this.fail(new CheckRunError('output', `${this.opts.what} printed more than ${MAX_CHILD_OUTPUT >> 20} MB and was stopped (does the file print at import?)`));
      return;
    }
    let i: number;
    while ((i = this.buffer.indexOf('\n')) >= 0) {
      this.lines.push(this.buffer.slice(0, i));
      this.buffer = this.buffer.slice(i + 1);
    }
    this.flush();
  }

  private flush(): void {
    if (!this.waiting) return;
    if (this.failure) return;
    const w = this.waiting;
    if (this.lines.length) {
      this.waiting = null;
      w(this.lines.shift() ?? '');
    } else if (this.ended) {
      this.waiting = null;
      w(null);
    }
  }

  private rejectWaiting: ((e: CheckRunError) => void) | null = null;

  private fail(e: CheckRunError): void {
    if (this.failure) return;
    this.failure = e;
    this.kill();
    this.rejectWaiting?.(e);
  }

  send(obj: unknown): void {
    this.child.stdin?.write(JSON.stringify(obj) + '\n');
  }

  /** The next JSON line, parsed; a child that ends without one is an error carrying its stderr. */
  async next(): Promise<unknown> {
    if (this.failure) throw this.failure;
    const line = await new Promise<string | null>((resolve, reject) => {
      this.waiting = resolve;
      this.rejectWaiting = reject;
      this.flush();
    });
    this.rejectWaiting = null;
    if (line === null) {
      const last = this.stderr.trim().split('\n').filter((l) => l.trim() !== '').pop() ?? 'no output';
      throw new CheckRunError('crashed', `${this.opts.what} ended without an answer: ${last}`);
    }
    try {
      return JSON.parse(line) as unknown;
    } catch {
      throw new CheckRunError('output', `${this.opts.what} printed something that is not the runner's answer: ${line.slice(0, 200)}`);
    }
  }

  private kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  close(): void {
    clearTimeout(this.timer);
    this.opts.signal?.removeEventListener('abort', this.onAbort);
    this.child.stdin?.end();
    this.kill();
  }
}
