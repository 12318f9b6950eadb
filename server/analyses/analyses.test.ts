import { describe, expect, it } from 'vitest';
import { clusters, jaccard, normaliseDuty, shingles, similarPairsExact, similarPairsLsh } from './duplicates.ts';
import { quantile, rankOverload } from './overload.ts';
import { inferReporting, type PostFacts } from './reporting.ts';
import { sharedWorkflows } from './shared-workflows.ts';

const post = (o: Partial<PostFacts> & { id: string }): PostFacts => ({
  unitId: 'unit:局',
  unitKind: 'bureau',
  unitName: '局',
  bureauId: 'unit:局',
  kind: 'staff',
  title: o.id,
  leads: [],
  assistants: [],
  oversees: [],
  doc: 'd.txt',
  lineStart: 1,
  ...o,
});

describe('reporting lines', () => {
  const posts = [
    post({ id: 'head', kind: 'principal', leads: ['张亚'] }),
    post({ id: 'dep1', kind: 'deputy', leads: ['吕奉华'], assistants: ['李伟'], oversees: ['unit:局/centre'] }),
    post({ id: 'dep2', kind: 'deputy', leads: ['王辉'], oversees: ['unit:局/办公室'] }),
    post({ id: 'a', leads: ['李伟'] }),
    post({ id: 'b', leads: ['王辉'] }),
    post({ id: 'c', leads: ['孙浩'] }),
    post({ id: 'd', leads: ['无名'] }),
    post({ id: 'centre1', unitId: 'unit:局/centre', unitKind: 'centre', unitName: '中心', leads: ['某某'] }),
    post({ id: 'dept-head', unitId: 'unit:科', unitKind: 'department', unitName: '科', bureauId: 'unit:市局', kind: 'principal' }),
    post({ id: 'dept-staff', unitId: 'unit:科', unitKind: 'department', unitName: '科', bureauId: 'unit:市局' }),
  ];
  const r = inferReporting(posts, [{ person: '孙浩', unitId: 'unit:局/办公室', bureauId: 'unit:局', doc: 'd.txt', lineStart: 9 }]);
  const edge = (from: string) => r.edges.filter((e) => e.from === from).map((e) => [e.to, e.rules.join(',')]);

  it('applies each rule and records why', () => {
    expect(edge('dep1')).toEqual([['head', 'deputy-principal']]);
    expect(edge('a')).toEqual([['dep1', 'assistant-list']]);
    expect(edge('b')).toEqual([['dep2', 'deputy-leads']]);
    expect(edge('c')).toEqual([['dep2', 'section-head']]);
    expect(edge('centre1')).toEqual([['dep1', 'oversees-centre']]);
    expect(edge('dept-staff')).toEqual([['dept-head', 'department']]);
    expect(r.edges.find((e) => e.from === 'c')!.basis).toContain('d.txt:9');
  });
  it('leaves a post without evidence unplaced, and principals at the top', () => {
    expect(r.unplaced).toEqual(['d']);
    expect(r.heads).toEqual(['head', 'dept-head']);
  });
});

describe('duplicate duties', () => {
  it('normalises jurisdiction words and boilerplate', () => {
    expect(normaliseDuty('市国土空间规划的编制和衔接工作')).toBe(normaliseDuty('区国土空间规划的编制和衔接工作'));
    expect(normaliseDuty('负责全区造林绿化工作')).toBe('造林绿化');
    expect(jaccard(shingles('造林绿化'), shingles('造林绿化'))).toBe(1);
  });

  it('finds with LSH what exact all-pairs finds, and never pairs texts of one post', () => {
    const base = [
      '国土空间规划的编制和衔接',
      '测绘资质审批',
      '永久基本农田特殊保护',
      '地质灾害防治管理',
      '城建档案管理',
      '燃气行业监管',
      '供热行业监管',
      '农村危房改造监管',
    ];
    const texts = base.flatMap((t, i) => [
      { id: `a${i}`, text: `全市${t}工作`, group: 'city' + i },
      { id: `b${i}`, text: `全区${t}工作。`, group: 'district' + i },
      { id: `c${i}`, text: `${t}`, group: 'city' + i },
    ]);
    const exact = similarPairsExact(texts, 0.6);
    const lsh = similarPairsLsh(texts, 0.6).pairs;
    expect(exact.length).toBeGreaterThanOrEqual(16);
    expect(lsh).toEqual(exact);
    expect(lsh.some((p) => p.a === 'a0' && p.b === 'c0')).toBe(false);
  });

  it('groups pairs into clusters', () => {
    expect(
      clusters([
        { a: 'x', b: 'y', score: 1 },
        { a: 'y', b: 'z', score: 1 },
        { a: 'p', b: 'q', score: 1 },
      ]),
    ).toEqual([
      ['x', 'y', 'z'],
      ['p', 'q'],
    ]);
  });
});

