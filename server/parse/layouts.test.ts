/** Messy fragments of both layouts → the canonical document, with expectations written by hand. */
import { describe, expect, it } from 'vitest';
import { ParseError, parseBytes, parseText } from './index.ts';

const HEADER = '序号\t岗位名称\t工作事项\t岗位职能描述\t岗位责任描述\t工作流程\t负责人\t\t备注\n\t\t\t\t\t\t牵头负责人\t辅助人员\t';

const tab = [
  '## 某区某某局定岗定责定流程表',
  '',
  HEADER,
  '1\t部门领导副职岗位1\t配合局长开展工作。\t1. 负责执法工作，分管执法大队、信访室。\t1. 决策责任：及时决定。\t00-1 00-2\t吕奉华\t李 伟 张 峰 秦曾艳\t',
  '2\t业务岗1: 财务岗\t一、预算管理\t编制预算。\t落实责任: 编制预算。\t4-1-1-1\t李秀文\t王妍\t',
  '\t\t二、会计核算\t会计核算。\t核算责任: 核算。\t4-1-2-1\t李秀文\t王妍\t',
  '\t\t一、各级收文\t收文登记。\t落实责任: 登记。\t5-2-1\t郑博文\t孙大鹏\t',
  '',
  HEADER,
  '3\t业务岗2: 公文岗\t二、发文管理\t文号发放。\t管理责任: 发放。\t详见5-2-2\t宁 邕\t郑博文\t',
  '\t\t三、资产管理\t划拨出让。\t实施责任: 实施。\t\t\t张会\t李敬翰\t',
  '\t\t四、市场监测\t监测。\t监管责任: 监管。\t\t\t\t\t',
  '',
  '5-2-2',
  '',
  '## 发文流程图',
  '',
  '### 没有编号的流程图',
].join('\n');

describe('tab-table layout', () => {
  const doc = parseText(tab, 'fixture.txt');
  const posts = doc.units[0]!.posts;

  it('names the bureau from its heading', () => {
    expect(doc.units.map((u) => [u.name, u.kind, u.parent])).toEqual([['某区某某局', 'bureau', null]]);
  });

  it('starts the next post where the numbering restarts at 一 with empty post cells', () => {
    expect(posts.map((p) => [p.seq, p.title])).toEqual([
      [1, '部门领导副职岗位1'],
      [2, '业务岗1: 财务岗'],
      [3, '业务岗2: 公文岗'],
    ]);
    expect(posts[1]!.workItems.map((i) => i.title)).toEqual(['预算管理', '会计核算']);
    expect(posts[2]!.workItems.map((i) => i.title)).toEqual(['各级收文', '发文管理', '资产管理', '市场监测']);
  });

  it('reads padded names, shifted staff cells and empty ones', () => {
    expect(posts[0]!.workItems[0]!.assistants).toEqual(['李伟', '张峰', '秦曾艳']);
    const [first, second, shifted, empty] = posts[2]!.workItems;
    expect([first!.leads, first!.assistants]).toEqual([['郑博文'], ['孙大鹏']]);
    expect(second!.leads).toEqual(['宁邕']);
    expect([shifted!.leads, shifted!.assistants]).toEqual([['张会'], ['李敬翰']]);
    expect([empty!.leads, empty!.assistants]).toEqual([[], []]);
    expect(doc.findings.some((f) => f.kind === 'shifted-staff' && f.provenance.lines[0] === 13)).toBe(true);
  });

  it('keeps provenance to the line', () => {
    expect(posts[2]!.workItems[0]!.provenance).toEqual({ doc: 'fixture.txt', lines: [8, 8] });
    expect(posts[2]!.provenance.lines).toEqual([8, 14]);
  });

  it('reads 分管 and the flowchart printed after its code', () => {
    expect(posts[0]!.oversees).toEqual(['执法大队', '信访室']);
    expect(doc.flowcharts.map((f) => [f.code, f.title])).toEqual([['5-2-2', '发文流程图']]);
    expect(doc.findings.find((f) => f.kind === 'uncoded-flowchart')?.message).toContain('没有编号的流程图');
    expect(doc.workflowLinks).toContainEqual({ code: '5-2-2', flowchart: '5-2-2', basis: 'same code' });
  });
});

const flow = [
  '某区住房和城乡建设局定岗定责定流程表',
  '序号 岗位名称 工作事项 岗位职能描述 岗位责任描述 工作流程',
  '负责人',
  '1',
  '部门领导',
  '正职岗位',
  '主持住建局党组',
  '全面工作。',
  '1.负责全面工作。',
  '1.决策责任：及时、准确决定局党组工作。',
  '00-1',
  '孙鸿鹄',
  '2',
  '业务岗位',
  '1、综合管',
  '理岗',
  '一、保密和印章',
  '管理',
  '负责住建局印章的管理和使',
  '用。',
  '审核责任：审核用印是否符合有关规定。',
  '03-1 孙 浩 甘 鹏',
  '二、党组织建设',
  '工作',
  '1.负责发展党员工作。',
  '党建责任：按照上级要求完成机关党建工作。 孙 浩 刘 乔',
  '  孙浩负责办公室，刘',
  '志珠负责工程建设管理股',
  '-5-',
  '3-1-1',
  '城市项目建设初步计划制定工作流程图',
  '开始',
  '-6-',
  '某区住房保障服务中心定岗定责定流程表',
  '隶属关系：区住建局所属',
  '宗旨和业务范围 为人民群众提供住房保障服务。',
  '序号 岗位名称 工作事项 工作流程',
  '1',
  '业务岗位 1、住房保',
  '障服务岗',
  '1. 承担房地产市场监督管理辅助工作；',
  '2. 承担保障性住房申报材料服务性工',
  '作；',
  '1. 收到通知工作安',
  '排。',
  '2. 明确承办股室。',
  '潘 伟',
  '刘广海',
].join('\n');

