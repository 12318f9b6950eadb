/** The five seed documents parsed; every expectation here was read off the documents by hand. */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { parseFile } from '../server/parse/index.ts';
import type { CanonicalDocument, Post } from '../server/model/document.ts';

const files: Record<string, string> = {
  '000': '000_ae071096d0a343be.txt',
  '001': '001_235204e8eaa0ab65.txt',
  '002': '002_1d96b95df6727d9d.txt',
  '003': '003_90b0739c8a746637.txt',
  '004': '004_7b182d738f404b3f.txt',
};
const parsed = new Map<string, CanonicalDocument>();
for (const prefix of Object.keys(files)) parsed.set(prefix, await parseFile(path.join('seeds', files[prefix]!)));
const seed = (prefix: string) => parsed.get(prefix)!;
const post = (d: CanonicalDocument, unit: number, seq: number): Post => d.units[unit]!.posts.find((p) => p.seq === seq)!;
const staff = (p: Post) => p.workItems.map((i) => [i.title, i.leads, i.assistants]);

describe('000: 山亭区自然资源局 and its three centres', () => {
  const d = seed('000');
  it('has the bureau and three centres that belong to it', () => {
    expect(d.units.map((u) => [u.name, u.kind, u.parent, u.posts.length])).toEqual([
      ['山亭区自然资源局', 'bureau', null, 15],
      ['山亭区林业资源发展中心', 'centre', '山亭区自然资源局', 4],
      ['山亭区自然资源生态修复中心', 'centre', '山亭区自然资源局', 3],
      ['山亭区自然资源事业发展中心', 'centre', '山亭区自然资源局', 6],
    ]);
  });
  it("puts 各级收文及公文督办, printed on 财务岗's last row, under 公文及日常政务岗", () => {
    expect(post(d, 0, 4).workItems.map((i) => i.title)).toEqual(['预算管理和绩效评价管理', '会计核算和出纳管理', '固定资产管理、内部审计监督、政府采购']);
    expect(post(d, 0, 5).workItems[0]).toMatchObject({ title: '各级收文及公文督办', leads: ['郑博文'], assistants: ['孙大鹏'], workflowCodes: ['5-2-1'] });
    expect(post(d, 0, 5).workItems).toHaveLength(5);
  });
  it('reads the shifted staff of 自然资源资产核算和用地管理岗 and leaves its empty rows without staff', () => {
    expect(staff(post(d, 0, 11)).slice(3, 8)).toEqual([
      ['资产管理工作', [], []],
      ['自然资源有偿使用制度建设', ['张会'], ['李敬翰']],
      ['自然资源市场交易和调控工作', ['张会'], ['李敬翰']],
      ['自然资源市场交易平台和市场信用体系建设', ['张会'], ['李敬翰']],
      ['自然资源市场动态监测监管', [], []],
    ]);
  });
  it('reads 韩 山 赵 阳 刘 聪 as the same three people as 韩山 赵阳 刘聪', () => {
    const assistants = new Set(post(d, 0, 10).workItems.flatMap((i) => i.assistants));
    expect([...assistants]).toEqual(['韩山', '赵阳', '刘聪']);
  });
  it('counts 王金峰 leading all 16 items of 地理国情监测评价和测绘管理岗', () => {
    const led = d.units.flatMap((u) => u.posts.flatMap((p) => p.workItems)).filter((i) => i.leads.includes('王金峰'));
    expect(led).toHaveLength(16);
  });
  it("reads the deputies' 分管 lists", () => {
    expect(post(d, 0, 2).oversees).toEqual(['执法大队', '信访室', '法规室']);
    expect(post(d, 0, 3).oversees).toContain('林业资源发展中心');
  });
  it('reads the centres: leads, steps and mission', () => {
    expect(staff(d.units[2]!.posts[0]!)).toEqual([[null, ['郝娟'], []]]);
    expect(d.units[1]!.posts[0]!.workItems[0]!.steps.slice(0, 3)).toEqual(['造林作业设计', '公开招标', '作业施工']);
    expect(d.units[1]!.mission).toBe('承担山亭区林草资源培育、林草产业技术推广、林草种质资源管理工作');
  });
  it('pairs 41 printed codes with their flowchart titles and links 12-9-3 to the chart printed as 10-9-3', () => {
    expect(d.flowcharts).toHaveLength(41);
    expect(d.flowcharts.find((f) => f.code === '4-1-2-2')?.title).toBe('出纳管理 workflows 图');
    expect(d.workflowLinks.find((l) => l.code === '12-9-3')?.flowchart).toBe('10-9-3');
    expect(d.workflowLinks.find((l) => l.flowchart === '11-8-7')?.code).toBeNull();
  });
});

