/**
 * Accessible tabs (WAI-ARIA tabs pattern): a tablist of buttons, arrow keys move between them,
 * each controls one panel; only the selected tab is in the tab order.
 */
import { el, uid } from './dom';

export interface TabSpec<K extends string> {
  readonly key: K;
  readonly label: string;
  readonly panel: HTMLElement;
}

export class Tabs<K extends string> {
  readonly list: HTMLElement;
  private readonly buttons = new Map<K, HTMLButtonElement>();
  private current: K;

  constructor(private readonly tabs: readonly TabSpec<K>[], initial: K, private readonly onSelect: (k: K) => void) {
    this.list = el('div', { role: 'tablist', class: 'tabs', 'aria-label': 'Views' });
    for (const t of tabs) {
      const tabId = uid(`tab-${t.key}`);
      const panelId = t.panel.id || uid(`panel-${t.key}`);
      t.panel.id = panelId;
      t.panel.setAttribute('role', 'tabpanel');
      t.panel.setAttribute('aria-labelledby', tabId);
      const b = el('button', { type: 'button', role: 'tab', id: tabId, 'aria-controls': panelId, 'data-testid': `tab-${t.key}` }, t.label);
      b.addEventListener('click', () => this.select(t.key));
      b.addEventListener('keydown', (e) => this.key(e, t.key));
      this.buttons.set(t.key, b);
      this.list.append(b);
    }
    this.current = initial;
    this.apply();
  }

  get selected(): K {
    return this.current;
  }

  select(k: K, focus = false): void {
    if (!this.buttons.has(k)) return;
    const changed = k !== this.current;
    this.current = k;
    this.apply();
    if (focus) this.buttons.get(k)!.focus();
    if (changed) this.onSelect(k);
  }

  private apply(): void {
    for (const t of this.tabs) {
      const on = t.key === this.current;
      const b = this.buttons.get(t.key)!;
      b.setAttribute('aria-selected', String(on));
      b.tabIndex = on ? 0 : -1;
      t.panel.hidden = !on;
    }
  }

  private key(e: KeyboardEvent, k: K): void {
    const keys = this.tabs.map((t) => t.key);
    const i = keys.indexOf(k);
    let next: number | null = null;
    if (e.key === 'ArrowRight') next = (i + 1) % keys.length;
    else if (e.key === 'ArrowLeft') next = (i - 1 + keys.length) % keys.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = keys.length - 1;
    if (next === null) return;
    e.preventDefault();
    this.select(keys[next]!, true);
  }
}
