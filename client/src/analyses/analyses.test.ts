import { afterEach, describe, expect, it } from 'vitest';
import type { DupPair, DuplicateMatrixResponse, OverloadPerson, WorkflowMatrixResponse } from '../api.ts';
import { setLang } from '../i18n.ts';
import { groupPairs, matrixCells, ownerOf, ownerOrder, pairBetween, regionMatrix, regionPairs } from './duplicates-data.ts';
import { reasonText, stackedSeries, staffMatrix } from './workload-data.ts';
import { postsFollowing, workflowGrid, workflowLabel } from './workflows-data.ts';
import { fieldLine, relationName } from './words.ts';

afterEach(() => setLang('zh'));

type Parts = OverloadPerson['parts'];
const parts = (lead: number, assist: number, posts: number, units: number, workflows = 0): Parts => [
  { part: 'lead', count: lead, weight: 1, points: lead },
  { part: 'assist', count: assist, weight: 0.5, points: assist / 2 },
  { part: 'posts', count: posts, weight: 2, points: posts * 2 },
  { part: 'units', count: units, weight: 3, points: units * 3 },
  { part: 'workflows', count: workflows, weight: 0.5, points: workflows / 2 },
];

describe('the reason for a workload index', () => {
  it('says what a person leads and across how many posts and units, in Chinese and in English', () => {
    // 刘志珠 on the seeds: 12 items led in 9 posts of 住建局 and its 建筑业发展服务中心
    expect(reasonText(parts(12, 0, 9, 2, 6))).toBe('牵头 12 项事项，跨 9 个岗位、2 个单位');
    setLang('en');
    expect(reasonText(parts(12, 0, 9, 2, 6))).toBe('leads 12 work items in 9 posts across 2 units');
  });

  it('names assisting too, and says one post and one unit without "across"', () => {
    expect(reasonText(parts(16, 1, 2, 1))).toBe('牵头 16 项事项、辅助 1 项事项，跨 2 个岗位');
    expect(reasonText(parts(0, 8, 1, 1))).toBe('辅助 8 项事项，在 1 个岗位');
    setLang('en');
    expect(reasonText(parts(16, 1, 2, 1))).toBe('leads 16 work items and assists with 1 work item in 2 posts');
    expect(reasonText(parts(1, 0, 1, 1))).toBe('leads 1 work item in 1 post');
    expect(reasonText(parts(0, 0, 0, 0))).toBe('leads or assists with no work item');
  });

  it('stacks each part as its own series, the points of each person in order', () => {
    const series = stackedSeries([{ parts: parts(12, 0, 9, 2, 6) }, { parts: parts(16, 1, 2, 1, 16) }]);
    expect(series.map((s) => s.part)).toEqual(['lead', 'assist', 'posts', 'units', 'workflows']);
    expect(series.find((s) => s.part === 'posts')!.points).toEqual([18, 4]);
    expect(series.find((s) => s.part === 'assist')!.points).toEqual([0, 0.5]);
  });
});

describe('the people × posts heatmap', () => {
  const post = (id: string, staff: { id: string; name: string; lead: number; assist: number }[]) =>
    ({ id, title: `岗位${id}`, unit: '某局', staff }) as unknown as Parameters<typeof staffMatrix>[0]['posts'][number];

  it('has a cell where a person leads or assists, worth lead + half of assist, people by what they carry', () => {
    const m = staffMatrix({
      posts: [
        post('p1', [
          { id: 'a', name: '甲', lead: 2, assist: 0 },
          { id: 'b', name: '乙', lead: 0, assist: 2 },
        ]),
        post('p2', []),
        post('p3', [{ id: 'b', name: '乙', lead: 3, assist: 1 }]),
      ],
    });
    // the post nobody works in is left out; 乙 carries 1 + 3.5 and comes first
    expect(m.posts.map((p) => p.id)).toEqual(['p1', 'p3']);
    expect(m.people.map((p) => [p.name, p.total])).toEqual([
      ['乙', 4.5],
      ['甲', 2],
    ]);
    expect(m.cells).toEqual([
      { value: [0, 1, 2], lead: 2, assist: 0 },
      { value: [0, 0, 1], lead: 0, assist: 2 },
      { value: [1, 0, 3.5], lead: 3, assist: 1 },
    ]);
  });
});

