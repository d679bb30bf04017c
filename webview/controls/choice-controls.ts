/**
 * Enum hyperparameters as a select and booleans as a checkbox: native controls, so keyboard and
 * screen-reader behaviour come from the browser. Their values cannot be invalid, so they have no
 * error state beyond the shared field's.
 */
import type { CatalogParam } from '../../src/shared/catalog';
import type { ParamValueData } from '../../src/shared/state';
import { el } from '../dom';
import { field, type OnParamChange, type ParamControl } from './field';

export function enumControl(p: CatalogParam & { kind: 'enum' }, value: ParamValueData, onChange: OnParamChange): ParamControl {
  const f = field(p.name, p.name, p.doc);
  const select = el('select', { id: f.inputId, 'data-testid': `param-${p.name}`, 'aria-describedby': f.describedBy });
  for (const o of p.options) select.append(el('option', { value: o }, o));
  const show = (v: ParamValueData): void => {
    select.value = typeof v === 'string' && p.options.includes(v) ? v : p.default;
  };
  show(value);
  select.addEventListener('change', () => onChange(p.name, select.value));
  f.body.append(select);
  return { name: p.name, element: f.element, setValue: show, setHostError: (m) => f.setError(select, m) };
}

export function booleanControl(p: CatalogParam & { kind: 'boolean' }, value: ParamValueData, onChange: OnParamChange): ParamControl {
  const f = field(p.name, p.name, p.doc);
  const box = el('input', { id: f.inputId, type: 'checkbox', 'data-testid': `param-${p.name}`, 'aria-describedby': f.describedBy });
  const show = (v: ParamValueData): void => {
    box.checked = typeof v === 'boolean' ? v : p.default;
  };
  show(value);
  box.addEventListener('change', () => onChange(p.name, box.checked));
  f.body.append(box);
  f.element.classList.add('param-boolean');
  return { name: p.name, element: f.element, setValue: show, setHostError: (m) => f.setError(box, m) };
}
