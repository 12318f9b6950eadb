import { describe, expect, it } from 'vitest';
import { isHousekeeping, judge, sharedPhrases } from './duty-pairs.ts';

describe('housekeeping every unit does for itself', () => {
  it.each([
    '其他工作',
    '完成局长交办的其它工作。',
    '主持局党组、局机关全面工作',
    '配合党组书记、局长开展住建工作',
    '会计核算和出纳管理',
    '事业单位人事管理工作',
    '负责住建局印章的管理和使用。',
    '会议领导讲话撰写。',
    '承担中心日常工作的综合协调和管理服务',
    '干部人事档案管理',
  ])('%s is housekeeping', (text) => expect(isHousekeeping(text)).toBe(true));

  it.each([
    '城建档案管理',
    '组织编制全民所有自然资源资产负债表。',
    '负责全区绿道建设综合管理工作',
    '国土空间综合整治工作',
    '资产负债工作',
    '住房和城乡建设领域人才队伍建设',
  ])('%s is a public function', (text) => expect(isHousekeeping(text)).toBe(false));

  it('reads a post title without its number', () => {
    expect(isHousekeeping('业务岗1: 财务岗', { post: true })).toBe(true);
    expect(isHousekeeping('业务岗位1、综合管理岗', { post: true })).toBe(true);
    expect(isHousekeeping('业务岗位7、建筑市场管理岗', { post: true })).toBe(false);
    // the planning committee's office is a public body, not the bureau's own office
    expect(isHousekeeping('业务岗4: 规划设计行业资质管理、城乡规划委员会办公室', { post: true })).toBe(false);
  });
});

describe('the verdict on a pair', () => {
  const statement = { grain: 'statement' as const, housekeeping: false };

  it('takes meaning alone at cosine 0.75 when the texts share a word, at 0.85 when they share none', () => {
    expect(judge({ ...statement, cosine: 0.76, lexical: 0.02 })).toEqual({ likely: true, reason: 'meaning', score: 0.76 });
    expect(judge({ ...statement, cosine: 0.77, lexical: 0 }).likely).toBe(false);
    expect(judge({ ...statement, cosine: 0.86, lexical: 0 }).likely).toBe(true);
  });

  it('takes a weaker cosine with a tenth of the words shared, and wording alone at Jaccard 0.5', () => {
    expect(judge({ ...statement, cosine: 0.66, lexical: 0.2 })).toMatchObject({ likely: true, reason: 'meaning-and-words' });
    expect(judge({ ...statement, cosine: 0.66, lexical: 0.05 })).toMatchObject({ likely: false, reason: 'below' });
    // without meaning the score is the Jaccard
    expect(judge({ ...statement, cosine: null, lexical: 0.5 })).toEqual({ likely: true, reason: 'words', score: 0.5 });
    expect(judge({ ...statement, cosine: null, lexical: 0.49 }).likely).toBe(false);
  });

  it('ranks housekeeping out however alike the texts are', () => {
    expect(judge({ ...statement, housekeeping: true, cosine: 1, lexical: 1 })).toEqual({ likely: false, reason: 'housekeeping', score: 1 });
    // a housekeeping pair below every threshold is simply below
    expect(judge({ ...statement, housekeeping: true, cosine: 0.5, lexical: 0 }).reason).toBe('below');
  });

  it('asks more of whole posts without statements of theirs among each other’s neighbours', () => {
    const post = { grain: 'post' as const, housekeeping: false, lexical: 0.1 };
    expect(judge({ ...post, cosine: 0.8, supported: true }).likely).toBe(true);
    expect(judge({ ...post, cosine: 0.8, supported: false }).likely).toBe(false);
    expect(judge({ ...post, cosine: 0.89, supported: false }).likely).toBe(true);
    expect(judge({ ...post, cosine: null, supported: true }).likely).toBe(false);
  });
});

describe('phrases two texts share', () => {
  it('lists runs of two characters or more, longest first, without punctuation', () => {
    expect(sharedPhrases('自然资源有偿使用制度建设', '拟定我市自然资源有偿使用制度，并监督实施')).toEqual(['自然资源有偿使用制度']);
    expect(sharedPhrases('燃气行业监管', '供热行业监管')).toEqual(['行业监管']);
    expect(sharedPhrases('', '任何')).toEqual([]);
  });
});
