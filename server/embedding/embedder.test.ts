import { beforeAll, describe, expect, it } from 'vitest';
import { DIMENSIONS, openEmbedder, type Embedder } from './embedder.ts';
import { provisionModel } from './model.ts';

// The model is provisioned into the project's .models (Maven fetches it the first time); without Maven this fails
// with ModelUnavailable saying what to install, rather than skipping.
let embedder: Embedder;

beforeAll(async () => {
  embedder = await openEmbedder(await provisionModel());
  return () => embedder.close();
}, 600_000);

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);
const norm = (v: Float32Array) => Math.sqrt(cosine(v, v));
const similarity = async (a: string, b: string) => cosine(await embedder.embed(a), await embedder.embed(b));

describe('the sentence embedder', () => {
  // duties that say the same thing in other words, with the cosine the model gives them
  it.each([
    ['自然资源有偿使用制度建设', '拟定我市自然资源有偿使用制度，并监督实施', 0.81],
    ['自然资源价格体系建设', '自然资源分等定级价格评估', 0.77],
    ['建筑市场管理', '建筑市场服务', 0.84],
  ])('finds %s and %s alike (cosine %f)', async (a, b, expected) => {
    const c = await similarity(a, b);
    expect(c).toBeGreaterThan(0.7);
    expect(c).toBeCloseTo(expected, 1);
  });

  it.each([
    ['公文分发、办理', '自然资源价格体系建设', 0.39],
    ['财务管理', '造林绿化', 0.34],
  ])('finds %s and %s unrelated (cosine %f)', async (a, b, expected) => {
    const c = await similarity(a, b);
    expect(c).toBeLessThan(0.5);
    expect(c).toBeCloseTo(expected, 1);
  });

  it('gives every text a unit vector of 512 floats, the same each time', async () => {
    const v = await embedder.embed('负责全局财务管理工作');
    expect(v).toBeInstanceOf(Float32Array);
    expect(v).toHaveLength(DIMENSIONS);
    expect(DIMENSIONS).toBe(512);
    expect(norm(v)).toBeCloseTo(1, 5);
    expect(await embedder.embed('负责全局财务管理工作')).toEqual(v);
  });

  it('reads upper-case Latin letters as lower-case ones, not as unknown tokens', async () => {
    expect(await embedder.embed('GIS数据更新')).toEqual(await embedder.embed('gis数据更新'));
    expect(await similarity('GIS数据更新', 'XYZ数据更新')).toBeLessThan(0.99);
  });

  it('gives a blank text the zero vector, similar to nothing', async () => {
    for (const blank of ['', '  \n\t ']) {
      const v = await embedder.embed(blank);
      expect(v).toHaveLength(DIMENSIONS);
      expect(v.every((x) => x === 0)).toBe(true);
    }
  });

  it('reads the beginning of a 10,000-character text and drops the rest', async () => {
    const long = '自然资源有偿使用制度建设，'.repeat(800).slice(0, 10_000);
    expect(long).toHaveLength(10_000);
    const v = await embedder.embed(long);
    expect(v).toHaveLength(DIMENSIONS);
    expect(norm(v)).toBeCloseTo(1, 5);
    // 600 characters are 600 tokens here, more than the model reads: the same tokens reach it
    expect(v).toEqual(await embedder.embed(long.slice(0, 600)));
    expect(v).toEqual(await embedder.embed(`${long.slice(0, 600)}财务管理`));
  });
});
