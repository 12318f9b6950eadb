import { describe, expect, it } from 'vitest';
import { sharedWorkflows } from './shared-workflows.ts';
import { nearlySameGroups, normaliseSteps, stepAllowance, stepDistance, type StepList } from './step-distance.ts';

const FORESTRY = '山亭区自然资源局';
// seed 000, 山亭区林业资源发展中心: one procedure written three times, twice behind the duty's name
const forestry: StepList[] = [
  {
    postId: 'post:林业/产业技术推广业务岗',
    bureau: FORESTRY,
    workflowId: 'w-tech',
    steps: ['产业技术推广：局机关提出或服务对象申请或工作需要技术支持', '承办人员给予答复或现场进行指导。'],
  },
  {
    postId: 'post:林业/种质资源业务岗',
    bureau: FORESTRY,
    workflowId: 'w-seed',
    steps: ['种质资源培育：局机关提出或服务对象申请或工作需要技术支持', '承办人员给予答复或现场进行指导。'],
  },
  {
    postId: 'post:林业/林草资源保护业务岗',
    bureau: FORESTRY,
    workflowId: 'w-protect',
    steps: ['局机关提出或服务对象申请或工作需要技术支持', '承办人员给予答复或现场进行指导。'],
  },
];
// seed 000, 林草资源培育业务岗: a different procedure in the same centre
const afforestation: StepList = {
  postId: 'post:林业/林草资源培育业务岗',
  bureau: FORESTRY,
  workflowId: 'w-plant',
  steps: ['造林作业设计', '公开招标', '作业施工', '检查验收接到任务', '提供技术服务。'],
};

describe('normaliseSteps', () => {
  it('drops the label before the first step, numbering, trailing punctuation and white space', () => {
    expect(normaliseSteps(['1. 产业技术推广：局机关提出需求；', '（2）承办人员 答复。', '③现场指导', '4、 归档!'])).toEqual([
      '局机关提出需求',
      '承办人员答复',
      '现场指导',
      '归档',
    ]);
    expect(normaliseSteps(['Step:收到通知', '明确承办：分管领导', '一、落实'])).toEqual(['收到通知', '明确承办：分管领导', '落实']);
  });

  it('keeps a colon that is not a short label, and numbers that are part of the text', () => {
    expect(normaliseSteps(['根据上级要求和本单位年度工作计划安排：组织实施'])).toEqual(['根据上级要求和本单位年度工作计划安排：组织实施']);
    expect(normaliseSteps(['1.5万亩造林', '。'])).toEqual(['1.5万亩造林']);
  });
});

describe('stepDistance', () => {
  it('is 0 for the same steps and counts each added, removed or replaced step once', () => {
    expect(stepDistance(['a', 'b'], ['a', 'b']).distance).toBe(0);
    const d = stepDistance(['收到通知', '明确承办', '组织实施', '归档'], ['收到通知', '组织实施', '检查验收', '归档', '报告结果']);
    expect(d.distance).toBe(3);
    expect(d.differences).toEqual({ added: ['检查验收', '报告结果'], removed: ['明确承办'], changed: [], reworded: [] });
  });

  it('counts a replaced step as changed and a slightly reworded step as the same', () => {
    const d = stepDistance(['收到通知', '提出办理意见报分管领导审批', '归档'], ['收到通知', '提出办理意见报分管领导审定', '公开公示']);
    expect(d.distance).toBe(1);
    expect(d.differences).toEqual({
      added: [],
      removed: [],
      changed: [{ from: '归档', to: '公开公示' }],
      reworded: [{ from: '提出办理意见报分管领导审批', to: '提出办理意见报分管领导审定' }],
    });
  });
});

describe('stepAllowance', () => {
  it('allows no step for lists under four, one up to seven, two from eight', () => {
    expect([2, 3, 4, 7, 8, 20].map((n) => stepAllowance(n, 2))).toEqual([0, 0, 1, 1, 2, 2]);
  });
});

describe('nearlySameGroups', () => {
  it('groups the forestry centre’s three posts, which differ only by a label, and not the afforestation procedure', () => {
    const groups = nearlySameGroups([...forestry, afforestation]);
    expect(groups).toHaveLength(1);
    const [g] = groups;
    expect(g!.members.map((m) => m.postId)).toEqual(forestry.map((f) => f.postId));
    expect(g!.steps).toEqual(['局机关提出或服务对象申请或工作需要技术支持', '承办人员给予答复或现场进行指导']);
    expect(g!.similarity).toBe(1);
    expect(g!.differences.map((d) => [d.postId, d.distance, d.added, d.removed, d.changed])).toEqual([
      ['post:林业/种质资源业务岗', 0, [], [], []],
      ['post:林业/林草资源保护业务岗', 0, [], [], []],
    ]);
  });

  it('groups two procedures one step apart and names the step', () => {
    const base = ['收到上级文件', '拟定办理意见', '报分管领导审批', '组织实施'];
    const [g, ...rest] = nearlySameGroups([
      { postId: 'p1', bureau: 'A', workflowId: 'w1', steps: base },
      { postId: 'p2', bureau: 'A', workflowId: 'w2', steps: [...base, '整理归档。'] },
    ]);
    expect(rest).toEqual([]);
    expect(g!.differences).toEqual([{ postId: 'p2', workflowId: 'w2', distance: 1, added: ['整理归档'], removed: [], changed: [], reworded: [] }]);
    expect(g!.similarity).toBe(0.8);
  });

  it('does not group unrelated procedures, a short procedure with a step changed, or posts of different bureaus', () => {
    const steps = ['收到通知', '明确承办', '落实'];
    expect(
      nearlySameGroups([
        { postId: 'p1', bureau: 'A', workflowId: 'w1', steps: ['造林作业设计', '公开招标', '作业施工', '检查验收'] },
        { postId: 'p2', bureau: 'A', workflowId: 'w2', steps: ['受理申请', '审查材料', '作出决定', '送达'] },
        { postId: 'p3', bureau: 'A', workflowId: 'w3', steps },
        { postId: 'p4', bureau: 'A', workflowId: 'w4', steps: ['收到通知', '明确承办', '归档'] },
        { postId: 'p5', bureau: 'B', workflowId: 'w5', steps },
      ]),
    ).toEqual([]);
  });
});

describe('sharedWorkflows with nearly-same steps', () => {
  it('reports the forestry centre as one nearly-same group beside the identical-steps groups', () => {
    const groups = sharedWorkflows([
      ...[...forestry, afforestation].map((f) => ({ ...f, code: null })),
      { postId: 'c1', bureau: FORESTRY, code: null, workflowId: 'x1', steps: ['收到通知', '明确承办', '落实'] },
      { postId: 'c2', bureau: FORESTRY, code: null, workflowId: 'x2', steps: ['收到通知', '明确承办', '落实'] },
    ]);
    expect(groups.map((g) => [g.kind, g.posts, g.differences.length])).toEqual([
      ['nearly-same', forestry.map((f) => f.postId), 2],
      ['steps', ['c1', 'c2'], 0],
    ]);
    expect(groups[0]).toMatchObject({ workflowId: 'w-tech', key: '局机关提出或服务对象申请或工作需要技术支持→承办人员给予答复或现场进行指导' });
  });
});
