/** Stylesheet and layout options as data; one line per option says why. */
import type { StylesheetJson } from 'cytoscape';

export const TYPE_COLOURS: Record<string, string> = {
  Unit: '#4c6ef5',
  Post: '#12b886',
  Person: '#f59f00',
  WorkItem: '#7950f2',
  Duty: '#868e96',
  Workflow: '#e64980',
  Step: '#fd7e14',
  Document: '#495057',
};

export const stylesheet: StylesheetJson = [
  {
    selector: 'node',
    style: {
      label: 'data(label)',
      'background-color': (n) => TYPE_COLOURS[n.data('type') as string] ?? '#999',
      color: '#212529',
      'font-size': 11,
      'font-family': '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif',
      // Chinese has no spaces: wrap anywhere, within a fixed width
      'text-wrap': 'wrap',
      'text-max-width': '84px',
      'text-overflow-wrap': 'anywhere',
      'text-valign': 'bottom',
      'text-margin-y': 4,
      width: 22,
      height: 22,
    },
  },
  {
    selector: 'node:parent',
    style: {
      'background-opacity': 0.06,
      'border-width': 1,
      'border-color': '#adb5bd',
      'text-valign': 'top',
      'font-weight': 'bold',
      shape: 'round-rectangle',
      padding: '12px',
    },
  },
  { selector: 'node.unit', style: { shape: 'round-rectangle', width: 40, height: 26 } },
  { selector: 'node.kind-bureau', style: { 'font-size': 13, 'font-weight': 'bold' } },
  { selector: 'node.post.kind-principal, node.post.kind-deputy', style: { shape: 'diamond', width: 30, height: 30 } },
  // a post with nobody in it: hollow with a dashed red border
  { selector: 'node.vacant', style: { 'background-opacity': 0.15, 'border-width': 2, 'border-style': 'dashed', 'border-color': '#e03131' } },
  { selector: 'node.unplaced', style: { 'border-width': 2, 'border-color': '#fab005' } },
  { selector: 'node[colour]', style: { 'background-color': 'data(colour)' } },
  { selector: 'node[size]', style: { width: 'data(size)', height: 'data(size)' } },
  { selector: 'node.focus', style: { 'border-width': 4, 'border-color': '#1c7ed6' } },
  { selector: 'node.step', style: { shape: 'round-rectangle', width: 150, height: 44, 'text-valign': 'center', 'text-max-width': '140px', 'font-size': 10 } },
  { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#1971c2' } },
  {
    selector: '.highlight',
    style: { 'border-width': 5, 'border-color': '#d6336c', 'line-color': '#d6336c', 'target-arrow-color': '#d6336c', width: 4, 'z-index': 10 },
  },
  {
    selector: 'edge',
    style: {
      width: 1.5,
      'line-color': '#ced4da',
      'target-arrow-shape': 'triangle',
      'target-arrow-color': '#ced4da',
      'curve-style': 'bezier',
      'arrow-scale': 0.8,
    },
  },
  { selector: 'edge.contains', style: { 'line-color': '#dee2e6', 'target-arrow-shape': 'none' } },
  { selector: 'edge.reports', style: { 'line-color': '#1c7ed6', 'target-arrow-color': '#1c7ed6', width: 2 } },
  { selector: 'edge.oversees', style: { 'line-style': 'dashed', 'line-color': '#4c6ef5', 'target-arrow-color': '#4c6ef5' } },
  { selector: 'edge.leads', style: { 'line-color': '#f08c00', 'target-arrow-color': '#f08c00', width: 2 } },
  { selector: 'edge.similar_to', style: { 'line-color': '#d6336c', 'line-style': 'dashed', width: 3, label: 'data(score)', 'font-size': 10 } },
  { selector: 'edge.next', style: { 'line-color': '#fd7e14', 'target-arrow-color': '#fd7e14', width: 2 } },
];

/** Hierarchical: dagre ranks nodes top-down along the edges (boss → subordinate, unit → member). */
export const treeLayout = {
  name: 'dagre',
  rankDir: 'TB', // top to bottom: the bureau first
  nodeSep: 64, // horizontal gap between neighbours in a rank: labels are wider than their nodes
  rankSep: 60, // vertical gap between ranks, room for wrapped labels
  animate: false, // large charts render at once
  fit: true, // the whole chart in view
};

/** Left to right: a workflow's steps read like the flowchart. */
export const chainLayout = { name: 'dagre', rankDir: 'LR', nodeSep: 20, rankSep: 40, animate: false, fit: true };

/** Force-directed with compound nodes: fcose keeps members inside their unit. */
export const forceLayout = {
  name: 'fcose',
  quality: 'default', // 'proof' is slower for little gain
  randomize: true, // needed when there are no prior positions
  animate: false,
  nodeRepulsion: 6000, // room for Chinese labels
  idealEdgeLength: 80,
  packComponents: true, // unconnected units side by side
  fit: true,
};

/** A neighbourhood around one node: concentric puts the focus in the middle. */
export const focusLayout = {
  name: 'concentric',
  minNodeSpacing: 30,
  animate: false,
  fit: true,
  concentric: (n: { data: (k: string) => unknown; degree: () => number }) => (n.data('focus') ? 100 : n.degree()),
  levelWidth: () => 2,
};

/** Above this many elements a cached picture moves while panning, and the WebGL renderer draws where a GPU runs it. */
export const WEBGL_THRESHOLD = 3000;