describe('the duplicates matrix', () => {
  const owners: DuplicateMatrixResponse['owners'] = [
    { id: 'unit:住建局/建筑业发展服务中心', name: '建筑业发展服务中心', kind: 'centre', region: null },
    { id: 'unit:自然资源局', name: '自然资源局', kind: 'bureau', region: null },
    { id: 'unit:住建局', name: '住建局', kind: 'bureau', region: null },
  ];
  const m: DuplicateMatrixResponse = {
    owners,
    cells: [
      { a: 0, b: 2, pairs: 16, confirmed: 1, rejected: 2 },
      { a: 1, b: 1, pairs: 3, confirmed: 0, rejected: 0 },
      { a: 1, b: 2, pairs: 0, confirmed: 0, rejected: 0 },
    ],
  };

  it('puts each centre under its bureau, and fills both halves of a cell between two owners', () => {
    expect(ownerOrder(owners).map((o) => o.owner.name)).toEqual(['住建局', '建筑业发展服务中心', '自然资源局']);
    const { owners: shown, cells, max } = matrixCells(m);
    expect(shown.map((o) => o.name)).toEqual(['住建局', '建筑业发展服务中心', '自然资源局']);
    expect(max).toBe(16);
    // 住建局 is shown first (0), its centre second (1): the cell reads the same from either; an empty cell is not drawn
    expect(cells.map((c) => c.value)).toEqual([
      [1, 0, 16],
      [0, 1, 16],
      [2, 2, 3],
    ]);
    expect(cells[0]).toMatchObject({ a: 0, b: 2, confirmed: 1, rejected: 2 });
  });

  it('is read a region at a time in a province: its owners, and those outside it that share pairs with them', () => {
    const province: DuplicateMatrixResponse = {
      owners: [
        { id: 'unit:甲区水务局', name: '甲区水务局', kind: 'bureau', region: '甲区' },
        { id: 'unit:甲区商务局', name: '甲区商务局', kind: 'bureau', region: '甲区' },
        { id: 'unit:乙区水务局', name: '乙区水务局', kind: 'bureau', region: '乙区' },
        { id: 'unit:乙区商务局', name: '乙区商务局', kind: 'bureau', region: '乙区' },
        { id: 'unit:市水务局', name: '市水务局', kind: 'bureau', region: '市' },
      ],
      cells: [
        { a: 0, b: 1, pairs: 5, confirmed: 0, rejected: 0 },
        { a: 2, b: 3, pairs: 9, confirmed: 1, rejected: 0 },
        { a: 0, b: 4, pairs: 2, confirmed: 0, rejected: 1 },
      ],
    };
    expect(regionPairs(province)).toEqual([
      { region: '乙区', pairs: 9 },
      { region: '甲区', pairs: 7 },
      { region: '市', pairs: 2 },
    ]);
    const jia = regionMatrix(province, '甲区');
    expect(jia.owners.map((o) => o.name)).toEqual(['甲区水务局', '甲区商务局', '市水务局']);
    expect(jia.cells).toEqual([
      { a: 0, b: 1, pairs: 5, confirmed: 0, rejected: 0 },
      { a: 0, b: 2, pairs: 2, confirmed: 0, rejected: 1 },
    ]);
    expect(regionMatrix(province, '乙区').owners.map((o) => o.name)).toEqual(['乙区水务局', '乙区商务局']);
  });

  const side = (bureau: string, unit: string, text = 'x') => ({ bureau, unit, text }) as DupPair['a'];
  const pair = (key: string, a: DupPair['a'], b: DupPair['a'], score = 0.9) => ({ key, a, b, score }) as DupPair;

  it("finds a side's owner: the centre it sits in, else its bureau", () => {
    expect(ownerOf(side('住建局', '建筑业发展服务中心'), owners)).toBe(0);
    expect(ownerOf(side('住建局', '工程建设管理股'), owners)).toBe(2);
    expect(ownerOf(side('某市局', '某科'), owners)).toBe(-1);
    const p = pair('k', side('住建局', '住建局'), side('住建局', '建筑业发展服务中心'));
    expect(pairBetween(p, owners, 'unit:住建局/建筑业发展服务中心', 'unit:住建局')).toBe(true);
    expect(pairBetween(p, owners, 'unit:住建局', 'unit:住建局/建筑业发展服务中心')).toBe(true);
    expect(pairBetween(p, owners, 'unit:住建局', 'unit:自然资源局')).toBe(false);
  });

  it('groups the list by the two owners, most pairs first, a cluster together before the rest', () => {
    const zj = side('住建局', '住建局');
    const centre = side('住建局', '建筑业发展服务中心');
    const zr = side('自然资源局', '自然资源局');
    const pairs = [pair('p1', zr, zj, 0.99), pair('p2', zj, centre, 0.95), pair('p3', centre, zj, 0.8), pair('p4', zj, centre, 0.7)];
    const clusters = [
      { size: 2, keys: ['p2'], members: [] },
      { size: 3, keys: ['p4', 'p3'], members: [] },
    ];
    const groups = groupPairs(pairs, owners, clusters, 3);
    expect(groups.map((g) => g.names)).toEqual([
      ['住建局', '建筑业发展服务中心'],
      ['住建局', '自然资源局'],
    ]);
    // the cluster of three first (by score within it), then the pair outside any cluster of three
    expect(groups[0]!.pairs.map((p) => [p.pair.key, p.cluster])).toEqual([
      ['p3', 0],
      ['p4', 0],
      ['p2', null],
    ]);
  });
});