describe('001–003: three departments of 市自然资源和规划局', () => {
  it('makes each a department of the one bureau, without staff columns', () => {
    const units = ['001', '002', '003'].map((s) => seed(s).units[0]!);
    expect(units.map((u) => [u.name, u.kind, u.parent, u.staffColumns])).toEqual([
      ['耕地保护和生态修复科', 'department', '市自然资源和规划局', false],
      ['自然资源所有者权益和开发利用科', 'department', '市自然资源和规划局', false],
      ['国土空间规划科', 'department', '市自然资源和规划局', false],
    ]);
    expect(units.every((u) => u.posts.every((p) => !p.vacant))).toBe(true);
  });
  it('starts a post where numbering restarts at 一 (002)', () => {
    const d = seed('002');
    expect(d.units[0]!.posts.map((p) => [p.seq, p.workItems.length])).toEqual([
      [1, 1],
      [2, 1],
      [3, 4],
      [4, 4],
      [5, 5],
    ]);
    expect(post(d, 0, 3).workItems[0]!.title).toBe('拟定我市自然资源有偿使用制度，并监督实施');
  });
  it('reads 详见 references inside HTML (003)', () => {
    expect(post(seed('003'), 0, 4).workItems[0]!.workflowCodes).toEqual(['07-2-1', '07-2-2']);
    expect(post(seed('003'), 0, 3).workItems[0]!.title).toBe('市国土空间规划的编制和衔接工作');
  });
});

describe('004: 山亭区住房和城乡建设局 in PDF reading order', () => {
  const d = seed('004');
  it('has the bureau with 16 posts and two centres that belong to it', () => {
    expect(d.units.map((u) => [u.name, u.kind, u.parent, u.posts.length])).toEqual([
      ['山亭区住房和城乡建设局', 'bureau', null, 16],
      ['山亭区住房保障服务中心', 'centre', '山亭区住房和城乡建设局', 3],
      ['山亭区建筑业发展服务中心', 'centre', '山亭区住房和城乡建设局', 4],
    ]);
  });
  it('reads the leaders, the vacant second deputy and what each deputy oversees', () => {
    expect(staff(post(d, 0, 1))).toEqual([['主持住建局党组全面工作', ['孙鸿鹄'], []]]);
    expect(post(d, 0, 2).oversees).toEqual(['城市建设股', '乡村建设股']);
    expect(post(d, 0, 3)).toMatchObject({ title: '部门领导副职岗位2', vacant: true, oversees: ['办公室', '工程建设管理股', '房地产业管理股'] });
  });
  it('reads 综合管理岗 across two pages with every lead and assistant', () => {
    expect(staff(post(d, 0, 4))).toEqual([
      ['公文分发、办理', ['孙浩'], ['崔根']],
      ['保密和印章管理', ['孙浩'], ['甘鹏']],
      ['文字综合工作', ['孙浩'], ['任伟']],
      ['信访及接待工作办理', ['潘伟'], ['杨靖']],
      ['会计管理工作', ['潘伟'], ['鲁大宝']],
      ['出纳业务', ['潘伟'], ['鲁大宝']],
      ['人事管理工作', ['潘伟'], ['曹明']],
      ['党组织建设工作', ['孙浩'], ['刘乔']],
    ]);
  });
  it("ignores post 6's label printed again below post 7", () => {
    expect(post(d, 0, 6).workItems.map((i) => i.title)).toEqual([
      '城建行业管及配合好市城建科全面工作',
      '城建行业统计、上报',
      '城建档案管理',
      '燃气行业监管',
      '供热行业监管',
    ]);
    expect(post(d, 0, 7).workItems).toHaveLength(4);
  });
  it('reads names one per line and codes that are bare numbers', () => {
    expect(staff(post(d, 0, 9))[0]).toEqual(['指导全区住房建设管理工作', ['潘伟'], ['周生强', '罗永']]);
    expect(post(d, 0, 8).workItems[0]!.workflowCodes).toEqual(['05']);
    expect(post(d, 0, 16).workItems[0]).toMatchObject({ title: '农厕改造监管', workflowCodes: ['13'], leads: ['王辉'], assistants: ['魏永水', '贺德成'] });
  });
  it('reads the 16 flowcharts and links codes written in another form', () => {
    expect(d.flowcharts.map((f) => f.code)).toEqual([
      '00-1',
      '00-2',
      '01-1-1',
      '01-1-2',
      '01-2-1',
      '01-2-2',
      '01-3',
      '01-6',
      '02-1',
      '3-1-1',
      '3-1-2',
      '3-1-3',
      '08-1',
      '11',
      '12-2',
      '13',
    ]);
    expect(d.flowcharts.find((f) => f.code === '00-1')?.title).toBe('“三重一大”议事流程图');
    const link = (code: string) => d.workflowLinks.find((l) => l.code === code)?.flowchart;
    expect([link('03-1'), link('03-2'), link('03-3'), link('08'), link('11-2'), link('05'), link('11-1')]).toEqual([
      '3-1-1',
      '3-1-2',
      '3-1-3',
      '08-1',
      '11',
      null,
      null,
    ]);
  });
  it("reads the centres' staff and their eight steps", () => {
    const item = d.units[1]!.posts[0]!.workItems[0]!;
    expect([item.leads, item.assistants, item.steps.length]).toEqual([['潘伟'], ['刘广海', '陈宪芳'], 8]);
    expect(d.units[2]!.posts.map((p) => p.workItems[0]!.leads)).toEqual([['刘志珠'], ['刘志珠'], ['刘志珠'], ['刘志珠']]);
  });
  it('reads who heads which section from the remark', () => {
    expect(d.sectionHeads.map((h) => `${h.person}:${h.section}`)).toEqual(['孙浩:办公室', '刘志珠:工程建设管理股', '周生强:房地产业管理股']);
  });
});

it('parses deterministically', async () => {
  expect(JSON.stringify(await parseFile(path.join('seeds', files['000']!)))).toBe(JSON.stringify(seed('000')));
});
