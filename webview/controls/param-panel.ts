/**
 * The hyperparameter section for the selected loss: one control per catalog parameter, plus the
 * reduction select. Rebuilt when the loss changes; values set from outside (restore, Apply
 * suggested weights, a host `param_error`) go through `setValue` / `showHostError`.
 */
import type { CatalogLoss, ReductionId } from '../../src/shared/protocol';
import type { ParamsData, ParamValueData } from '../../src/shared/state';
import { el, uid } from '../dom';
import type { ParamControl } from './field';
import { paramControl } from './param-control';

export interface ParamPanel {
  readonly element: HTMLElement;
  show(loss: CatalogLoss, params: ParamsData, reduction: ReductionId): void;
  setValue(name: string, value: ParamValueData): void;
  /**
   * Shows a host-side refusal of a parameter (an error naming `param`) at its control, or under
   * the panel when no control has that name.
   */
  showHostError(param: string, message: string): void;
  /** Clears the host's refusals (the settings changed: they were about the previous ones). */
  clearHostErrors(): void;
}

const REDUCTION_HELP: Readonly<Record<ReductionId, string>> = {
  mean: 'mean: the average over samples (the convention below says what it divides by)',
  sum: 'sum: the total over samples',
  none: 'none: no reduction; the panel shows per-sample values and their mean',
};

export function paramPanel(
  onParam: (name: string, value: ParamValueData) => void,
  onReduction: (r: ReductionId) => void,
): ParamPanel {
  const list = el('div', { class: 'param-list', 'data-testid': 'param-list' });
  const reductionId = uid('reduction');
  const reduction = el('select', { id: reductionId, 'data-testid': 'reduction' });
  const reductionHelp = el('div', { class: 'param-doc', id: uid('reduction-doc') });
  reduction.setAttribute('aria-describedby', reductionHelp.id);
  const hostError = el('div', { class: 'param-error host', role: 'alert', 'data-testid': 'param-host-error', hidden: true });
  let controls = new Map<string, ParamControl>();
  const refused = new Set<string>();

  reduction.addEventListener('change', () => {
    const r = reduction.value as ReductionId;
    reductionHelp.textContent = REDUCTION_HELP[r] ?? '';
    onReduction(r);
  });

  const headingId = uid('params-h');
  const element = el(
    'section',
    { class: 'params', 'aria-labelledby': headingId },
    el('h3', { class: 'section-title', id: headingId }, 'Hyperparameters'),
    list,
    el('div', { class: 'param' }, el('label', { for: reductionId, class: 'param-label' }, 'reduction'), reduction, reductionHelp),
    hostError,
  );

  return {
    element,
    show(loss, params, red) {
      controls = new Map();
      list.replaceChildren();
      if (loss.params.length === 0) list.append(el('p', { class: 'muted', 'data-testid': 'no-params' }, `${loss.id} has no hyperparameters.`));
      for (const p of loss.params) {
        const c = paramControl(p, params[p.name] ?? p.default, onParam);
        controls.set(p.name, c);
        list.append(c.element);
      }
      reduction.replaceChildren(...loss.reductions.map((r) => el('option', { value: r }, r)));
      reduction.value = loss.reductions.includes(red) ? red : loss.defaultReduction;
      reductionHelp.textContent = REDUCTION_HELP[reduction.value as ReductionId] ?? '';
      hostError.hidden = true;
      refused.clear();
    },
    setValue(name, value) {
      controls.get(name)?.setValue(value);
    },
    showHostError(param, message) {
      const c = controls.get(param);
      if (c) {
        c.setHostError(message);
        refused.add(param);
      } else {
        hostError.hidden = false;
        hostError.textContent = message;
      }
    },
    clearHostErrors() {
      for (const name of refused) controls.get(name)?.setHostError(null);
      refused.clear();
      hostError.hidden = true;
      hostError.textContent = '';
    },
  };
}
