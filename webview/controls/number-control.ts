/**
 * A scalar hyperparameter (number or integer): a slider over the spec's UI range plus a text box
 * that accepts any value in the full range (`inf` where unbounded, `none` for nullable integers).
 * Dragging the slider reports every step (the charts follow); the text box reports on each valid
 * keystroke and refuses invalid text with the reason, keeping the last valid value in force.
 */
import type { CatalogParam } from '../../src/shared/catalog';
import type { ParamValueData } from '../../src/shared/state';
import { el } from '../dom';
import { field, type OnParamChange, type ParamControl } from './field';
import { checkParamText, describeRange, paramText } from './validate';

type ScalarParam = CatalogParam & { kind: 'number' | 'integer' };

export function numberControl(p: ScalarParam, value: ParamValueData, onChange: OnParamChange): ParamControl {
  const f = field(p.name, p.name, p.doc);
  const range = describeRange(p);
  const text = el('input', {
    id: f.inputId,
    type: 'text',
    inputmode: p.kind === 'integer' ? 'numeric' : 'decimal',
    class: 'param-number',
    'data-testid': `param-${p.name}`,
    'aria-describedby': f.describedBy,
    placeholder: p.kind === 'integer' && p.nullable ? 'none' : '',
    autocomplete: 'off',
    spellcheck: 'false',
    title: range ? `${p.name}: ${range}` : p.name,
  });
  const slider = el('input', {
    type: 'range',
    class: 'param-slider',
    min: p.ui.min,
    max: p.ui.max,
    step: p.ui.step,
    'aria-label': `${p.name} slider (${p.ui.min} to ${p.ui.max})`,
    'data-testid': `param-${p.name}-slider`,
  });
  // A slider over millions of steps (an index, a cut-off k with a huge bound) helps nobody: the
  // text box alone then.
  const steps = (p.ui.max - p.ui.min) / (p.ui.step || 1);
  if (Number.isFinite(steps) && steps > 0 && steps <= 5000) f.body.append(slider);
  f.body.append(text);

  // The value in force: what the last valid input or setValue gave.
  let current = value;
  const show = (v: ParamValueData): void => {
    current = v;
    text.value = paramText(v);
    if (typeof v === 'number' && Number.isFinite(v)) slider.value = String(v);
    slider.setAttribute('aria-valuetext', v === null ? 'none' : paramText(v));
    f.setError(text, null);
  };
  show(value);

  slider.addEventListener('input', () => {
    const v = Number(slider.value);
    current = v;
    text.value = paramText(v);
    slider.setAttribute('aria-valuetext', text.value);
    f.setError(text, null);
    onChange(p.name, v);
  });
  text.addEventListener('input', () => {
    const r = checkParamText(p, text.value);
    if (!r.ok) {
      f.setError(text, r.reason);
      return;
    }
    f.setError(text, null);
    current = r.value;
    if (typeof r.value === 'number' && Number.isFinite(r.value)) slider.value = String(r.value);
    onChange(p.name, r.value);
  });
  // Leaving the box with refused text keeps the message; Escape restores the value in force.
  text.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && text.getAttribute('aria-invalid') === 'true') {
      show(current);
    }
  });

  return { name: p.name, element: f.element, setValue: show, setHostError: (m) => f.setError(text, m) };
}
