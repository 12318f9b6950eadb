/** The Cytoscape canvas every view draws into, with the actions the toolbar and details panel offer. */
import cytoscape, { type Core, type ElementDefinition, type NodeSingular } from 'cytoscape';
import dagre from 'cytoscape-dagre';
import fcose from 'cytoscape-fcose';
import svg from 'cytoscape-svg';
import { api, enc, type GraphResponse, type PathResponse } from './api.ts';
import { download } from './dom.ts';
import { legendCounts, plainElements, selectionCsv, type Elements, type NodeData } from './elements.ts';
import { statusText, typeName } from './i18n.ts';
import { TYPE_COLOURS, WEBGL_THRESHOLD, focusLayout, stylesheet } from './style.ts';

cytoscape.use(dagre);
cytoscape.use(fcose);
cytoscape.use(svg);

let hardware: boolean | undefined;

/**
 * Whether WebGL runs on a GPU. Without one, browsers draw WebGL in software (SwiftShader, llvmpipe), which pans
 * a large view slower than the canvas renderer moving its cached picture, so large views use WebGL only here.
 */
export function hardwareWebgl(): boolean {
  if (hardware !== undefined) return hardware;
  const gl = document.createElement('canvas').getContext('webgl2') ?? document.createElement('canvas').getContext('webgl');
  const info = gl?.getExtension('WEBGL_debug_renderer_info');
  const renderer = gl ? String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : '';
  hardware = gl !== null && !/swiftshader|llvmpipe|softpipe|software|basic render/i.test(renderer);
  gl?.getExtension('WEBGL_lose_context')?.loseContext();
  return hardware;
}

/** The one Cytoscape canvas every view draws into: elements, layout, selection, expand and collapse, exports. */
export class GraphView {
  cy: Core;
  /** nodes added by expanding a node, so collapsing removes them again */
  private expanded = new Map<string, string[]>();
  private onSelect: (id: string | null) => void = () => undefined;
  private mode = 'false/false';

  constructor(
    private container: HTMLElement,
    private status: HTMLElement,
    private legend: HTMLElement,
  ) {
    this.cy = this.create(false, false);
  }

