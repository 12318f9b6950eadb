import { describe, expect, it } from 'vitest';
import {
  bureauOf,
  chainElements,
  legendCounts,
  loadColour,
  mergeElements,
  orgElements,
  selectionCsv,
  withinBureau,
  workloadElements,
  type Elements,
} from './elements.ts';

const api: Elements = {
  nodes: [
    { data: { id: 'unit:局', label: '某局', type: 'Unit', kind: 'bureau' } },
    { data: { id: 'unit:局/中心', label: '某中心', type: 'Unit', kind: 'centre' } },
    { data: { id: 'p1', label: '正职岗位', type: 'Post', kind: 'principal' } },
    { data: { id: 'p2', label: '副职岗位', type: 'Post', kind: 'deputy', vacant: true } },
    { data: { id: 'p3', label: '中心岗', type: 'Post', kind: 'staff', unplaced: true } },
    { data: { id: 'unit:市局', label: '市局', type: 'Unit', kind: 'bureau' } },
    { data: { id: 'q1', label: '科岗', type: 'Post', kind: 'staff' } },
  ],
  edges: [
    { data: { id: 'e1', source: 'unit:局/中心', target: 'unit:局', type: 'PART_OF' } },
    { data: { id: 'e2', source: 'p1', target: 'unit:局', type: 'IN_UNIT' } },
    { data: { id: 'e3', source: 'p2', target: 'unit:局', type: 'IN_UNIT' } },
    { data: { id: 'e4', source: 'p3', target: 'unit:局/中心', type: 'IN_UNIT' } },
    { data: { id: 'e5', source: 'p2', target: 'p1', type: 'REPORTS_TO' } },
    { data: { id: 'e6', source: 'q1', target: 'unit:市局', type: 'IN_UNIT' } },
  ],
};

describe('organisation elements', () => {
  it('nests posts in units and units in bureaus for the force layout', () => {
    const els = orgElements(api, 'compound', '空缺');
    const parent = Object.fromEntries(els.nodes.map((n) => [n.data.id, n.data.parent ?? null]));
    expect(parent).toMatchObject({ p1: 'unit:局', p3: 'unit:局/中心', 'unit:局/中心': 'unit:局', 'unit:局': null });
    expect(els.edges.map((e) => e.data.type)).toEqual(['REPORTS_TO']);
  });
  it('draws the tree from the unit down, with reporting lines from the superior', () => {
    const els = orgElements(api, 'tree', '空缺');
    expect(els.edges.find((e) => e.data.type === 'REPORTS_TO')!.data).toMatchObject({ source: 'p1', target: 'p2' });
    // p2 reports within its unit, so it hangs below p1 only
    expect(
      els.edges
        .filter((e) => e.data.type === 'CONTAINS')
        .map((e) => `${e.data.source}>${e.data.target}`)
        .sort(),
    ).toEqual(['unit:局/中心>p3', 'unit:局>p1', 'unit:局>unit:局/中心', 'unit:市局>q1']);
  });
  it('marks vacant and unplaced posts for the stylesheet', () => {
    const els = orgElements(api, 'tree', '空缺');
    const p2 = els.nodes.find((n) => n.data.id === 'p2')!;
    expect(p2.data.label).toBe('副职岗位\n(空缺)');
    expect(p2.classes).toContain('vacant');
    expect(els.nodes.find((n) => n.data.id === 'p3')!.classes).toContain('unplaced');
  });
  it("finds each node's bureau and keeps one bureau", () => {
    expect(bureauOf(api).get('p3')).toBe('unit:局');
    expect(withinBureau(api, 'unit:市局').nodes.map((n) => n.data.id)).toEqual(['unit:市局', 'q1']);
  });
});

describe('workload elements', () => {
  const g: Elements = {
    nodes: [
      { data: { id: 'x', label: '刘志珠', type: 'Person' } },
      { data: { id: 'y', label: '齐继军', type: 'Person' } },
      { data: { id: 'i1', label: '事项一', type: 'WorkItem' } },
      { data: { id: 'i2', label: '事项二', type: 'WorkItem' } },
      { data: { id: 'p', label: '岗位', type: 'Post' } },
    ],
    edges: [
      { data: { id: 'a', source: 'x', target: 'i1', type: 'LEADS' } },
      { data: { id: 'b', source: 'x', target: 'i2', type: 'LEADS' } },
      { data: { id: 'c', source: 'p', target: 'i1', type: 'HAS_ITEM' } },
      { data: { id: 'd', source: 'p', target: 'i2', type: 'HAS_ITEM' } },
    ],
  };
  it("colours and sizes people by score and posts by the person's items in them", () => {
    const els = workloadElements(
      g,
      new Map([
        ['x', 39],
        ['y', 10],
      ]),
      'x',
    );
    const x = els.nodes.find((n) => n.data.id === 'x')!;
    expect(x.data.colour).toBe(loadColour(39, 39));
    expect(x.data.size).toBe(80);
    expect(x.classes).toContain('focus');
    expect(els.nodes.find((n) => n.data.id === 'p')!.data.size).toBe(44);
    expect(loadColour(39, 39)).toBe('hsl(0, 70%, 45%)');
    expect(loadColour(0, 39)).toBe('hsl(120, 70%, 45%)');
  });
});

describe('other helpers', () => {
  it('chains steps left to right in order', () => {
    const els = chainElements('w', '流程', ['收到通知', '制定方案']);
    expect(els.nodes.map((n) => n.data.label)).toEqual(['流程', '1. 收到通知', '2. 制定方案']);
    expect(els.edges.map((e) => `${e.data.source}>${e.data.target}`)).toEqual(['w>w/chain/1', 'w/chain/1>w/chain/2']);
  });
  it('merges neighbourhoods without repeating nodes or dangling edges', () => {
    const m = mergeElements(
      { nodes: [{ data: { id: 'a', label: 'A', type: 'Post' } }], edges: [{ data: { id: 'e', source: 'a', target: 'z', type: 'X' } }] },
      { nodes: [{ data: { id: 'a', label: 'A', type: 'Post' } }], edges: [] },
    );
    expect([m.nodes.length, m.edges.length]).toEqual([1, 0]);
  });
  it('counts the legend and writes the selection as CSV', () => {
    expect(legendCounts(api.nodes)).toEqual([
      ['Post', 4],
      ['Unit', 3],
    ]);
    expect(selectionCsv([{ id: 'p1', label: '正职, 岗位', type: 'Post', doc: 'a.txt', lineStart: 19 }])).toBe(
      '\uFEFFid,type,label,doc,lineStart,lineEnd\np1,Post,"正职, 岗位",a.txt,19,\n',
    );
  });
});
