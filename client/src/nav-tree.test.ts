import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, type OverviewResponse } from './api.ts';
import { setLang } from './i18n.ts';
import { forgetOverview, matches, nextRow, overviewData, regionLabel, treeRows } from './nav-tree.ts';

// api.ts reads the page's <base> when loaded: the tree's pure functions are tested without a page
vi.mock('./api.ts', () => ({ api: vi.fn(), BASE: '' }));

const bureau = (id: string, name: string, posts: number) => ({
  id,
  name,
  units: 1,
  posts,
  items: 0,
  people: 0,
  vacant: 0,
  unplaced: 0,
  duplicates: 0,
  load: 0,
});
const data: OverviewResponse = {
  regions: [
    { name: '市', level: 'city', bureaus: [bureau('c1', '市自然资源和规划局', 15)] },
    { name: '山亭区', level: 'district', bureaus: [bureau('d1', '山亭区自然资源局', 28), bureau('d2', '山亭区住房和城乡建设局', 23)] },
    { name: null, level: null, bureaus: [bureau('n1', '国土空间规划科', 6)] },
  ],
  totals: { bureaus: 4, posts: 72, items: 0, people: 0 },
};
const labels = (rows: ReturnType<typeof treeRows>) => rows.map((r) => (r.kind === 'region' ? `${r.label}:${r.bureaus}:${r.posts}` : `  ${r.name}`));

describe('the tree of regions and bureaus', () => {
  beforeEach(() => setLang('zh'));

  it('lists each region, then its bureaus, with their counts; the region of no name is labelled', () => {
    expect(labels(treeRows(data))).toEqual([
      '市:1:15',
      '  市自然资源和规划局',
      '山亭区:2:51',
      '  山亭区自然资源局',
      '  山亭区住房和城乡建设局',
      '未标明地区:1:6',
      '  国土空间规划科',
    ]);
    setLang('en');
    expect(regionLabel(null)).toBe('No region in name');
  });

  it('hides the bureaus of a collapsed region and marks the selected bureau', () => {
    const rows = treeRows(data, { collapsed: new Set(['山亭区']), selected: 'n1' });
    expect(labels(rows)).toEqual(['市:1:15', '  市自然资源和规划局', '山亭区:2:51', '未标明地区:1:6', '  国土空间规划科']);
    expect(rows.find((r) => r.kind === 'region' && r.key === '山亭区')).toMatchObject({ expanded: false });
    expect(rows.filter((r) => r.kind === 'bureau' && r.selected).map((r) => r.kind === 'bureau' && r.id)).toEqual(['n1']);
  });

  it('filters by a bureau name (counting only the bureaus kept) or by a region name (keeping all its bureaus)', () => {
    expect(labels(treeRows(data, { filter: '住房' }))).toEqual(['山亭区:1:23', '  山亭区住房和城乡建设局']);
    expect(labels(treeRows(data, { filter: ' 山亭区 ' }))).toEqual(['山亭区:2:51', '  山亭区自然资源局', '  山亭区住房和城乡建设局']);
    expect(labels(treeRows(data, { filter: '未标明' }))).toEqual(['未标明地区:1:6', '  国土空间规划科']);
    expect(treeRows(data, { filter: '教育局' })).toEqual([]);
    expect(matches('Shanting District Bureau', 'district  bureau')).toBe(true);
  });

  it('moves between rows as a WAI-ARIA tree does', () => {
    const rows = treeRows(data);
    expect(nextRow(rows, 0, 'ArrowDown')).toBe(1);
    expect(nextRow(rows, 6, 'ArrowDown')).toBe(6);
    expect(nextRow(rows, 0, 'ArrowUp')).toBe(0);
    expect(nextRow(rows, 3, 'End')).toBe(6);
    expect(nextRow(rows, 3, 'Home')).toBe(0);
    // right from an open region goes to its first bureau; left from a bureau to its region
    expect(nextRow(rows, 2, 'ArrowRight')).toBe(3);
    expect(nextRow(rows, 4, 'ArrowLeft')).toBe(2);
    expect(nextRow(rows, 4, 'x')).toBeNull();
  });
});

describe('the overview kept for the tree and the overview view', () => {
  const fetchOverview = vi.mocked(api);
  beforeEach(() => {
    forgetOverview();
    fetchOverview.mockReset();
  });
  afterEach(() => forgetOverview());

  it('is fetched once within 10 s, and again after', async () => {
    fetchOverview.mockResolvedValue(data);
    await overviewData(1_000);
    await overviewData(10_999);
    expect(fetchOverview).toHaveBeenCalledTimes(1);
    await overviewData(11_000);
    expect(fetchOverview).toHaveBeenCalledTimes(2);
    expect(fetchOverview).toHaveBeenCalledWith('/api/overview');
  });

  it('keeps neither an empty graph (an import is next) nor a failure (the database comes back)', async () => {
    fetchOverview.mockResolvedValueOnce({ regions: [], totals: { bureaus: 0, posts: 0, items: 0, people: 0 } });
    fetchOverview.mockRejectedValueOnce(new Error('down'));
    fetchOverview.mockResolvedValue(data);
    expect((await overviewData(1_000)).totals.bureaus).toBe(0);
    await expect(overviewData(1_001)).rejects.toThrow('down');
    expect((await overviewData(1_002)).totals.bureaus).toBe(4);
    expect((await overviewData(1_003)).totals.bureaus).toBe(4);
    expect(fetchOverview).toHaveBeenCalledTimes(3);
  });

  it('is forgotten when told (an import changed the graph)', async () => {
    fetchOverview.mockResolvedValue(data);
    await overviewData(1_000);
    forgetOverview();
    await overviewData(1_001);
    expect(fetchOverview).toHaveBeenCalledTimes(2);
  });
});
