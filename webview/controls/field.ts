/**
 * The frame every hyperparameter control shares: a label bound to the input, the parameter's doc
 * as its description, and an error line that states why a value was refused (aria-invalid on the
 * input, the message linked with aria-describedby and announced politely).
 */
import type { ParamValueData } from '../../src/shared/state';
import { el, uid } from '../dom';

export type OnParamChange = (name: string, value: ParamValueData) => void;

export interface ParamControl {
  readonly name: string;
  readonly element: HTMLElement;
  /** Shows a value set from outside (state restore, Apply suggested weights) without firing onChange. */
  setValue(value: ParamValueData): void;
  /** Shows (or with null clears) the host's refusal of this parameter's value at the control. */
  setHostError(message: string | null): void;
}

export interface Field {
  readonly element: HTMLElement;
  readonly inputId: string;
  readonly describedBy: string;
  /** Where the control's inputs go. */
  readonly body: HTMLElement;
  /** Shows `reason` as the error (and marks `input` invalid), or clears it when null. */
  setError(input: HTMLElement, reason: string | null): void;
}

export function field(name: string, labelText: string, doc: string): Field {
  const inputId = uid(`param-${name}`);
  const docId = uid(`param-${name}-doc`);
  const errorId = uid(`param-${name}-error`);
  const error = el('div', { id: errorId, class: 'param-error', role: 'alert', 'data-testid': `param-${name}-error`, hidden: true });
  const body = el('div', { class: 'param-inputs' });
  const element = el(
    'div',
    { class: 'param', 'data-testid': `param-row-${name}`, 'data-param': name },
    el('label', { for: inputId, class: 'param-label' }, labelText),
    body,
    el('div', { id: docId, class: 'param-doc' }, doc),
    error,
  );
  return {
    element,
    inputId,
    describedBy: `${docId} ${errorId}`,
    body,
    setError(input, reason) {
      if (reason === null) {
        input.removeAttribute('aria-invalid');
        error.hidden = true;
        error.textContent = '';
        element.classList.remove('invalid');
      } else {
        input.setAttribute('aria-invalid', 'true');
        error.hidden = false;
        error.textContent = reason;
        element.classList.add('invalid');
      }
    },
  };
}
