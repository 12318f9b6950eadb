import type { GraphView } from '../graph.ts';
import type { DetailsPanel } from '../panel.ts';

/** What a view gets: the shared canvas (loaded on first use) and panel, its own sidebar and toolbar, and its URL parameters. */
export interface ViewContext {
  /** the graph canvas, loaded (with Cytoscape.js) the first time a view draws on it */
  graph: () => Promise<GraphView>;
  panel: DetailsPanel;
  side: HTMLElement;
  tools: HTMLElement;
  /** the whole body, for a view that is a page rather than a graph (导入): shown instead of sidebar, canvas and panel */
  page: HTMLElement;
  params: URLSearchParams;
  /** changes this view's URL parameters (a new history entry) and renders again */
  setParams: (p: Record<string, string | null>) => void;
  /** opens another view (a new history entry), with its URL parameters */
  open: (view: string, p?: Record<string, string | null>) => void;
  /** the graph changed under the page (a document imported): what is drawn or open now is out of date */
  changed: () => void;
  /** an HTML area in place of the graph canvas, for what is drawn as HTML (org chart, charts, matrices) */
  board: HTMLElement;
  /** shows the board instead of the canvas (true), or the canvas again (false); the board is emptied on a change of view */
  useBoard: (on: boolean) => void;
}
