import { beforeAll, describe, expect, it } from 'vitest';
import { openEmbedder } from '../server/embedding/embedder.ts';
import { provisionModel } from '../server/embedding/model.ts';
import { measureLabelledPairs, productSays, type MeasuredPair } from './labelled-pairs.ts';

// The product's verdict on the hand-labelled pairs of test/fixtures/duplicate-pairs.json, read off the seeds
// (docs/duplicate-pairs.md). Needs the embedding model (Maven fetches it the first time).
let measured: MeasuredPair[];

beforeAll(async () => {
  const embedder = await openEmbedder(await provisionModel());
  measured = await measureLabelledPairs(embedder);
  await embedder.close();
}, 600_000);

const find = (a: string, b: string) => {
  const m = measured.find((x) => (x.pair.a.text.startsWith(a) && x.pair.b.text.startsWith(b)) || (x.pair.a.text.startsWith(b) && x.pair.b.text.startsWith(a)));
  if (!m) throw new Error(`no labelled pair ${a} | ${b}`);
  return m;
};

describe('duplicates by meaning on the labelled pairs of the seeds', () => {
  it.each([
    ['业务岗位7、建筑市场管理岗', '业务岗位1、建筑市场服务岗'],
    ['业务岗位8、招投标管理岗', '业务岗位2、招投标服务岗'],
    ['业务岗位9、建筑节能管理岗', '业务岗位3、建筑节能服务岗'],
    ['业务岗位10、人才培训管理岗', '业务岗位4、人才培训服务岗'],
  ])('finds the housing bureau post %s and its own centre post %s (004) as one function', (a, b) => {
    const m = find(a, b);
    expect(m.pair.grain).toBe('post');
    expect(productSays(m)).toBe(true);
  });

  it.each([
    ['负责全区招投标。', '承担房屋和市政项目招标投标'],
    ['自然资源价格体系建设', '自然资源分等定级价格评估'],
    ['负责全区造林绿化工作', '担全区森林、草原（地）资源保护'],
  ])('finds %s and %s, worded differently, as one duty', (a, b) => {
    const m = find(a, b);
    // the wording alone would not: today's Jaccard threshold is 0.5
    expect(m.measures.lexical).toBeLessThan(0.5);
    expect(productSays(m)).toBe(true);
  });

  it('finds the district’s 自然资源有偿使用制度建设 and the city’s 拟定我市自然资源有偿使用制度 as one duty', () => {
    expect(productSays(find('自然资源有偿使用制度建设', '拟定我市自然资源有偿使用制度，并监督实施'))).toBe(true);
  });

  it.each([
    ['其他工作', '其他工作'],
    ['配合党组书记、局长开展工作', '配合党组书记、局长开展住建工作'],
    ['人事管理工作', '事业单位人事管理工作'],
    ['承担中心日常工作的综合协调', '承担中心日常工作的综合协调'],
    ['业务岗1: 财务岗', '业务岗位1、综合管理岗'],
  ])('ranks housekeeping out: %s | %s', (a, b) => {
    const m = find(a, b);
    expect(m.measures.housekeeping).toBe(true);
    expect(productSays(m)).toBe(false);
  });

  it('keeps public archives apart from a unit’s own', () => {
    const m = find('档案管理、文件保密、机要文件', '城建档案管理');
    expect(productSays(m)).toBe(false);
  });

  it('agrees with the labels on at least nine pairs in ten, and misses at most one duplicate in ten', () => {
    const said = measured.map((m) => ({ said: productSays(m), truth: m.pair.duplicate }));
    const tp = said.filter((x) => x.said && x.truth).length;
    const fp = said.filter((x) => x.said && !x.truth).length;
    const fn = said.filter((x) => !x.said && x.truth).length;
    console.log(`[labelled pairs] ${measured.length} pairs: precision ${(tp / (tp + fp)).toFixed(2)}, recall ${(tp / (tp + fn)).toFixed(2)}`);
    expect(measured.length).toBeGreaterThanOrEqual(40);
    expect(tp / (tp + fp)).toBeGreaterThanOrEqual(0.85);
    expect(tp / (tp + fn)).toBeGreaterThanOrEqual(0.9);
  });
});
