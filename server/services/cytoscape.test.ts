import { describe, expect, it } from 'vitest';
import { toCytoscape } from './cytoscape.ts';

describe('graph rows to Cytoscape elements', () => {
  const nodes = [
    { id: 'unit:局', label: 'Unit' as const, name: '局', props: { kind: 'bureau', mission: '长文本', doc: 'a.txt', lineStart: 3 } },
    { id: 'post:a.txt/局/1', label: 'Post' as const, name: '综合岗', props: { vacant: false, seq: 1, unplaced: null } },
  ];
  const edges = [
    { id: 'e1', type: 'IN_UNIT', source: 'post:a.txt/局/1', target: 'unit:局', props: {} },
    { id: 'e2', type: 'REPORTS_TO', source: 'post:a.txt/局/1', target: 'post:a.txt/局/9', props: { basis: 'x' } },
  ];
  const els = toCytoscape(nodes, edges);

  it('labels each node by its name and types it by its label, with the properties the explorer styles by', () => {
    expect(els.nodes.map((n) => n.data)).toEqual([
      { id: 'unit:局', label: '局', type: 'Unit', kind: 'bureau', doc: 'a.txt', lineStart: 3 },
      { id: 'post:a.txt/局/1', label: '综合岗', type: 'Post', vacant: false, seq: 1 },
    ]);
  });

  it('drops edges to nodes that are not drawn', () => {
    expect(els.edges.map((e) => e.data)).toEqual([{ id: 'e1', source: 'post:a.txt/局/1', target: 'unit:局', type: 'IN_UNIT' }]);
  });
});
