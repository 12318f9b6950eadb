import { describe, expect, it } from 'vitest';
import { chineseNumber, isCodeCell, isPersonName, itemTitle, overseen, splitNames, statements, steps, workflowCodes } from './text.ts';

describe('splitNames', () => {
  it('joins the padding of two-character names', () => {
    expect(splitNames('张 亚')).toEqual(['张亚']);
    expect(splitNames('韩 山 赵 阳 刘 聪')).toEqual(['韩山', '赵阳', '刘聪']);
  });
  it('keeps whole names between padded ones', () => {
    expect(splitNames('李 伟 张 峰 秦曾艳')).toEqual(['李伟', '张峰', '秦曾艳']);
    expect(splitNames('马洪保 苗敬法 侯荣贵 周 健 满洪学 王金峰')).toEqual(['马洪保', '苗敬法', '侯荣贵', '周健', '满洪学', '王金峰']);
  });
  it('reads an empty cell as nobody', () => {
    expect(splitNames('  ')).toEqual([]);
  });
});

describe('workflow codes', () => {
  it('reads lists, 详见 and HTML-wrapped references', () => {
    expect(workflowCodes('4-1-1-1 4-1-1-2')).toEqual(['4-1-1-1', '4-1-1-2']);
    expect(workflowCodes('详见09-1')).toEqual(['09-1']);
    expect(workflowCodes('<p>详见 07-2-1 07-2-2</p>')).toEqual(['07-2-1', '07-2-2']);
    expect(workflowCodes('05')).toEqual(['05']);
  });
  it('tells codes from written steps', () => {
    expect(isCodeCell('00-1 00-2 00-3')).toBe(true);
    expect(isCodeCell('造林作业设计→公开招标→作业施工')).toBe(false);
  });
});

describe('numbering and titles', () => {
  it('reads Chinese numerals', () => {
    expect([chineseNumber('一'), chineseNumber('十'), chineseNumber('十六'), chineseNumber('二十三')]).toEqual([1, 10, 16, 23]);
  });
  it('splits an item title from its number and full stop', () => {
    expect(itemTitle('一、国土空间规划体系建设。')).toEqual({ number: 1, title: '国土空间规划体系建设' });
    expect(itemTitle('主持局党组、局机关全面工作。')).toEqual({ number: null, title: '主持局党组、局机关全面工作' });
  });
});

describe('statements', () => {
  it('types each responsibility and drops the numbering', () => {
    const s = statements('1. 决策责任：及时、准确决定局党组工作。 2. 审核责任：对局内“三重一大”工作严格审核把关。');
    expect(s).toEqual([
      { text: '决策责任：及时、准确决定局党组工作。', type: '决策责任' },
      { text: '审核责任：对局内“三重一大”工作严格审核把关。', type: '审核责任' },
    ]);
  });
  it('splits HTML list items', () => {
    const s = statements('<ol style="list-style-type: none"> <li>1. 拟订标准。</li> <li>2. 开展评价。</li> </ol>');
    expect(s.map((x) => x.text)).toEqual(['拟订标准。', '开展评价。']);
  });
});

describe('steps', () => {
  it('orders arrows and numbered lists', () => {
    expect(steps('造林作业设计→公开招标→作业施工→检查验收')).toEqual(['造林作业设计', '公开招标', '作业施工', '检查验收']);
    expect(steps('1. 收到通知。 2. 明确承办股室。')).toEqual(['收到通知。', '明确承办股室。']);
  });
});

describe('oversight and people', () => {
  it('reads the units after 分管', () => {
    expect(overseen('1. 负责自然资源执法、信访维稳、法治、纪检等工作，分管执法大队、信访室、法规室。')).toEqual(['执法大队', '信访室', '法规室']);
  });
  it('accepts personal names and refuses words that merely start with a surname', () => {
    expect(['孙鸿鹄', '王辉', '鲁大宝'].every(isPersonName)).toBe(true);
    expect(isPersonName('管理工作')).toBe(false);
    expect(isPersonName('工作')).toBe(false);
  });
});
