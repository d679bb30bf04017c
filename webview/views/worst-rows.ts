/**
 * The table of the worst rows (largest per-sample loss). Each row is a button-like row: click or
 * Enter asks the host to reveal that line of the CSV in an editor.
 */
import type { WorstRow } from '../../src/shared/protocol';
import { el, fmt } from '../dom';

export class WorstRows {
  readonly element: HTMLElement;
  private readonly table = el('table', { class: 'worst', 'data-testid': 'worst-rows' });

  constructor(private readonly reveal: (line: number) => void) {
    this.element = el(
      'section',
      { class: 'worst-section', 'aria-label': 'Worst rows' },
      el('h3', { class: 'section-title' }, 'Worst rows'),
      el('p', { class: 'muted small' }, 'Click a row (or focus it and press Enter) to show it in the CSV.'),
      el('div', { class: 'table-scroll' }, this.table),
    );
  }

  show(rows: readonly WorstRow[], variableLabel: string): void {
    const cellNames: string[] = [];
    for (const r of rows) for (const k of Object.keys(r.cells)) if (!cellNames.includes(k) && cellNames.length < 12) cellNames.push(k);
    const head = el('tr', {},
      el('th', { scope: 'col' }, 'line'),
      el('th', { scope: 'col' }, 'unit'),
      el('th', { scope: 'col', class: 'num' }, 'loss'),
      el('th', { scope: 'col', class: 'num' }, variableLabel),
      ...cellNames.map((c) => el('th', { scope: 'col', class: 'num' }, c)));
    const body = el('tbody');
    rows.forEach((r, i) => {
      const tr = el('tr', { 'data-testid': `worst-row-${i}`, 'data-line': r.line ?? '' },
        el('td', {}, r.line === null ? '—' : String(r.line)),
        el('td', {}, r.label),
        el('td', { class: 'num' }, fmt(r.loss)),
        el('td', { class: 'num' }, fmt(r.variable)),
        ...cellNames.map((c) => el('td', { class: 'num' }, cellText(r.cells[c]))));
      if (r.line !== null) {
        const line = r.line;
        tr.tabIndex = 0;
        tr.classList.add('clickable');
        tr.setAttribute('aria-label', `Show line ${line} in the CSV (loss ${fmt(r.loss)})`);
        tr.addEventListener('click', () => this.reveal(line));
        tr.addEventListener('keydown', (e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            this.reveal(line);
          }
        });
      }
      body.append(tr);
    });
    this.table.replaceChildren(el('thead', {}, head), body);
  }
}

/** A CSV cell as read: whole numbers exactly (query ids, labels, grades), others to fmt's precision. */
function cellText(x: number | undefined): string {
  return x !== undefined && Number.isInteger(x) && Math.abs(x) < 1e15 ? String(x) : fmt(x);
}
