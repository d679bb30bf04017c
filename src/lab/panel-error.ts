/** An error the panel reports with a specific protocol code (forbidden_path, no_data, ...). */
import type { ErrorCode, ErrorData } from '../shared/protocol';

export class PanelError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly location?: ErrorData['location'],
  ) {
    super(message);
    this.name = 'PanelError';
  }
}
