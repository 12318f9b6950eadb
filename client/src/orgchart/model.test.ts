import { describe, expect, it } from 'vitest';
import type { ChartPost, ChartResponse } from '../api.ts';
import {
  allUnits,
  chartTree,
  columnsThatFit,
  defaultOpen,
  gridColumns,
  loadColour,
  loadText,
  pageCount,
  pageIndexOf,
  pageOf,
  pathToRoot,
  postOfId,
  staffOf,
  stepZoom,
  wrapText,
} from './model.ts';
import { pageRule, printable } from './print.ts';
import { chartSvg } from './svg-export.ts';

const post = (id: string, unit: string, over: Partial<ChartPost> = {}): ChartPost => ({
  id,
  unit,
  title: id,
  kind: 'staff',
  vacant: false,
  unplaced: false,
  items: [],
  staff: [],
  load: 0,
  doc: 'd.txt',
  line: 1,
  ...over,
});

/** A bureau with a section (no posts), a centre with a department under it, and posts in the bureau and the department. */
const chart: ChartResponse = {
  root: { id: 'B', name: '某局', kind: 'bureau' },
  bureau: { id: 'B', name: '某局' },
  units: [
    { id: 'B', name: '某局', kind: 'bureau', parent: null },
    { id: 'S', name: '办公室', kind: 'section', parent: 'B' },
    { id: 'C', name: '某中心', kind: 'centre', parent: 'B' },
    { id: 'D', name: '某科', kind: 'department', parent: 'C' },
    { id: 'X', name: '孤立单位', kind: 'department', parent: 'nowhere' },
  ],
  posts: [
    post('p-staff', 'B', { load: 3 }),
    post('p-head', 'B', { kind: 'principal', load: 1 }),
    post('p-deputy', 'B', { kind: 'deputy', vacant: true }),
    post('d1', 'D', { load: 9 }),
  ],
  reporting: [],
  oversight: [],
  maxLoad: 12,
};

describe('chartTree', () => {
  const root = chartTree(chart);
  it('nests units under their parents, departments before centres before sections, strays under the root', () => {
    expect(root.children.map((c) => c.unit.id)).toEqual(['X', 'C', 'S']);
    expect(root.children[1]!.children.map((c) => c.unit.id)).toEqual(['D']);
    expect(allUnits(root).map((n) => [n.unit.id, n.depth])).toEqual([
      ['B', 0],
      ['X', 1],
      ['C', 1],
      ['D', 2],
      ['S', 1],
    ]);
  });
  it('lists leaders first (正职, 副职), then the rest in document order', () => {
    expect(root.posts.map((p) => p.id)).toEqual(['p-head', 'p-deputy', 'p-staff']);
  });
  it('counts posts and vacancies under a unit, and takes the highest load below it', () => {
    expect([root.totalPosts, root.totalVacant, root.load]).toEqual([4, 1, 9]);
    expect([root.children[1]!.totalPosts, root.children[1]!.load]).toEqual([1, 9]);
    expect(root.children[2]!.totalPosts).toBe(0);
  });
});

describe('which units are open, and the path to a unit', () => {
  const root = chartTree(chart);
  it('opens the root and the units right under it, not deeper', () => {
    expect([...defaultOpen(root)].sort()).toEqual(['B', 'C', 'S', 'X']);
    expect([...defaultOpen(root, 1)]).toEqual(['B']);
  });
  it('gives the units from the root down to a unit, or nothing for a unit not in the chart', () => {
    expect(pathToRoot(root, 'D')).toEqual(['B', 'C', 'D']);
    expect(pathToRoot(root, 'B')).toEqual(['B']);
    expect(pathToRoot(root, 'nope')).toEqual([]);
  });
});

describe('paging', () => {
  const list = Array.from({ length: 300 }, (_, i) => i);
  it('cuts 300 cards into pages of 24 and clamps a page out of range', () => {
    expect(pageCount(300, 24)).toBe(13);
    expect(pageOf(list, 0, 24).items).toEqual(list.slice(0, 24));
    expect(pageOf(list, 12, 24).items).toEqual(list.slice(288));
    expect(pageOf(list, 40, 24)).toMatchObject({ page: 12, pages: 13 });
    expect(pageOf(list, -3, 24).page).toBe(0);
  });
  it('keeps one (empty) page for an empty list, and finds the page of the 80th item', () => {
    expect(pageOf([], 0, 10)).toEqual({ items: [], page: 0, pages: 1 });
    expect(pageIndexOf(79, 10)).toBe(7);
    expect(pageIndexOf(0, 10)).toBe(0);
  });
});

