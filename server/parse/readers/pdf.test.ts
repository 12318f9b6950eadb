import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors.ts';
import { toGrid, type Block, type TableDocument } from '../table-model.ts';
import { readPdf } from './pdf.ts';

// The fixtures come from scripts/make-pdf-fixtures.ts (LibreOffice, Chromium, and PDFs written by hand).
const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/pdf/${name}`, import.meta.url));
const read = (name: string) => readPdf(fixture(name), name);

type Table = Extract<Block, { kind: 'table' }>;
const tables = (doc: TableDocument) => doc.blocks.filter((b): b is Table => b.kind === 'table');
const texts = (doc: TableDocument) => doc.blocks.flatMap((b) => (b.kind === 'text' ? [b.text] : []));
const grid = (t: Table) => toGrid(t.rows).map((row) => row.map((c) => c.text));
const spans = (t: Table) => t.rows.map((r) => r.cells.map((c) => `${c.rowSpan}x${c.colSpan}`));
/** LibreOffice sets Chinese and Latin apart with a little space (autospace) where Chromium does not. */
const autospaceless = (s: string) => s.replace(/(?<=\p{Script=Han}) (?=[0-9A-Za-z])|(?<=[0-9A-Za-z]) (?=\p{Script=Han})/gu, '');

async function refusal(name: string, bytes: Uint8Array = fixture(name)): Promise<string> {
  const err = await readPdf(bytes, name).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ParseError);
  return (err as ParseError).message;
}

const LATTICE_GRID = [
  ['序号', '岗位名称', '工作事项', '负责人', '负责人', '备注'],
  ['序号', '岗位名称', '工作事项', '牵头负责人', '辅助人员', '备注'],
  ['1', '部门领导岗位', '主持工作。', '张 亚', '李 伟', ''],
  ['1', '部门领导岗位', '完成工作。', '张 亚', '', '00-1 00-2'],
  ['2', '业务岗1: 财务岗', '预算工作', '王 妍', '李 伟 张 亚', '4-1-1-1'],
];

describe('readPdf', { timeout: 60_000 }, () => {
  it('reads a ruled table with merged cells between a title and a note (LibreOffice: stroked lines)', async () => {
    const doc = await read('lattice-lo.pdf');
    expect(doc.format).toBe('pdf');
    expect(doc.blocks.map((b) => b.kind)).toEqual(['text', 'table', 'text']);
    expect(doc.blocks[0]).toMatchObject({ text: '岗位表', heading: 2, place: { page: 1 } });
    expect(doc.blocks[2]).toMatchObject({ text: expect.stringMatching(/^注：本表自 ?2022 ?年起执行。$/) as unknown });
    expect(doc.blocks[2]).not.toHaveProperty('heading');

    const [table] = tables(doc);
    // 负责人 spans its two columns; 序号, 岗位名称, 工作事项 and 备注 span both header rows; post 1 spans two rows
    expect(spans(table!)).toEqual([
      ['2x1', '2x1', '2x1', '1x2', '2x1'],
      ['1x1', '1x1'],
      ['2x1', '2x1', '1x1', '1x1', '1x1', '1x1'],
      ['1x1', '1x1', '1x1', '1x1'],
      ['1x1', '1x1', '1x1', '1x1', '1x1', '1x1'],
    ]);
    expect(grid(table!).map((row) => row.map(autospaceless))).toEqual(LATTICE_GRID);

    // every cell says where it stands on the page, for a user to check it against the paper
    const [lead, assistant] = table!.rows[1]!.cells;
    const owner = table!.rows[0]!.cells[3]!;
    expect(owner.place.page).toBe(1);
    expect(owner.place.box![0]).toBeCloseTo(lead!.place.box![0], 0);
    expect(owner.place.box![2]).toBeCloseTo(assistant!.place.box![2], 0);
    expect(owner.place.box![3]).toBeCloseTo(lead!.place.box![1], 0);
    for (const row of table!.rows) for (const c of row.cells) expect(c.place.box![1]).toBeGreaterThanOrEqual(table!.place.box![1] - 1);
  });

  // Chromium's fonts also name 工 and 门 by the radicals ⼯ and ⻔, which the reader turns back
  it('gives the same grid for Chromium, whose borders are thin filled rectangles', async () => {
    const [lo] = tables(await read('lattice-lo.pdf'));
    const [chromium] = tables(await read('lattice-chromium.pdf'));
    expect(spans(chromium!)).toEqual(spans(lo!));
    expect(grid(chromium!)).toEqual(LATTICE_GRID);
  });

  it('splits a text run that crosses a rule between the cells on either side', async () => {
    // one run 岗位名称工作事项 crosses the rule at x 200, one run 12345678 the rule at x 300; the rules are drawn in
    // a form XObject, under transforms and as filled rectangles, and the Chinese font is not embedded
    const doc = await read('straddle.pdf');
    const [table] = tables(doc);
    expect(doc.blocks).toHaveLength(1);
    expect(grid(table!)).toEqual([
      ['岗位名称', '工作事项', '乙'],
      ['甲', '1234', '5678'],
    ]);
    table!.place.box!.forEach((v, i) => expect(v).toBeCloseTo([100, 100, 400, 160][i]!, 0));
  });

  it('reads a landscape page stored turned a quarter (/Rotate 90) as it is shown', async () => {
    const [table] = tables(await read('rotated.pdf'));
    expect(grid(table!)).toEqual([
      ['岗位名称', '工作事项', '乙'],
      ['甲', '1234', '5678'],
    ]);
  });

  for (const producer of ['lo', 'chromium']) {
    it(`stitches a table broken over three pages into one, without the repeated header (${producer})`, async () => {
      const doc = await read(`pages-${producer}.pdf`);
      expect(doc.blocks.map((b) => b.kind)).toEqual(['text', 'table']);
      const [table] = tables(doc);
      const rows = table!.rows;
      expect(new Set(rows.map((r) => r.place.page))).toEqual(new Set([1, 2, 3]));
      // the header stands once, marked as the header the pages repeat
      expect(rows.filter((r) => r.cells.some((c) => c.text === '序号'))).toHaveLength(1);
      expect(rows.map((r) => r.header ?? false).slice(0, 3)).toEqual([true, true, false]);
      // the first row of each new page may be the rest of the row before the break
      const firstOnPage = rows.filter((r, i) => i > 0 && r.place.page !== rows[i - 1]!.place.page);
      expect(firstOnPage).toHaveLength(2);
      expect(firstOnPage.every((r) => r.continues)).toBe(true);
      expect(rows.filter((r) => r.continues)).toHaveLength(2);
      // nothing lost or doubled at the breaks: the duties of post 3 (60 lines) go on where they stopped
      const duties = toGrid(rows)
        .slice(2)
        .filter((row) => row[2]!.origin)
        .flatMap((row) => row[2]!.text.split('\n'))
        .map((line) => Number(/^(\d+)\./.exec(line)?.[1]));
      const expected = [14, 14, 60, 14, 14, 14].flatMap((n) => Array.from({ length: n }, (_, i) => i + 1));
      expect(duties).toEqual(expected);
    });
  }

  it('keeps tables apart where a heading stands between them, and drops page numbers and repeated running headers', async () => {
    const doc = await read('stitch.pdf');
    expect(doc.blocks.map((b) => b.kind)).toEqual(['text', 'table', 'text', 'table']);
    // the running header is kept where it first appears; the page numbers (- 1 -) are gone
    expect(texts(doc)).toEqual(['示例局定岗定责定流程表', '附表 事业单位']);
    expect(doc.blocks[2]).toMatchObject({ heading: 2, place: { page: 3 } });
    const [first, second] = tables(doc);
    expect(grid(first!)).toEqual([
      ['序号', '岗位名称', '工作事项'],
      ['1', '综合岗', '一、文电工作'],
      ['2', '财务岗', '一、预算管理'],
      ['', '', '二、续办工作'],
      ['3', '人事岗', '一、编制管理'],
    ]);
    expect(first!.rows.map((r) => [r.place.page, r.continues ?? false])).toEqual([
      [1, false],
      [1, false],
      [1, false],
      [2, true],
      [2, false],
    ]);
    expect(second!.place.page).toBe(3);
    expect(grid(second!)).toEqual([
      ['序号', '岗位名称', '工作事项'],
      ['1', '综合岗', '一、会务工作'],
    ]);
  });

  it('returns the lines of a PDF without a table as text, the larger one a heading', async () => {
    const doc = await read('text-only.pdf');
    expect(doc.blocks).toEqual([
      { kind: 'text', text: '工作说明', heading: 2, place: { page: 1, box: expect.any(Array) as unknown } },
      { kind: 'text', text: '本表列出各岗位的工作事项。', place: { page: 1, box: expect.any(Array) as unknown } },
      { kind: 'text', text: 'Version 2022', place: { page: 1, box: expect.any(Array) as unknown } },
    ]);
  });

  it('reports each page read', async () => {
    const seen: [number, number][] = [];
    await readPdf(fixture('pages-lo.pdf'), 'pages-lo.pdf', { onPage: (page, pages) => seen.push([page, pages]) });
    expect(seen).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
  });

  it('leaves the bytes it was given alone', async () => {
    const bytes = fixture('straddle.pdf');
    const copy = Buffer.from(bytes);
    await readPdf(bytes, 'straddle.pdf');
    expect(Buffer.compare(bytes, copy)).toBe(0);
  });

  it('names the page that is a scanned image', async () => {
    expect(await refusal('scan-page-2.pdf')).toMatch(/^scan-page-2\.pdf: page 2 has no text layer \(it is a scanned image\); /);
  });

  it('says OCR is needed when every page is a scanned image', async () => {
    expect(await refusal('scan.pdf')).toMatch(/^scan\.pdf: page 1 has no text layer \(it is a scanned image\), nor has any other page: the PDF needs OCR/);
  });

  it('takes a scanned page with its page number stamped on as text for the scan it is', async () => {
    expect(await refusal('scan-numbered.pdf')).toMatch(/^scan-numbered\.pdf: page 1 has no text layer \(it is a scanned image\), nor has any other page/);
  });

  it('refuses an encrypted PDF', async () => {
    expect(await refusal('encrypted.pdf')).toBe('encrypted.pdf: the PDF is encrypted; save it without a password');
  });

  it('refuses a file that is not a PDF, or a PDF cut short', async () => {
    expect(await refusal('table.txt', Buffer.from('序号\t岗位名称\n1\t正职岗位\n'))).toBe(
      'table.txt: the file is not a readable PDF (it has no %PDF header: it is another kind of file)',
    );
    expect(await refusal('empty.pdf', new Uint8Array())).toBe('empty.pdf: the file is not a readable PDF (the file is empty)');
    const whole = fixture('lattice-lo.pdf');
    expect(await refusal('cut.pdf', whole.subarray(0, whole.length / 2))).toMatch(
      /^cut\.pdf: the file is not a readable PDF \(.+: it may be truncated or damaged\)$/,
    );
  });
});
