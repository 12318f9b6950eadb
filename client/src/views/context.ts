import type { GraphView } from '../graph.ts';
import type { DetailsPanel } from '../panel.ts';

/** What a view gets: the shared canvas and panel, its own sidebar and toolbar, and its URL parameters. */
export interface ViewContext {
  graph: GraphView;
  panel: DetailsPanel;
  side: HTMLElement;
  tools: HTMLElement;
  params: URLSearchParams;
  /** changes this view's URL parameters (a new history entry) and renders again */
  setParams: (p: Record<string, string | null>) => void;
}