describe('columns', () => {
  it('puts cards that fit in one row, and spreads the rest over rows as even as they can be', () => {
    expect(gridColumns(0, 6)).toBe(1);
    expect(gridColumns(3, 6)).toBe(3);
    expect(gridColumns(13, 6)).toBe(5);
    expect(gridColumns(24, 6)).toBe(6);
    expect(gridColumns(7, 4)).toBe(4);
    expect(gridColumns(5, 0)).toBe(1);
  });
  it('counts the cards that fit in a width', () => {
    expect(columnsThatFit(1000, 212, 10)).toBe(4);
    expect(columnsThatFit(100, 212, 10)).toBe(1);
  });
});

describe('load colour', () => {
  it('runs from pale yellow at 0 to a light red at the top, clamped, and grey-free when there is no scale', () => {
    expect(loadColour(0, 10)).toBe('hsl(55, 85%, 94%)');
    expect(loadColour(10, 10)).toBe('hsl(0, 85%, 70%)');
    expect(loadColour(20, 10)).toBe(loadColour(10, 10));
    expect(loadColour(5, 0)).toBe(loadColour(0, 10));
  });
  it('is written with one decimal', () => {
    expect([loadText(28.4999), loadText(39), loadText(0)]).toEqual(['28.5', '39', '0']);
  });
});

describe('staff, ids, zoom, wrapping', () => {
  it('names leads (lead > 0) and those who only assist', () => {
    const p = post('p', 'B', {
      staff: [
        { id: 'a', name: '孙浩', lead: 3, assist: 0 },
        { id: 'b', name: '潘伟', lead: 1, assist: 2 },
        { id: 'c', name: '崔根', lead: 0, assist: 1 },
      ],
    });
    expect(staffOf(p)).toEqual({ leads: ['孙浩', '潘伟'], assistants: ['崔根'] });
  });
  it('finds the post of a work item, duty or step by its id', () => {
    expect(postOfId('post:a.txt/某局/4')).toBe('post:a.txt/某局/4');
    expect(postOfId('post:a.txt/某局/4/item/12')).toBe('post:a.txt/某局/4');
    expect(postOfId('post:a.txt/某局/4/item/2/function/1')).toBe('post:a.txt/某局/4');
    expect(postOfId('unit:某局')).toBeNull();
  });
  it('steps the zoom between its steps and stops at the ends', () => {
    expect(stepZoom(1, 1)).toBe(1.1);
    expect(stepZoom(1, -1)).toBe(0.9);
    expect(stepZoom(0.3, -1)).toBe(0.3);
    expect(stepZoom(2, 1)).toBe(2);
    expect(stepZoom(0.8, -1)).toBe(0.75);
  });
  it('wraps CJK text by characters and Latin text by its narrower letters', () => {
    expect(wrapText('业务岗位1、综合管理岗', 5)).toEqual(['业务岗位1', '、综合管理', '岗']);
    expect(wrapText('abcdefghij', 3)).toEqual(['abcde', 'fghij']);
    expect(wrapText('', 4)).toEqual(['']);
  });
});

describe('print and SVG', () => {
  it('sets the sheet landscape with a margin, and what it leaves to print on', () => {
    expect(pageRule('A3')).toBe('@page { size: A3 landscape; margin: 10mm; }');
    expect(printable('A4')).toEqual({ width: 277, height: 190 });
  });
  it('writes every unit and post title as SVG text, escaped, and vacant posts dashed', () => {
    const svg = chartSvg(chartTree({ ...chart, posts: [...chart.posts, post('x', 'S', { title: 'R&D <岗>' })] }), {
      bureau: '某局',
      date: '2025年1月1日',
      maxLoad: 12,
    });
    expect(svg).toMatch(/^<\?xml[^>]*>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).not.toContain('foreignObject');
    expect(svg).toContain('<tspan x="38" dy="0">p-head</tspan>');
    expect(svg).toContain('R&#38;D &#60;岗&#62;');
    expect(svg).toContain('某局 › 某中心 › 某科');
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(1);
    expect(svg.match(/<g class="unit"/g)).toHaveLength(5);
  });
});
