/** The interpreter on table models written by hand: what a reader gives for pages, spans and headers. */
import { describe, expect, it } from 'vitest';
import { DocumentBuilder } from './builder.ts';
import { interpret } from './interpret.ts';
import type { Block, TableDocument, TableRow } from './table-model.ts';

const cell = (text: string, rowSpan = 1, colSpan = 1) => ({ text, rowSpan, colSpan, place: {} });
const row = (texts: string[], o: { continues?: boolean } = {}): TableRow => ({ cells: texts.map((t) => cell(t)), place: {}, ...o });
const heading: Block = { kind: 'text', text: '某区某某局定岗定责定流程表', place: {} };

function read(rows: TableRow[]) {
  const doc: TableDocument = { format: 'pdf', blocks: [heading, { kind: 'table', rows, place: {} }] };
  const b = new DocumentBuilder('t.pdf');
  let line = 0;
  interpret(doc, 't.pdf', b, () => ++line);
  return b.units[0]!.posts.map((p) => ({ title: p.title, items: p.workItems.map((i) => [i.title ?? i.functions.map((f) => f.text).join('；'), i.leads]) }));
}

describe('the first row after a page break', () => {
  it('is joined to the row before when it only goes on with it', () => {
    expect(
      read([
        row(['序号', '岗位名称', '工作事项', '岗位职能描述', '负责人']),
        row(['1', '综合岗', '一、公文分发、', '负责公文的', '张三']),
        row(['', '', '办理', '分发和办理。', ''], { continues: true }),
      ]),
    ).toEqual([{ title: '综合岗', items: [['公文分发、办理', ['张三']]] }]);
  });

  it('starts its own item when numbered （二）, and its own post where no 序号 column tells posts apart', () => {
    expect(
      read([
        row(['岗位名称', '工作事项', '岗位职能描述', '负责人']),
        row(['综合岗', '（一）文电工作', '负责文电。', '张三']),
        row(['', '（二）会务工作', '负责会务。', ''], { continues: true }),
        row(['财务岗', '（一）预算管理', '编制预算。', '李四']),
        row(['人事岗', '（一）编制管理', '管理编制。', ''], { continues: true }),
      ]).map((p) => [p.title, p.items.length]),
    ).toEqual([
      ['综合岗', 2],
      ['财务岗', 1],
      ['人事岗', 1],
    ]);
  });

  it("keeps a centre's duties apart when each row names its own staff", () => {
    expect(
      read([
        row(['序号', '岗位名称', '工作事项', '负责人']),
        row(['1', '综合服务岗', '负责会议工作。', '张三']),
        row(['', '', '负责档案工作。', '李四'], { continues: true }),
      ]),
    ).toEqual([
      {
        title: '综合服务岗',
        items: [
          ['负责会议工作。', ['张三']],
          ['负责档案工作。', ['李四']],
        ],
      },
    ]);
  });
});

describe('headers', () => {
  it('reads a header that names 岗位名称 among words of its own', () => {
    expect(
      read([row(['序号', '岗位名称', '工作事项', '工作职责', '完成时限', '负责人']), row(['1', '综合岗', '一、文电工作', '收发文', '当日', '张三'])]),
    ).toEqual([{ title: '综合岗', items: [['文电工作', ['张三']]] }]);
  });
});