describe('the posts × workflows matrix', () => {
  const m: WorkflowMatrixResponse = {
    bureau: { id: 'unit:局', name: '局' },
    posts: [
      { id: 'p1', unit: '局', title: '正职' },
      { id: 'p2', unit: '中心', title: '业务岗1' },
    ],
    workflows: [
      { id: 'w-own', code: null, title: '业务岗1 工作流程', steps: ['收到通知', '办理'] },
      { id: 'w11', code: '11', title: '申报流程图', steps: [] },
      { id: 'w3', code: '3-1-2', title: '3-1-2', steps: [] },
      { id: 'w0', code: '00-1', title: '“三重一大”议事流程图', steps: [] },
    ],
    cells: [
      { post: 'p1', workflow: 'w0', items: 1 },
      { post: 'p1', workflow: 'w11', items: 2 },
      { post: 'p2', workflow: 'w-own', items: 1 },
      { post: 'p2', workflow: 'w3', items: 0 },
    ],
  };

  it('orders coded workflows by their codes, then those written in a post, with a cell where items follow one', () => {
    const g = workflowGrid(m);
    expect(g.workflows.map(workflowLabel)).toEqual(['00-1', '3-1-2', '11', '业务岗1 工作流程']);
    expect(g.cells).toEqual([
      [0, 0, 1],
      [2, 0, 2],
      [3, 1, 1],
    ]);
  });

  it('lists the posts following a workflow', () => {
    expect(postsFollowing(m, 'w11')).toEqual([{ post: m.posts[0], items: 2 }]);
    expect(postsFollowing(m, 'w3')).toEqual([]);
  });
});

describe("the details panel's words", () => {
  it('says properties, their coded values and relationships in words, in both languages', () => {
    expect(fieldLine('kind', 'principal')).toBe('类别：正职岗位');
    expect(fieldLine('vacant', true)).toBe('空缺：是');
    expect(fieldLine('seq', 3)).toBe('岗位序号：3');
    expect(relationName('LEADS', 'out')).toBe('→ 牵头');
    expect(relationName('PART_OF', 'in')).toBe('← 隶属');
    setLang('en');
    expect(fieldLine('kind', 'centre')).toBe('kind: centre');
    expect(fieldLine('code', '00-1')).toBe('workflow code: 00-1');
    expect(relationName('OVERSEES', 'out')).toBe('→ oversees');
    // a key the client does not know yet is shown as it is
    expect(fieldLine('newKey', 'v')).toBe('newKey: v');
  });
});
