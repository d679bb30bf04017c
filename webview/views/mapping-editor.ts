/**
 * The column mapping editor: for each role of the current loss, which CSV column(s) feed it.
 * Starts from the host's inference (its notes say why each column was chosen) and sends every edit
 * back as `setMapping`; "Auto-map" asks the host to infer again. Single-column roles get a select
 * (optional roles offer "none"); multi-column roles (logits, embeddings) a multi-select.
 */
import type { CatalogLoss, DatasetInfo } from '../../src/shared/protocol';
import type { MappingData } from '../../src/shared/state';
import { el, uid } from '../dom';

export class MappingEditor {
  readonly element: HTMLElement;
  private readonly rows = el('div', { class: 'mapping-rows', 'data-testid': 'mapping-editor' });
  private readonly notes = el('ul', { class: 'mapping-notes muted small', 'data-testid': 'mapping-notes' });
  private readonly problem = el('div', { class: 'notice warn', role: 'alert', 'data-testid': 'mapping-error', hidden: true });
  private readonly auto: HTMLButtonElement;

  constructor(
    private readonly onEdit: (mapping: MappingData | null) => void,
    private readonly onSwitchLoss: (id: string) => void,
  ) {
    this.auto = el('button', { type: 'button', class: 'secondary small', 'data-testid': 'mapping-auto' }, 'Auto-map');
    this.auto.addEventListener('click', () => this.onEdit(null));
    this.element = el(
      'section',
      { class: 'mapping', 'aria-label': 'Column mapping' },
      el('div', { class: 'section-head' }, el('h3', { class: 'section-title' }, 'Columns → roles'), this.auto),
      this.problem,
      this.rows,
      this.notes,
    );
  }

  show(loss: CatalogLoss, info: DatasetInfo): void {
    const mapping: MappingData = info.loss === loss.id && info.mapping ? info.mapping : {};
    this.rows.replaceChildren();
    const selects = new Map<string, HTMLSelectElement>();
    for (const role of loss.roles) {
      const id = uid(`map-${role.name}`);
      const many = role.columns === 'many';
      const select = el('select', {
        id,
        'data-testid': `mapping-${role.name}`,
        multiple: many,
        size: many ? Math.min(6, Math.max(3, info.columns.length)) : null,
        title: role.doc,
      });
      if (!many) select.append(el('option', { value: '' }, role.optional ? '(none)' : '(choose a column)'));
      const chosen = new Set(mapping[role.name] ?? []);
      for (const c of info.columns) {
        const o = el('option', { value: c }, c);
        o.selected = chosen.has(c);
        select.append(o);
      }
      if (!many && chosen.size === 0) select.value = '';
      select.addEventListener('change', () => this.onEdit(this.collect(selects)));
      selects.set(role.name, select);
      this.rows.append(
        el('div', { class: 'mapping-row' },
          el('label', { for: id }, role.name, role.optional ? el('span', { class: 'muted' }, ' (optional)') : null),
          select,
          el('div', { class: 'param-doc' }, role.doc)),
      );
    }
    this.notes.replaceChildren(...info.mappingNotes.map((n) => el('li', {}, n)));
    if (info.mappingError) {
      this.problem.replaceChildren(el('span', {}, info.mappingError));
      if (info.suggestedLoss && info.suggestedLoss !== loss.id) {
        const sw = el('button', { type: 'button', class: 'small', 'data-testid': 'mapping-switch-loss' }, `Switch to ${info.suggestedLoss}`);
        const target = info.suggestedLoss;
        sw.addEventListener('click', () => this.onSwitchLoss(target));
        this.problem.append(' ', sw);
      }
      this.problem.hidden = false;
    } else {
      this.problem.hidden = true;
    }
  }

  private collect(selects: Map<string, HTMLSelectElement>): MappingData {
    const out: Record<string, string[]> = {};
    for (const [role, s] of selects) {
      const cols = Array.from(s.selectedOptions).map((o) => o.value).filter((v) => v !== '');
      if (cols.length) out[role] = cols;
    }
    return out;
  }
}
