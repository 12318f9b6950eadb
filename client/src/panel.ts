/** The details panel: a node's facts, its source lines as printed, its neighbours, and what can be done with it. */
import { ApiError, api, enc, fetchFile, type NodeDetails } from './api.ts';
import { download, h } from './dom.ts';
import type { GraphView } from './graph.ts';
import { t, tf, typeName } from './i18n.ts';
import { showPdfPlace } from './pdf-page.ts';
import { fieldName, fieldValue, relationName } from './analyses/words.ts';

const SHOWN = ['kind', 'seq', 'number', 'bureau', 'code', 'mission', 'remarks', 'type', 'vacant', 'unplaced'];

/** A link that downloads the document as it was imported, from the document store. */
function originalLink(documentId: string, name: string): HTMLElement {
  const link = h('a', { href: '#', 'data-testid': 'details-original', title: name }, `(${t('original')})`);
  link.addEventListener('click', (e) => {
    e.preventDefault();
    fetchFile(`/api/documents/${enc(documentId)}/original`).then(
      (blob) => download(blob, name),
      (err: unknown) => (link.textContent = `(${err instanceof ApiError ? err.message : String(err)})`),
    );
  });
  return link;
}

/** For a fact read from a PDF: a button that draws its page with the cell outlined. */
function pdfPlace(source: NonNullable<NodeDetails['source']>): HTMLElement | null {
  const { page, box, documentId } = source;
  if (page === null || box === null) return null;
  const view = h('div', { class: 'pdf-view' });
  const button = h('button', { type: 'button', 'data-testid': 'show-pdf-page' }, tf('pdf.show', page));
  button.addEventListener('click', () => {
    button.disabled = true;
    view.replaceChildren(h('p', { class: 'muted' }, t('loading')));
    showPdfPlace(view, documentId, page, box).catch((err: unknown) => {
      view.replaceChildren(h('p', { class: 'error' }, err instanceof ApiError ? err.message : String(err)));
      button.disabled = false;
    });
  });
  return h('div', {}, button, view);
}

/** The graph canvas as the panel sees it: whether a view shows it now, and the canvas, loaded on first use. */
export interface Canvas {
  shown(): boolean;
  load(): Promise<GraphView>;
}

/** The details of the clicked node: its properties, its source document and lines, its neighbours. */
export class DetailsPanel {
  constructor(
    private root: HTMLElement,
    private canvas: Canvas,
  ) {}

  close(): void {
    this.root.hidden = true;
    this.root.replaceChildren();
  }

  async open(id: string): Promise<void> {
    this.root.hidden = false;
    this.root.replaceChildren(h('p', { class: 'muted' }, t('loading')));
    const d = await api<NodeDetails>(`/api/nodes/${enc(id)}`);
    const facts = SHOWN.filter((k) => d.props[k] !== undefined && d.props[k] !== null && d.props[k] !== '').map((k) =>
      h('li', { 'data-field': k }, h('b', {}, `${fieldName(k)}${t('colon')}`), fieldValue(k, d.props[k])),
    );
    const src = d.source
      ? h(
          'section',
          { 'data-testid': 'details-source' },
          h(
            'h4',
            {},
            d.source.place
              ? `${t('source')}: ${d.source.document} ${d.source.place} `
              : `${t('source')}: ${d.source.document} ${t('lines')} ${d.source.lines[0]}–${d.source.lines[1]} `,
            originalLink(d.source.documentId, d.source.document),
          ),
          pdfPlace(d.source),
          h('pre', { class: 'source' }, d.source.text.join('\n').replace(/\t/g, ' │ ')),
        )
      : null;
    const neighbours = h(
      'ul',
      { class: 'neighbours' },
      ...d.neighbours
        .slice(0, 60)
        .map((n) =>
          h(
            'li',
            {},
            h(
              'a',
              { href: '#', onclick: (e: Event) => (e.preventDefault(), void this.goTo(n.id)) },
              `${relationName(n.type, n.direction)} · ${typeName(n.label)} · ${n.name}`,
            ),
          ),
        ),
    );
    this.root.replaceChildren(
      h(
        'header',
        {},
        h('h3', { 'data-testid': 'details-title' }, d.name),
        h('button', { class: 'close', title: t('close'), onclick: () => this.close() }, '×'),
      ),
      h('p', { class: 'muted' }, typeName(d.label)),
      // what acts on the canvas is offered only where the canvas is shown, not beside an org chart or a chart
      ...(this.canvas.shown() ? [this.actions(id)] : []),
      ...(facts.length ? [h('ul', { class: 'facts' }, ...facts)] : []),
      ...(src ? [src] : []),
      h('h4', {}, `${t('neighbours')} (${d.neighbours.length})`),
      neighbours,
    );
  }

  private actions(id: string): HTMLElement {
    const on = (act: (g: GraphView) => unknown) => () => void this.canvas.load().then(act);
    return h(
      'div',
      { class: 'actions' },
      h('button', { onclick: on((g) => g.expand(id)) }, t('expand')),
      h('button', { onclick: on((g) => g.collapse(id)) }, t('collapse')),
      h('button', { onclick: on((g) => g.hideSelected()) }, t('hide')),
      h('button', { onclick: on((g) => g.fit(true)) }, t('fit.selection')),
    );
  }

  /** Opens a neighbour's details; on the canvas, it is also added beside the selected node and selected. */
  private async goTo(id: string): Promise<void> {
    if (this.canvas.shown()) {
      const graph = await this.canvas.load();
      const selected = graph.cy.$('node:selected').first().id() || null;
      if (!graph.has(id)) await graph.expand(selected ?? id);
      graph.select(id);
    }
    await this.open(id);
  }
}
