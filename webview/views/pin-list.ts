/**
 * Compare: pin the current setting (loss + hyperparameters) and overlay up to six pins on the
 * curves, each with its legend colour; remove pins one by one. Pins live in the persisted state.
 */
import { MAX_PINNED, type CatalogLoss } from '../../src/shared/protocol';
import type { ParamsData } from '../../src/shared/state';
import type { LabContext } from '../context';
import { el } from '../dom';
import { paramText } from '../controls/validate';

/**
 * "focal gamma=2, weight=1, 3": the loss id, its sweepable parameters (the ones people compare:
 * gamma, beta, delta, margin, sigma) and any other parameter that differs from its default.
 */
export function describeSetting(loss: CatalogLoss | undefined, id: string, params: ParamsData): string {
  if (!loss) return id;
  const parts: string[] = [];
  for (const p of loss.params) {
    const v = params[p.name] ?? p.default;
    const key = (p.kind === 'number' || p.kind === 'integer') && p.sweep;
    if (!key && JSON.stringify(v) === JSON.stringify(p.default)) continue;
    parts.push(`${p.name}=${paramText(v) || 'none'}`);
  }
  return parts.length ? `${id} ${parts.join(', ')}` : id;
}

export class PinList {
  readonly element: HTMLElement;
  private readonly list = el('ul', { class: 'pin-list', 'data-testid': 'pin-list', 'aria-label': 'Pinned settings' });
  private readonly pinButton: HTMLButtonElement;
  private readonly note = el('span', { class: 'muted small', 'aria-live': 'polite' });

  constructor(private readonly ctx: LabContext, private readonly changed: () => void) {
    this.pinButton = el('button', { type: 'button', 'data-testid': 'pin-current' }, 'Pin current setting');
    this.pinButton.addEventListener('click', () => this.pinCurrent());
    this.element = el(
      'section',
      { class: 'compare', 'aria-label': 'Compare' },
      el('div', { class: 'compare-head' }, el('h3', { class: 'section-title' }, 'Compare'), this.pinButton, this.note),
      this.list,
    );
  }

  render(): void {
    const s = this.ctx.store.get();
    const palette = this.ctx.palette().series;
    this.list.replaceChildren();
    const current = this.ctx.currentLoss();
    this.list.append(this.row(palette[0]!, `current: ${describeSetting(current, current.id, this.ctx.store.paramsFor(current))}`, null));
    s.pinned.forEach((pin, i) => {
      const label = pin.label ?? describeSetting(this.ctx.lossById(pin.loss), pin.loss, pin.params);
      this.list.append(this.row(palette[(i + 1) % palette.length]!, label, i));
    });
    const full = s.pinned.length >= MAX_PINNED;
    this.pinButton.disabled = full;
    this.note.textContent = full ? `At most ${MAX_PINNED} pins: remove one to pin another.` : '';
  }

  private row(color: string, label: string, index: number | null): HTMLLIElement {
    const swatch = el('span', { class: 'swatch', 'aria-hidden': 'true' });
    // CSSOM, not a style attribute: allowed under the panel's CSP.
    swatch.style.backgroundColor = color;
    const li = el('li', { 'data-testid': index === null ? 'pin-current-row' : `pin-${index}` }, swatch, el('span', { class: 'pin-label' }, label));
    if (index !== null) {
      const remove = el('button', { type: 'button', class: 'icon', 'aria-label': `Remove pin ${index + 1}: ${label}`, title: 'Remove pin', 'data-testid': `pin-remove-${index}` }, '×');
      remove.addEventListener('click', () => {
        this.ctx.store.removePin(index);
        this.changed();
      });
      li.append(remove);
    }
    return li;
  }

  private pinCurrent(): void {
    const loss = this.ctx.currentLoss();
    const params = this.ctx.store.paramsFor(loss);
    if (this.ctx.store.addPin({ loss: loss.id, params: { ...params }, label: describeSetting(loss, loss.id, params) })) this.changed();
  }
}
