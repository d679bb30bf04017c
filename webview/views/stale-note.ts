/**
 * "These figures are for earlier settings": shown above results that stay on screen when the
 * evaluation for the current settings did not arrive (cancelled, no answer), saying what differs
 * (loss, reduction, hyperparameters, or an earlier version of the file) and offering to evaluate
 * again. The results are never left looking current.
 */
import type { ParamsData } from '../../src/shared/state';
import { el } from '../dom';
import { paramText } from '../controls/validate';

/** What an evaluation was asked for. `mapping` as JSON; `version` counts the file versions the view was told of. */
export interface AskedFor {
  readonly loss: string;
  readonly reduction: string;
  readonly params: ParamsData;
  readonly mapping: string;
  readonly version: number;
}

/** What differs between the settings of the figures on screen and the current ones, in words. */
export function settingsDiff(shown: AskedFor, now: AskedFor): string[] {
  const out: string[] = [];
  if (shown.loss !== now.loss) out.push(`loss ${shown.loss} → ${now.loss}`);
  if (shown.reduction !== now.reduction) out.push(`reduction ${shown.reduction} → ${now.reduction}`);
  if (shown.loss === now.loss) {
    for (const k of new Set([...Object.keys(shown.params), ...Object.keys(now.params)])) {
      const a = shown.params[k];
      const b = now.params[k];
      if (JSON.stringify(a ?? null) !== JSON.stringify(b ?? null)) out.push(`${k} ${paramText(a ?? null) || 'none'} → ${paramText(b ?? null) || 'none'}`);
    }
  }
  if (shown.loss === now.loss && shown.mapping !== now.mapping) out.push('another column mapping');
  if (shown.version !== now.version) out.push('an earlier version of the file');
  return out;
}

export class StaleNote {
  readonly element: HTMLElement;
  private readonly text = el('span', { 'data-testid': 'data-stale-text' });
  private readonly retry = el('button', { type: 'button', class: 'secondary small', 'data-testid': 'data-stale-retry' }, 'Evaluate again');

  constructor(onRetry: () => void) {
    this.retry.addEventListener('click', onRetry);
    this.element = el('div', { class: 'notice warn stale', role: 'status', 'data-testid': 'data-stale', hidden: true }, this.text, ' ', this.retry);
  }

  /** Says the figures on screen (asked for `shown`) are not of `now`, and why the newer ones are missing. */
  show(shown: AskedFor, now: AskedFor, why: string): void {
    const diff = settingsDiff(shown, now);
    this.text.textContent = diff.length
      ? `These figures are for earlier settings (${diff.join('; ')}): ${why}.`
      : `These figures may be out of date: ${why}.`;
    this.element.hidden = false;
  }

  hide(): void {
    this.element.hidden = true;
  }

  get shown(): boolean {
    return !this.element.hidden;
  }
}
