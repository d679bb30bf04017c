/**
 * A number list (per-class weights): one labelled box per class, with add/remove buttons, or
 * "not set" (null: every class weighs 1). An entry out of range is refused with the reason and the
 * list in force stays unchanged until every entry is valid again.
 */
import type { CatalogParam } from '../../src/shared/catalog';
import type { ParamValueData } from '../../src/shared/state';
import { el, uid } from '../dom';
import { field, type OnParamChange, type ParamControl } from './field';
import { checkListEntry } from './validate';

type ListParam = CatalogParam & { kind: 'numberList' };

export function listControl(p: ListParam, value: ParamValueData, onChange: OnParamChange): ParamControl {
  const f = field(p.name, p.name, p.doc);
  const entries = el('div', { class: 'list-entries', role: 'group', 'aria-labelledby': f.inputId });
  // The shared field's label points at inputId: give it to the group's first focusable button.
  const add = el('button', { type: 'button', id: f.inputId, class: 'secondary', 'data-testid': `param-${p.name}` }, 'Add class');
  const clear = el('button', { type: 'button', class: 'secondary', 'data-testid': `param-${p.name}-clear` }, 'Not set');
  const status = el('span', { class: 'list-status' });
  f.body.append(entries, el('div', { class: 'list-actions' }, add, clear, status));

  let boxes: HTMLInputElement[] = [];
  const emit = (): void => {
    if (boxes.length === 0) {
      onChange(p.name, null);
      return;
    }
    for (const b of boxes) b.removeAttribute('aria-invalid');
    const values: number[] = [];
    for (let i = 0; i < boxes.length; i++) {
      const r = checkListEntry(p, i, boxes[i]!.value);
      if (!r.ok) {
        f.setError(boxes[i]!, r.reason);
        return;
      }
      values.push(r.value);
    }
    f.setError(add, null);
    onChange(p.name, values);
  };
  const rebuild = (values: readonly (number | string)[]): void => {
    entries.replaceChildren();
    boxes = values.map((v, i) => {
      const id = uid(`${p.name}-${i}`);
      const box = el('input', {
        id,
        type: 'text',
        inputmode: 'decimal',
        class: 'list-entry',
        value: String(v),
        'data-testid': `param-${p.name}-${i}`,
        'aria-describedby': f.describedBy,
      });
      box.value = String(v);
      box.addEventListener('input', emit);
      const remove = el('button', { type: 'button', class: 'icon', 'aria-label': `Remove class ${i} weight`, title: 'Remove' }, '×');
      remove.addEventListener('click', () => {
        const kept = boxes.filter((b) => b !== box).map((b) => b.value);
        rebuild(kept);
        emit();
      });
      entries.append(el('div', { class: 'list-row' }, el('label', { for: id }, `class ${i}`), box, remove));
      return box;
    });
    status.textContent = boxes.length === 0 ? 'not set: every class weighs 1' : '';
    clear.disabled = boxes.length === 0;
  };
  const show = (v: ParamValueData): void => {
    f.setError(add, null);
    rebuild(Array.isArray(v) ? v : []);
  };
  show(value);

  add.addEventListener('click', () => {
    rebuild([...boxes.map((b) => b.value), '1']);
    boxes[boxes.length - 1]!.focus();
    emit();
  });
  clear.addEventListener('click', () => {
    rebuild([]);
    f.setError(add, null);
    emit();
    add.focus();
  });
  return { name: p.name, element: f.element, setValue: show };
}