describe('pdf-flow layout', () => {
  const doc = parseText(flow, 'flow.txt');
  const [bureau, centre] = doc.units;

  it('reads posts whose titles are broken over lines', () => {
    expect(bureau!.posts.map((p) => [p.seq, p.title, p.kind])).toEqual([
      [1, '部门领导正职岗位', 'principal'],
      [2, '业务岗位1、综合管理岗', 'staff'],
    ]);
  });

  it('tells item titles from functions, responsibilities and staff', () => {
    const items = bureau!.posts[1]!.workItems;
    expect(items.map((i) => i.title)).toEqual(['保密和印章管理', '党组织建设工作']);
    expect(items[0]!.functions.map((f) => f.text)).toEqual(['负责住建局印章的管理和使用。']);
    expect(items[0]!.responsibilities[0]!.type).toBe('审核责任');
    expect([items[0]!.workflowCodes, items[0]!.leads, items[0]!.assistants]).toEqual([['03-1'], ['孙浩'], ['甘鹏']]);
    expect([items[1]!.leads, items[1]!.assistants]).toEqual([['孙浩'], ['刘乔']]);
  });

  it('reads who heads which section from a remark', () => {
    expect(doc.sectionHeads.map((h) => [h.person, h.section])).toEqual([
      ['孙浩', '办公室'],
      ['刘志珠', '工程建设管理股'],
    ]);
  });

  it('links a code printed in another form to its flowchart', () => {
    expect(doc.flowcharts.map((f) => [f.code, f.title])).toEqual([['3-1-1', '城市项目建设初步计划制定工作流程图']]);
    expect(doc.workflowLinks.find((l) => l.code === '03-1')?.flowchart).toBe('3-1-1');
  });

  it('reads a centre: its bureau, mission, duties, steps and staff', () => {
    expect([centre!.name, centre!.kind, centre!.parent, centre!.mission]).toEqual([
      '某区住房保障服务中心',
      'centre',
      '某区住房和城乡建设局',
      '为人民群众提供住房保障服务。',
    ]);
    const item = centre!.posts[0]!.workItems[0]!;
    expect(item.title).toBeNull();
    expect(item.functions.map((f) => f.text)).toEqual(['承担房地产市场监督管理辅助工作；', '承担保障性住房申报材料服务性工作；']);
    expect(item.steps).toEqual(['收到通知工作安排。', '明确承办股室。']);
    expect([item.leads, item.assistants]).toEqual([['潘伟'], ['刘广海']]);
  });
});

describe('refused input', () => {
  const refuse = async (bytes: Buffer, name = 'bad.txt') => {
    try {
      await parseBytes(bytes, name);
    } catch (e) {
      expect(e).toBeInstanceOf(ParseError);
      return (e as ParseError).message;
    }
    throw new Error('accepted');
  };
  it('names the file and the reason, and the line where one applies', async () => {
    expect(await refuse(Buffer.alloc(0))).toBe('bad.txt: the file is empty');
    expect(await refuse(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]))).toBe('bad.txt: the file is binary, not text');
    expect(await refuse(Buffer.from('<!DOCTYPE html><html><body>404</body></html>'), 'page.html')).toMatch(/^page\.html: no 定岗定责 table found/);
    expect(await refuse(Buffer.from('hello\nworld\n'))).toMatch(/no 定岗定责 table found/);
  });
  it('refuses a table cut off in the middle of a row', async () => {
    const cut = tab
      .split('\n')
      .slice(0, 12)
      .join('\n')
      .replace(/\t详见5-2-2\t宁 邕\t郑博文\t$/, '');
    expect(await refuse(Buffer.from(cut))).toMatch(/^bad\.txt:12: the table is cut off/);
  });
  it('accepts a byte-order mark and CRLF line ends', async () => {
    const { doc } = await parseBytes(Buffer.from('\uFEFF' + tab.replace(/\n/g, '\r\n')), 'crlf.txt');
    expect(doc.units[0]!.posts).toHaveLength(3);
  });
});

describe('text a user writes by hand', () => {
  it('reads a title line without markdown, the header and two rows', async () => {
    const text = [
      '某区某某局定岗定责定流程表',
      HEADER,
      '1\t业务岗1: 财务岗\t一、预算管理\t编制预算。\t落实责任: 编制预算。\t4-1-1-1\t李秀文\t王妍\t',
      '\t\t二、会计核算\t会计核算。\t核算责任: 核算。\t4-1-2-1\t李秀文\t\t',
    ].join('\n');
    const { doc } = await parseBytes(Buffer.from(text), 'hand.txt');
    expect(doc.units.map((u) => u.name)).toEqual(['某区某某局']);
    expect(doc.units[0]!.posts[0]!.workItems.map((i) => [i.title, i.leads, i.assistants])).toEqual([
      ['预算管理', ['李秀文'], ['王妍']],
      ['会计核算', ['李秀文'], []],
    ]);
  });
});
