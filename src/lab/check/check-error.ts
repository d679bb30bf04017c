/**
 * Why the user's code could not be checked: one clear message (no stack trace), with the place in
 * the user's file when there is one. The CLI prints it as its one stderr line (exit 2); the panel
 * shows it in the Check view.
 */
export type CheckRunErrorKind =
  | 'interpreter' | 'file' | 'syntax' | 'symbol' | 'import' | 'raised' | 'type' | 'shape'
  | 'timeout' | 'cancelled' | 'output' | 'crashed' | 'language' | 'bundle';

export interface CheckRunErrorDetails {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly candidates?: readonly string[];
  readonly module?: string;
  readonly interpreter?: string;
  readonly install?: string;
}

export class CheckRunError extends Error {
  constructor(
    readonly kind: CheckRunErrorKind,
    message: string,
    readonly details: CheckRunErrorDetails = {},
  ) {
    super(message);
    this.name = 'CheckRunError';
  }
}
