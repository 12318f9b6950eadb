import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { OverviewResponse } from '../api.ts';
import { setLang } from '../i18n.ts';
import { MANY_REGIONS, NONE_COLOUR, bureauRows, colourScale, domainOf, formatValue, measureOf, sortRows, textColour, treemapData } from './overview.ts';

// api.ts reads the page's <base> when loaded: the view's pure functions are tested without a page
vi.mock('../api.ts', () => ({ api: vi.fn(), BASE: '' }));

const bureau = (id: string, name: string, o: { posts: number; load?: number; duplicates?: number; vacant?: number; unplaced?: number }) => ({
  id,
  name,
  units: 1,
  items: 10,
  people: 5,
  load: 0,
  duplicates: 0,
  vacant: 0,
  unplaced: 0,
  ...o,
});
const data: OverviewResponse = {
  regions: [
    { name: '市', level: 'city', bureaus: [bureau('c1', '市自然资源和规划局', { posts: 15, load: 12.5, duplicates: 4 })] },
    {
      name: '山亭区',
      level: 'district',
      bureaus: [
        bureau('d1', '山亭区自然资源局', { posts: 28, load: 25, vacant: 1 }),
        bureau('d2', '山亭区住房和城乡建设局', { posts: 0, load: 5, unplaced: 2 }),
      ],
    },
    { name: null, level: null, bureaus: [] },
  ],
  totals: { bureaus: 3, posts: 43, items: 30, people: 15 },
};

describe('the colour scale', () => {
  const c = colourScale(20);

  it('greys a zero and darkens with the value up to its darkest at the maximum', () => {
    expect(c(0)).toBe(NONE_COLOUR);
    expect(c(-1)).toBe(NONE_COLOUR);
    expect(c(20)).toBe('#b10026');
    expect(c(40)).toBe('#b10026');
    // halfway along seven stops: the fourth
    expect(c(10)).toBe('#fd8d3c');
    const lightness = (hex: string) => [1, 3, 5].reduce((n, i) => n + parseInt(hex.slice(i, i + 2), 16), 0);
    const ramp = [1, 4, 8, 12, 16, 20].map(c).map(lightness);
    expect(ramp).toEqual([...ramp].sort((a, b) => b - a));
    expect(new Set(ramp).size).toBe(ramp.length);
  });

  it('greys everything when nothing has the measure', () => {
    expect(colourScale(0)(0)).toBe(NONE_COLOUR);
  });

  it('starts at a lowest value when given one: its lightest colour there, not grey', () => {
    const from10 = colourScale(20, 10);
    expect(from10(10)).toBe('#ffeda0');
    expect(from10(15)).toBe('#fd8d3c');
    expect(from10(20)).toBe('#b10026');
    expect(from10(5)).toBe('#ffeda0');
    expect(colourScale(7, 7)(7)).toBe('#b10026');
  });

  it('writes dark text on the light end and white on the dark end', () => {
    expect(textColour(c(1))).toBe('#212529');
    expect(textColour(NONE_COLOUR)).toBe('#212529');
    expect(textColour(c(20))).toBe('#ffffff');
  });
});

describe('the treemap of bureaus by region', () => {
  beforeEach(() => setLang('zh'));

  it('has a node per region with bureaus, a leaf per bureau sized by posts (at least 1)', () => {
    const nodes = treemapData(data, 'load');
    expect(nodes.map((n) => [n.name, n.children.map((l) => [l.name, l.value, l.posts])])).toEqual([
      ['市', [['市自然资源和规划局', 15, 15]]],
      [
        '山亭区',
        [
          ['山亭区自然资源局', 28, 28],
          ['山亭区住房和城乡建设局', 1, 0],
        ],
      ],
    ]);
    // every region has its header; among many regions, those of one bureau go without
    expect(nodes.map((n) => n.upperLabel?.show ?? true)).toEqual([true, true]);
    const many = { regions: [...data.regions, ...Array.from({ length: MANY_REGIONS }, (_, i) => ({ ...data.regions[0]!, name: `${i}区` }))] };
    expect(treemapData(many, 'load').map((n) => n.upperLabel?.show ?? true)).toEqual([false, true, ...Array<boolean>(MANY_REGIONS).fill(false)]);
  });

  it('colours each leaf by the measure chosen, against the highest of all bureaus', () => {
    const colours = (m: Parameters<typeof treemapData>[1]) => treemapData(data, m).flatMap((n) => n.children.map((l) => l.itemStyle.color));
    // the workload index from the lowest bureau's (5) to the highest (25); counts from 0
    expect(domainOf(data, 'load')).toEqual({ min: 5, max: 25 });
    expect(domainOf(data, 'duplicates')).toEqual({ min: 0, max: 4 });
    expect(colours('load')).toEqual([colourScale(25, 5)(12.5), '#b10026', '#ffeda0']);
    expect(colours('duplicates')).toEqual(['#b10026', NONE_COLOUR, NONE_COLOUR]);
    expect(colours('vacant')).toEqual([NONE_COLOUR, '#b10026', NONE_COLOUR]);
    expect(colours('unplaced')).toEqual([NONE_COLOUR, NONE_COLOUR, '#b10026']);
    expect(treemapData(data, 'duplicates')[0]!.children[0]).toMatchObject({ measure: 4, label: { color: '#ffffff' } });
  });

  it('reads the measure from the URL, load when it names none or an unknown one', () => {
    expect(measureOf('vacant')).toBe('vacant');
    expect(measureOf(null)).toBe('load');
    expect(measureOf('posts')).toBe('load');
  });
});

describe('the table of bureaus', () => {
  beforeEach(() => setLang('zh'));

  it('lists every bureau with its region, and sorts by any column', () => {
    const rows = bureauRows(data);
    expect(rows.map((r) => [r.name, r.region])).toEqual([
      ['市自然资源和规划局', '市'],
      ['山亭区自然资源局', '山亭区'],
      ['山亭区住房和城乡建设局', '山亭区'],
    ]);
    expect(sortRows(rows, 'posts', -1).map((r) => r.id)).toEqual(['d1', 'c1', 'd2']);
    expect(sortRows(rows, 'load', 1).map((r) => r.id)).toEqual(['d2', 'c1', 'd1']);
    // equal values fall back to the name, in Chinese order (pinyin: shan < shi)
    expect(sortRows(rows, 'vacant', 1).map((r) => r.id)).toEqual(['d2', 'c1', 'd1']);
    expect(sortRows(rows, 'region', 1).map((r) => r.region)).toEqual(['山亭区', '山亭区', '市']);
    expect([formatValue(12.5), formatValue(3), formatValue(2.345)]).toEqual(['12.5', '3', '2.3']);
  });
});
