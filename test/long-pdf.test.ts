/** A 500-page PDF: read page by page with progress, in bounded memory, every page's post kept. */
import { describe, expect, it } from 'vitest';
import { parseBytes } from '../server/parse/index.ts';
import { cjk, grid, writePdf } from '../scripts/pdf-writer.ts';

const PAGES = 500;
const SURNAMES = '王李张刘陈杨黄赵吴周';

/** Page n: the bureau's heading on the first page, the header repeated, and post n with one item and its lead. */
function page(n: number): string {
  const xs = [40, 90, 250, 450, 555];
  const ys = [100, 130, 180];
  const cells = [
    ['序号', '岗位名称', '工作事项', '负责人'],
    [String(n), `业务岗${n}：测试岗`, `一、测试事项${n}`, `${SURNAMES[n % 10]}${'一二三四五六七八九十'[Math.floor(n / 10) % 10]}${'甲乙丙丁戊'[n % 5]}`],
  ];
  let s = n === 1 ? cjk('某区测试局定岗定责定流程表', 40, 80, 14) : '';
  s += grid(xs, ys);
  cells.forEach((row, r) => row.forEach((text, c) => (s += cjk(text, xs[c]! + 4, ys[r]! + 20))));
  return s;
}

describe('a PDF of 500 pages', () => {
  it('reports each page, keeps memory bounded and reads every post', async () => {
    const bytes = writePdf(Array.from({ length: PAGES }, (_, i) => page(i + 1)));
    const progress: number[] = [];
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    try {
      const { doc } = await parseBytes(bytes, 'long.pdf', { onProgress: (done, total) => progress.push(done * 1000 + total) });
      expect(progress).toHaveLength(PAGES);
      expect(progress.at(-1)).toBe(PAGES * 1000 + PAGES);
      const posts = doc.units[0]!.posts;
      expect(doc.units.map((u) => u.name)).toEqual(['某区测试局']);
      expect(posts).toHaveLength(PAGES);
      expect(posts[499]!.title).toBe('业务岗500：测试岗');
      expect(posts[499]!.workItems.map((i) => [i.title, i.leads])).toEqual([['测试事项500', ['王一甲']]]);
      expect(posts[499]!.workItems[0]!.provenance.place?.page).toBe(500);
    } finally {
      clearInterval(sampler);
    }
    // pages are read one at a time and released: the whole document never sits in memory as pages
    expect((peak - before) / 2 ** 20).toBeLessThan(400);
  }, 300_000);
});
