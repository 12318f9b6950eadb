import { describe, expect, it } from 'vitest';
import { diffDocuments, documentCounts, itemDifferences, itemLabel, peopleOf, unchanged, type DiffDocument, type DiffItem } from './document-diff.ts';

/** A work item with nothing in it but what a test gives. */
const item = (o: Partial<DiffItem> = {}): DiffItem => ({
  number: null,
  title: null,
  functions: [],
  responsibilities: [],
  workflowCodes: [],
  steps: [],
  leads: [],
  assistants: [],
  remarks: null,
  ...o,
});

/** A document the tests may edit in place. */
interface Doc extends DiffDocument {
  units: { name: string; posts: { title: string; workItems: DiffItem[] }[] }[];
}

/** 办公室: 正职 (one item led by 张三), 业务岗 (two items); 服务中心: a duty post without item titles. */
const base = (): Doc => ({
  units: [
    {
      name: '办公室',
      posts: [
        { title: '正职岗位', workItems: [item({ number: 1, title: '全面工作', leads: ['张三'] })] },
        {
          title: '业务岗1：文秘岗',
          workItems: [
            item({ number: 1, title: '公文处理', leads: ['李四'], assistants: ['王五'] }),
            item({ number: 2, title: '会议组织', leads: ['李四'], functions: [{ text: '组织局务会议', type: null }] }),
          ],
        },
      ],
    },
    {
      name: '服务中心',
      posts: [{ title: '中心主任', workItems: [item({ functions: [{ text: '主持中心全面工作', type: null }], leads: ['赵六'] })] }],
    },
  ],
});

describe('document counts', () => {
  it('counts units, posts, items and distinct people among leads and assistants', () => {
    expect(documentCounts(base())).toEqual({ units: 2, posts: 3, workItems: 4, people: 4 });
    expect(peopleOf(base())).toEqual(['张三', '李四', '王五', '赵六']);
  });
});

describe('item labels', () => {
  it('is the title, else the first function, else the first responsibility, else the position', () => {
    expect(itemLabel(item({ title: ' 公文\n处理 ' }), 0)).toBe('公文 处理');
    expect(itemLabel(item({ functions: [{ text: '主持工作', type: null }] }), 0)).toBe('主持工作');
    expect(itemLabel(item({ responsibilities: [{ text: '审核', type: '审核责任' }] }), 0)).toBe('审核');
    expect(itemLabel(item(), 2)).toBe('#3');
  });
  it('names the fields two versions of an item differ in', () => {
    const a = item({ title: 'x', leads: ['甲'], workflowCodes: ['1-1'] });
    expect(itemDifferences(a, a)).toEqual([]);
    expect(itemDifferences(a, { ...a, leads: ['乙'], workflowCodes: ['1-2'], remarks: '备注' })).toEqual(['workflow', 'leads', 'remarks']);
    // whitespace in a function is no change
    expect(itemDifferences(item({ functions: [{ text: '组织 会议', type: null }] }), item({ functions: [{ text: '组织  会议', type: null }] }))).toEqual([]);
  });
});

describe('comparing two versions of a document', () => {
  it('finds nothing between a document and itself', () => {
    const c = diffDocuments(base(), base());
    expect(unchanged(c)).toBe(true);
    expect(c.posts).toEqual({ added: { total: 0, list: [] }, removed: { total: 0, list: [] }, changed: { total: 0, list: [] } });
  });

  it('lists a post removed, an item added, and a person renamed, and nothing else', () => {
    const after = base();
    const office = after.units[0]!;
    // 正职岗位 removed (张三 goes with it)
    office.posts.splice(0, 1);
    // 业务岗 gets a third item, and 李四 is now 李思
    const clerk = office.posts[0]!;
    clerk.workItems = [
      ...clerk.workItems.map((i) => ({ ...i, leads: i.leads.map((n) => (n === '李四' ? '李思' : n)) })),
      item({ number: 3, title: '档案管理', leads: ['王五'] }),
    ];
    const c = diffDocuments(base(), after);
    expect(c.units).toEqual({ added: { total: 0, list: [] }, removed: { total: 0, list: [] } });
    expect(c.posts.added).toEqual({ total: 0, list: [] });
    expect(c.posts.removed).toEqual({ total: 1, list: [{ unit: '办公室', post: '正职岗位', items: 1 }] });
    expect(c.posts.changed).toEqual({ total: 1, list: [{ unit: '办公室', post: '业务岗1：文秘岗', itemsAdded: 1, itemsRemoved: 0, itemsChanged: 2 }] });
    // the removed post's item is counted with its post, not listed again
    expect(c.workItems.removed).toEqual({ total: 0, list: [] });
    expect(c.workItems.added).toEqual({ total: 1, list: [{ unit: '办公室', post: '业务岗1：文秘岗', item: '档案管理' }] });
    expect(c.workItems.changed.list).toEqual([
      { unit: '办公室', post: '业务岗1：文秘岗', item: '公文处理', fields: ['leads'] },
      { unit: '办公室', post: '业务岗1：文秘岗', item: '会议组织', fields: ['leads'] },
    ]);
    expect(c.people).toEqual({ added: { total: 1, list: ['李思'] }, removed: { total: 2, list: ['张三', '李四'] } });
    expect(unchanged(c)).toBe(false);
  });

  it('lists a unit and its posts added, and knows a duty post’s items by their first function', () => {
    const after = base();
    after.units[1]!.posts[0]!.workItems.push(item({ functions: [{ text: '负责财务管理', type: null }] }));
    after.units.push({ name: '法规科', posts: [{ title: '正职岗位', workItems: [item({ title: '法制审核' }), item({ title: '普法' })] }] });
    const c = diffDocuments(base(), after);
    expect(c.units.added).toEqual({ total: 1, list: ['法规科'] });
    // the same title in another unit is another post
    expect(c.posts.added.list).toEqual([{ unit: '法规科', post: '正职岗位', items: 2 }]);
    expect(c.workItems.added.list).toEqual([{ unit: '服务中心', post: '中心主任', item: '负责财务管理' }]);
    expect(c.posts.changed.list).toEqual([{ unit: '服务中心', post: '中心主任', itemsAdded: 1, itemsRemoved: 0, itemsChanged: 0 }]);
  });

  it('tells apart posts and items of the same name by their order', () => {
    const twice = (titles: string[]): Doc => ({
      units: [{ name: '科', posts: titles.map((title) => ({ title, workItems: [item({ title: '事项' }), item({ title: '事项' })] })) }],
    });
    const c = diffDocuments(twice(['业务岗']), twice(['业务岗', '业务岗']));
    expect(c.posts.added.list).toEqual([{ unit: '科', post: '业务岗 (2)', items: 2 }]);
    const fewer = twice(['业务岗']);
    fewer.units[0]!.posts[0]!.workItems.pop();
    expect(diffDocuments(twice(['业务岗']), fewer).workItems.removed.list).toEqual([{ unit: '科', post: '业务岗', item: '事项 (2)' }]);
  });

  it('keeps at most `cap` entries of a list and says how many there are', () => {
    const many = (n: number): DiffDocument => ({
      units: [{ name: '科', posts: Array.from({ length: n }, (_, i) => ({ title: `岗位${i + 1}`, workItems: [] })) }],
    });
    const c = diffDocuments(many(1), many(12), 5);
    expect(c.posts.added.total).toBe(11);
    expect(c.posts.added.list.map((p) => p.post)).toEqual(['岗位2', '岗位3', '岗位4', '岗位5', '岗位6']);
  });
});
