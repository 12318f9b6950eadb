import { describe, expect, it } from 'vitest';
import { boundaryRows, type BoundaryPair, type BoundarySide } from './boundary.ts';

const side = (id: string, bureau: string, unit: string, post: string, text: string): BoundarySide => ({ id, bureau, unit, post, text, doc: 'd.txt', line: 1 });
const pair = (a: BoundarySide, b: BoundarySide, o: Partial<BoundaryPair> = {}): BoundaryPair => ({
  key: `${a.id}|${b.id}`,
  grain: 'statement',
  score: 0.8,
  reason: 'meaning',
  mark: null,
  a,
  b,
  ...o,
});

const bureau = '山亭区住房和城乡建设局';
const centre = '山亭区建筑业发展服务中心';

describe('the 职责边界清单', () => {
  it('suggests the bureau that manages as lead and its centre that assists as 配合', () => {
    const a = side('a', bureau, bureau, '业务岗位9、建筑节能管理岗', '负责建筑节能管理，建筑节能技术产品认定。');
    const b = side('b', bureau, centre, '业务岗位3、建筑节能服务岗', '承担建筑节能管理辅助工作，建筑节能技术产品认定初审。');
    const [row] = boundaryRows([pair(b, a)]);
    expect(row).toMatchObject({ lead: bureau, assisting: [`${bureau}/${centre}`], mark: 'likely', units: [bureau, `${bureau}/${centre}`] });
    expect(row!.duty).toBe('负责建筑节能管理，建筑节能技术产品认定。');
  });

  it('makes one row of a duty several bureaus write, and a row per pair of whole posts', () => {
    const x = side('x', '甲区自然资源局', '甲区自然资源局', 'p1', '国土空间规划的编制和衔接工作');
    const y = side('y', '乙区自然资源局', '乙区自然资源局', 'p2', '区国土空间规划的编制和衔接工作');
    const z = side('z', '市自然资源局', '国土空间规划科', 'p3', '市国土空间规划的编制和衔接工作');
    const p = side('p', '甲区自然资源局', '甲区自然资源局', '业务岗1: 规划岗', '业务岗1: 规划岗');
    const q = side('q', '乙区自然资源局', '乙区自然资源局', '业务岗2: 规划岗', '业务岗2: 规划岗');
    const r = side('r', '市自然资源局', '国土空间规划科', '业务岗3: 规划岗', '业务岗3: 规划岗');
    const rows = boundaryRows([pair(x, y), pair(y, z, { score: 0.9 }), pair(p, q, { grain: 'post' }), pair(q, r, { grain: 'post' })]);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ units: ['甲区自然资源局', '乙区自然资源局', '市自然资源局/国土空间规划科'], score: 0.9 });
    expect(rows.slice(1).map((row) => row.members.map((m) => m.id))).toEqual([
      ['p', 'q'],
      ['q', 'r'],
    ]);
  });

  it('says confirmed when a user marked a pair of the row, with the notes', () => {
    const a = side('a', bureau, bureau, 'p', '负责全区招投标。');
    const b = side('b', bureau, centre, 'q', '承担房屋和市政项目招标投标、合同管理提供技术服务');
    const [row] = boundaryRows([pair(a, b, { mark: { verdict: 'duplicate', note: '招投标：局监管，中心技术服务' } })]);
    expect(row).toMatchObject({ mark: 'confirmed', notes: ['招投标：局监管，中心技术服务'], lead: bureau });
  });
});