  private create(large: boolean, webgl: boolean): Core {
    const cy = cytoscape({
      container: this.container,
      style: stylesheet,
      minZoom: 0.05,
      maxZoom: 4,
      // large views: edges hide and a cached picture moves while panning; WebGL where a GPU draws it
      ...(large ? { hideEdgesOnViewport: true, textureOnViewport: true } : {}),
      ...(webgl ? { renderer: { name: 'canvas', webgl: true } as never } : {}),
    });
    cy.on('tap', 'node', (e) => this.onSelect((e.target as NodeSingular).id()));
    cy.on('tap', (e) => {
      if (e.target === cy) this.onSelect(null);
    });
    // one status update per frame, however many elements were added
    let pending = false;
    cy.on('add remove', () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        this.refreshStatus();
      });
    });
    return cy;
  }

  /** The renderer drawing now: 'webgl' or 'canvas'. */
  get renderer(): string {
    return this.mode.endsWith('/true') ? 'webgl' : 'canvas';
  }

  selected(handler: (id: string | null) => void): void {
    this.onSelect = handler;
  }

  /** Replaces what is drawn and lays it out. */
  show(els: Elements, layout: Record<string, unknown>): void {
    const size = els.nodes.length + els.edges.length;
    // ?renderer=canvas or ?renderer=webgl overrides the size rule (for comparing them)
    const forced = new URLSearchParams(location.search).get('renderer');
    const large = size > WEBGL_THRESHOLD;
    const webgl = forced ? forced === 'webgl' : large && hardwareWebgl();
    const mode = `${large}/${webgl}`;
    if (mode !== this.mode) {
      this.cy.destroy();
      this.cy = this.create(large, webgl);
      this.mode = mode;
    }
    this.expanded.clear();
    this.cy.batch(() => {
      this.cy.elements().remove();
      this.cy.add([...els.nodes, ...els.edges] as ElementDefinition[]);
    });
    this.cy.layout(layout as unknown as cytoscape.LayoutOptions).run();
    this.refreshStatus();
  }

  refreshStatus(): void {
    const n = this.cy.nodes(':visible').length;
    const e = this.cy.edges(':visible').length;
    this.status.textContent = statusText(n, e);
    this.status.dataset.nodes = String(n);
    this.status.dataset.edges = String(e);
    this.legend.replaceChildren(
      ...legendCounts(this.cy.nodes(':visible').map((x) => ({ data: { type: x.data('type') as string } }))).map(([type, count]) => {
        const li = document.createElement('li');
        const dot = document.createElement('span');
        dot.className = 'dot';
        dot.style.background = TYPE_COLOURS[type] ?? '#999';
        li.append(dot, `${typeName(type)} ${count}`);
        return li;
      }),
    );
  }

  has(id: string): boolean {
    return this.cy.getElementById(id).nonempty();
  }

  /** Adds a node's neighbours (one step) around it. */
  async expand(id: string): Promise<void> {
    const r = await api<GraphResponse>(`/api/graph?focus=${enc(id)}&depth=1&limit=200`);
    const els = plainElements(r.elements);
    const fresh = els.nodes.filter((n) => !this.has(n.data.id));
    const at = this.cy.getElementById(id);
    const centre = at.nonempty() ? at.position() : { x: 0, y: 0 };
    this.cy.batch(() => {
      fresh.forEach((n, i) => {
        const angle = (2 * Math.PI * i) / Math.max(1, fresh.length);
        this.cy.add({ ...n, position: { x: centre.x + 140 * Math.cos(angle), y: centre.y + 140 * Math.sin(angle) } });
      });
      for (const e of els.edges) if (!this.has(e.data.id) && this.has(e.data.source) && this.has(e.data.target)) this.cy.add(e);
    });
    this.expanded.set(id, [...(this.expanded.get(id) ?? []), ...fresh.map((n) => n.data.id)]);
    this.refreshStatus();
  }

  collapse(id: string): void {
    const added = this.expanded.get(id) ?? [];
    let gone = this.cy.collection();
    for (const x of added) gone = gone.union(this.cy.getElementById(x));
    this.cy.remove(gone);
    this.expanded.delete(id);
  }

  hideSelected(): void {
    this.cy.$(':selected').style('display', 'none');
    this.refreshStatus();
  }

  showAll(): void {
    this.cy.elements().style('display', 'element');
    this.refreshStatus();
  }

  fit(selectionOnly: boolean): void {
    const sel = this.cy.$(':selected');
    this.cy.fit(selectionOnly && sel.nonempty() ? sel.closedNeighborhood() : undefined, 30);
  }

  select(id: string): void {
    const n = this.cy.getElementById(id);
    if (n.empty()) return;
    this.cy.$(':selected').unselect();
    n.select();
    this.cy.animate({ center: { eles: n }, zoom: Math.max(this.cy.zoom(), 1) }, { duration: 200 });
  }

  /** Highlights the path between the two selected nodes; false when there is none. */
  async pathBetweenSelected(): Promise<boolean | null> {
    const sel = this.cy.$('node:selected');
    if (sel.length !== 2) return null;
    const [a, b] = [sel[0]!.id(), sel[1]!.id()];
    const r = await api<PathResponse>(`/api/path?from=${enc(a)}&to=${enc(b)}`);
    this.cy.elements().removeClass('highlight');
    if (!r.found) return false;
    const els = plainElements(r.elements);
    this.cy.batch(() => {
      for (const n of els.nodes) if (!this.has(n.data.id)) this.cy.add(n);
      for (const e of els.edges) if (!this.has(e.data.id)) this.cy.add(e);
    });
    for (const x of [...els.nodes, ...els.edges]) this.cy.getElementById(x.data.id).addClass('highlight').style('display', 'element');
    this.refreshStatus();
    return true;
  }

  highlight(ids: string[]): void {
    this.cy.elements().removeClass('highlight');
    for (const id of ids) this.cy.getElementById(id).addClass('highlight');
  }

  exportPng(): void {
    download(this.cy.png({ full: true, scale: 2, bg: '#ffffff', output: 'blob' }), 'bureau-graph.png');
  }

  exportSvg(): void {
    const text = (this.cy as unknown as { svg: (o: object) => string }).svg({ full: true, bg: '#ffffff' });
    download(new Blob([text], { type: 'image/svg+xml' }), 'bureau-graph.svg');
  }

  exportSelectionCsv(): void {
    const sel = this.cy.$('node:selected');
    const nodes = (sel.nonempty() ? sel : this.cy.nodes(':visible')).map((n) => n.data() as NodeData);
    download(new Blob([selectionCsv(nodes)], { type: 'text/csv;charset=utf-8' }), 'selection.csv');
  }

  /** Lays out the current elements again with a new layout (the switch between hierarchical and force). */
  relayout(layout: Record<string, unknown>): void {
    this.cy.layout(layout as unknown as cytoscape.LayoutOptions).run();
  }

  focusLayout(): Record<string, unknown> {
    return focusLayout;
  }
}
