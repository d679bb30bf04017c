/** The shape of a `loss-lab` subcommand; `src/cli.ts` holds the table of them. */
export interface CliIo {
  /** Writes to stdout, waiting when the pipe is full; bytes may be reused once it resolves (see JsonOut). */
  readonly out: (chunk: string | Uint8Array) => Promise<void>;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface Command {
  readonly name: string;
  /** One line for `loss-lab --help`. */
  readonly summary: string;
  /**
   * Runs with the arguments after the subcommand name (its own `--help` included); may return the
   * exit status (`check`: 3 on a mismatch), else 0.
   */
  readonly run: (argv: readonly string[], io: CliIo) => Promise<void | number>;
}
