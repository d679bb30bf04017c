/**
 * A number list (per-class weights) as its help describes it: one text box of comma-separated
 * values, one per class, as the CLI takes them (`--param weight=1,2,1.5`); empty or `none` means not
 * set (every class weighs 1). Below it a status, not a button, says what is in force ("not set",
 * or each class's weight), and Clear appears only when something can be cleared. An entry out of
 * range is refused with the reason and the list in force stays until the text is valid again.
 */
import type { CatalogParam } from '../../src/shared/catalog';
import type { ParamValueData } from '../../src/shared/state';
import { el } from '../dom';
import { field, type OnParamChange, type ParamControl } from './field';
import { checkParamText, paramText } from './validate';

type ListParam = CatalogParam & { kind: 'numberList' };

/** What the status line says for a list in force. */
export function listStatus(v: ParamValueData): string {
  if (!Array.isArray(v) || v.length === 0) return 'Not set: every class weighs 1.';
  const shown = v.slice(0, 12).map((x, i) => `class ${i} = ${x}`).join(' · ');
  return `${v.length} class${v.length === 1 ? '' : 'es'}: ${shown}${v.length > 12 ? ' · …' : ''}`;
}

export function listControl(p: ListParam, value: ParamValueData, onChange: OnParamChange): ParamControl {
  const f = field(p.name, p.name, p.doc);
  const text = el('input', {
    id: f.inputId,
    type: 'text',
    inputmode: 'decimal',
    class: 'param-list-text',
    placeholder: 'not set (e.g. 1, 2.5, 1)',
    autocomplete: 'off',
    spellcheck: 'false',
    'data-testid': `param-${p.name}`,
    'aria-describedby': f.describedBy,
  });
  const clear = el('button', { type: 'button', class: 'secondary small', 'data-testid': `param-${p.name}-clear`, title: `Unset ${p.name}: every class weighs 1` }, 'Clear');
  const status = el('div', { class: 'list-status', role: 'status', 'data-testid': `param-${p.name}-status` });
  f.body.append(el('div', { class: 'list-line' }, text, clear), status);

  // The list in force: what the last valid text or setValue gave.
  let current: ParamValueData = value;
  const inForce = (v: ParamValueData): void => {
    current = v;
    status.textContent = listStatus(v);
    status.classList.toggle('unset', !Array.isArray(v));
    clear.hidden = !Array.isArray(v) && text.value.trim() === '';
  };
  const show = (v: ParamValueData): void => {
    text.value = paramText(v);
    f.setError(text, null);
    inForce(v);
  };
  show(value);

  text.addEventListener('input', () => {
    const r = checkParamText(p, text.value);
    clear.hidden = text.value.trim() === '' && !Array.isArray(current);
    if (!r.ok) {
      f.setError(text, r.reason);
      return;
    }
    f.setError(text, null);
    inForce(r.value);
    onChange(p.name, r.value);
  });
  // Escape restores the list in force after refused text.
  text.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && text.getAttribute('aria-invalid') === 'true') show(current);
  });
  clear.addEventListener('click', () => {
    show(null);
    onChange(p.name, null);
    text.focus();
  });
  return { name: p.name, element: f.element, setValue: show, setHostError: (m) => f.setError(text, m) };
}
