/**
 * The loss picker: a search box narrowing a native select grouped by family (optgroups), and a
 * card with the chosen loss's title, id, formula (typeset as math), doc, reference and convention,
 * all from the catalog. A native select keeps keyboard and screen-reader behaviour standard; its
 * entries are the titles alone (with the id they did not fit the sidebar and were cut off), and the
 * chosen loss's id has its own line under it, in full.
 */
import type { Catalog, CatalogLoss } from '../../src/shared/protocol';
import { el, replaceChildren, uid } from '../dom';
import { renderMath } from '../math';

export interface LossPicker {
  /** Search, select, and the chosen loss's title and formula. */
  readonly element: HTMLElement;
  /** The chosen loss's doc, reference and convention (placed below the hyperparameters). */
  readonly about: HTMLElement;
  select(id: string): void;
}

function matches(l: CatalogLoss, q: string): boolean {
  if (q === '') return true;
  const hay = `${l.id} ${l.title} ${l.family} ${l.reference} ${l.doc}`.toLowerCase();
  return q.split(/\s+/).every((w) => hay.includes(w));
}

export function lossPicker(catalog: Catalog, initial: string, onPick: (id: string) => void): LossPicker {
  const byId = new Map(catalog.losses.map((l) => [l.id, l]));
  const searchId = uid('loss-search');
  const selectId = uid('loss-select');
  const search = el('input', {
    id: searchId,
    type: 'search',
    placeholder: 'Filter losses (name, family, torch class)…',
    'data-testid': 'loss-search',
    autocomplete: 'off',
    spellcheck: 'false',
  });
  const select = el('select', { id: selectId, 'data-testid': 'loss-picker' });
  const count = el('div', { class: 'picker-count', 'aria-live': 'polite', 'data-testid': 'loss-search-count' });
  const card = el('div', { class: 'loss-card', 'data-testid': 'loss-card' });
  // The id in full, on its own line: what the CLI, snippets and settings call the loss.
  const idLine = el('div', { class: 'loss-id' });
  const aboutBody = el('div', { class: 'loss-about-body' });
  // Open where there is room; in a narrow panel the charts matter more than the prose.
  const about = el('details', { class: 'loss-about', open: window.matchMedia('(min-width: 700px)').matches }, el('summary', {}, 'About this loss'), aboutBody);
  let current = initial;

  const fill = (): void => {
    const q = search.value.trim().toLowerCase();
    select.replaceChildren();
    let shown = 0;
    for (const fam of catalog.families) {
      const losses = fam.losses.map((id) => byId.get(id)).filter((l): l is CatalogLoss => !!l && matches(l, q));
      // The current loss stays listed so the select never shows something other than what is active.
      if (q !== '' && !losses.some((l) => l.id === current) && byId.get(current)?.family === fam.family) {
        losses.unshift(byId.get(current)!);
      }
      if (losses.length === 0) continue;
      const group = el('optgroup', { label: fam.title });
      for (const l of losses) {
        group.append(el('option', { value: l.id, title: l.id, 'data-testid': `loss-option-${l.id}` }, l.title));
        if (l.id !== current || matches(l, q)) shown += 1;
      }
      select.append(group);
    }
    select.value = current;
    count.textContent = q === '' ? `${catalog.losses.length} losses` : `${shown} of ${catalog.losses.length} losses match`;
  };

  const describe = (l: CatalogLoss | undefined): void => {
    idLine.replaceChildren(...(l ? [el('span', { class: 'muted' }, 'id '), el('code', { 'data-testid': 'loss-id' }, l.id)] : []));
    if (!l) {
      replaceChildren(card, el('p', {}, 'No loss selected.'));
      replaceChildren(aboutBody);
      return;
    }
    const formula = el('div', { class: 'loss-formula', 'data-testid': 'loss-formula', title: l.formula });
    formula.dataset['typeset'] = String(renderMath(formula, l.tex, l.formula));
    replaceChildren(
      card,
      el('h2', { class: 'loss-title', 'data-testid': 'loss-title' }, l.title),
      formula,
    );
    replaceChildren(
      aboutBody,
      el('p', { class: 'loss-doc', 'data-testid': 'loss-doc' }, l.doc),
      el('p', { class: 'loss-formula-text' }, el('span', { class: 'muted' }, 'As text: '), el('code', { 'data-testid': 'loss-formula-text' }, l.formula)),
      el('p', { class: 'loss-ref' }, el('span', { class: 'muted' }, 'Matches '), el('code', {}, l.reference)),
      l.convention ? el('p', { class: 'loss-convention muted' }, l.convention) : null,
    );
  };

  search.addEventListener('input', fill);
  // Enter in the search box picks the first match: quick keyboard selection.
  search.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    const q = search.value.trim().toLowerCase();
    const first = catalog.families.flatMap((f) => f.losses).map((id) => byId.get(id)).find((l) => l && matches(l, q));
    if (first && first.id !== current) {
      current = first.id;
      fill();
      describe(first);
      onPick(first.id);
    }
  });
  select.addEventListener('change', () => {
    if (select.value === current) return;
    current = select.value;
    describe(byId.get(current));
    onPick(current);
  });

  fill();
  describe(byId.get(current));
  const element = el(
    'section',
    { class: 'loss-picker', 'aria-label': 'Loss' },
    el('label', { for: searchId, class: 'visually-hidden' }, 'Filter losses'),
    search,
    count,
    el('label', { for: selectId, class: 'field-label' }, 'Loss'),
    select,
    idLine,
    card,
  );
  return {
    element,
    about,
    select(id) {
      current = id;
      fill();
      describe(byId.get(id));
    },
  };
}
