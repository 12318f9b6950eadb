/** The search box: full-text (CJK) results as you type; arrows move, Enter opens, Escape closes. */
import { api, enc, type SearchResponse, type SearchResult } from './api.ts';
import { h } from './dom.ts';
import { t, typeName } from './i18n.ts';

/** The search box: full-text results as the user types, chosen with the arrows and Enter or a click. */
export function searchBox(onPick: (r: SearchResult) => void): HTMLElement {
  const input = h('input', { type: 'search', placeholder: t('search'), 'aria-label': t('search'), 'data-testid': 'search', autocomplete: 'off' });
  const list = h('ul', { class: 'results', role: 'listbox', hidden: true, 'data-testid': 'search-results' });
  let results: SearchResult[] = [];
  let active = -1;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let seq = 0;

  const render = () => {
    list.hidden = false;
    if (results.length === 0) {
      list.replaceChildren(h('li', { class: 'muted' }, t('search.none')));
      return;
    }
    list.replaceChildren(
      ...results.map((r, i) =>
        h(
          'li',
          {
            role: 'option',
            'aria-selected': i === active ? 'true' : 'false',
            class: i === active ? 'active' : '',
            onmousedown: (e: Event) => (e.preventDefault(), pick(i)),
          },
          h('span', { class: 'name' }, r.name),
          h('span', { class: 'muted' }, ` ${typeName(r.label)}${r.context ? ' · ' + r.context : ''}`),
        ),
      ),
    );
  };
  const pick = (i: number) => {
    const r = results[i];
    if (!r) return;
    list.hidden = true;
    input.value = r.name;
    onPick(r);
  };
  /** Asks the API; an answer overtaken by a newer question is dropped. */
  const lookUp = async (q: string) => {
    const mine = ++seq;
    const r = await api<SearchResponse>(`/api/search?q=${enc(q)}&limit=12`).catch(() => ({ results: [] }));
    if (mine !== seq) return;
    results = r.results;
    active = results.length ? 0 : -1;
    render();
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) {
      list.hidden = true;
      return;
    }
    timer = setTimeout(() => void lookUp(q), 200);
  });
  input.addEventListener('keydown', (e) => {
    if (list.hidden) return;
    if (e.key === 'ArrowDown') active = Math.min(results.length - 1, active + 1);
    else if (e.key === 'ArrowUp') active = Math.max(0, active - 1);
    else if (e.key === 'Enter') return pick(active);
    else if (e.key === 'Escape') {
      list.hidden = true;
      return;
    } else return;
    e.preventDefault();
    render();
  });
  input.addEventListener('blur', () => setTimeout(() => (list.hidden = true), 150));
  return h('div', { class: 'search' }, input, list);
}