describe('overload', () => {
  it('ranks by the weighted index and explains it', () => {
    const ranked = rankOverload([
      { id: '1', name: '王金峰', bureau: 'b', leadItems: 16, assistItems: 1, posts: ['p1', 'p2'], units: ['u1'], workflows: 0 },
      {
        id: '2',
        name: '刘志珠',
        bureau: 'b',
        leadItems: 12,
        assistItems: 0,
        posts: Array.from({ length: 9 }, (_, i) => `p${i}`),
        units: ['u1', 'u2'],
        workflows: 0,
      },
    ]);
    expect(ranked.map((p) => p.name)).toEqual(['刘志珠', '王金峰']);
    expect(ranked[0]!.parts.filter((x) => x.count > 0).map((x) => [x.part, x.count])).toEqual([
      ['lead', 12],
      ['posts', 9],
      ['units', 2],
    ]);
    expect(ranked[0]!.parts.find((x) => x.part === 'posts')!.points).toBe(18);
    expect(ranked[1]!.score).toBe(16 + 0.5 + 4 + 3);
  });
  it('puts the threshold at the quantile asked for: one person in ten at or above the 90th percentile', () => {
    expect(quantile([5, 1, 9, 3, 7, 2, 8, 4, 6, 10], 0.9)).toBe(10);
    expect(quantile([5, 1, 9, 3, 7, 2, 8, 4, 6, 10], 0.5)).toBe(6);
    expect(quantile([], 0.9)).toBe(0);
  });
});

describe('shared workflows', () => {
  it('groups posts by code within a bureau and by identical steps', () => {
    const groups = sharedWorkflows([
      { postId: 'p1', bureau: 'A', code: '00-1', workflowId: 'workflow:A/00-1', steps: [] },
      { postId: 'p2', bureau: 'A', code: '00-1', workflowId: 'workflow:A/00-1', steps: [] },
      { postId: 'q1', bureau: 'B', code: '00-1', workflowId: 'workflow:B/00-1', steps: [] },
      { postId: 'c1', bureau: 'A', code: null, workflowId: 'w1', steps: ['收到通知', '明确承办', '落实'] },
      { postId: 'c2', bureau: 'A', code: null, workflowId: 'w2', steps: ['收到通知', '明确承办', '落实'] },
      { postId: 'c3', bureau: 'A', code: null, workflowId: 'w3', steps: ['造林设计', '公开招标', '施工'] },
    ]);
    expect(groups.map((g) => [g.kind, g.bureau, g.posts])).toEqual([
      ['code', 'A', ['p1', 'p2']],
      ['steps', 'A', ['c1', 'c2']],
    ]);
  });
});

describe('similar pairs within realms', () => {
  it('chains a duty written alike in two districts within each district only', () => {
    const texts = [
      { id: 'a1', text: '负责全区燃气管理工作。', group: 'u1', realm: '甲区' },
      { id: 'b1', text: '负责全区燃气管理工作。', group: 'u2', realm: '乙区' },
      { id: 'a2', text: '负责全区燃气管理工作。', group: 'u3', realm: '甲区' },
      { id: 'c', text: '负责全区燃气管理工作。', group: 'u4', realm: null },
    ];
    const pairs = similarPairsLsh(texts, 0.5).pairs.map((p) => `${p.a}|${p.b}`);
    expect(pairs).toContain('a1|a2');
    expect(pairs.some((p) => p.includes('a1') && p.includes('b1'))).toBe(false);
    expect(pairs.some((p) => p.includes('a2') && p.includes('b1'))).toBe(false);
    // a text whose bureau the name does not place (a city's section) meets every district
    expect(pairs.some((p) => p.includes('c'))).toBe(true);
  });
});
