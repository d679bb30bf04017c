/**
 * Messages shown in place of (or above) a chart: host errors with their file location, progress,
 * and notes. An error never leaves a blank chart: the view shows this box, naming the file, line
 * and column when the host gave them ("data.csv:14:3: y_pred is not a number").
 */
import type { ErrorData } from '../../src/shared/protocol';
import { el, replaceChildren } from '../dom';

export function locationText(e: ErrorData): string | null {
  const loc = e.location;
  if (!loc) return null;
  let s = loc.file;
  if (loc.line !== undefined) s += `:${loc.line}`;
  if (loc.line !== undefined && loc.column !== undefined) s += `:${loc.column}`;
  return s;
}

const TITLES: Partial<Record<ErrorData['code'], string>> = {
  data_error: 'The CSV could not be read',
  mapping_error: 'The columns do not fit this loss',
  input_error: 'The data does not fit this loss',
  param_error: 'A hyperparameter was refused',
  forbidden_path: 'That file cannot be opened',
  not_found: 'File not found',
  no_data: 'No data loaded',
  bad_message: 'The host refused a request',
  unavailable: 'Not available',
  timeout: 'No answer from the extension',
  internal: 'Something went wrong',
};

export class Notice {
  readonly element: HTMLElement;

  constructor(testId: string) {
    this.element = el('div', { class: 'notice', 'data-testid': testId, hidden: true });
  }

  error(e: ErrorData): void {
    const where = locationText(e);
    this.element.className = 'notice error';
    this.element.setAttribute('role', 'alert');
    replaceChildren(
      this.element,
      el('strong', { class: 'notice-title' }, TITLES[e.code] ?? 'Error'),
      el(
        'div',
        { class: 'notice-body' },
        where ? el('code', { class: 'notice-location', 'data-testid': 'error-location' }, where) : null,
        where ? ': ' : null,
        el('span', { 'data-testid': 'error-message' }, e.message),
      ),
    );
    this.element.hidden = false;
  }

  info(text: string, kind: 'info' | 'warn' = 'info'): void {
    this.element.className = `notice ${kind}`;
    this.element.setAttribute('role', kind === 'warn' ? 'alert' : 'status');
    replaceChildren(this.element, text);
    this.element.hidden = false;
  }

  clear(): void {
    this.element.hidden = true;
    this.element.replaceChildren();
  }
}
