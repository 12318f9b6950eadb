/**
 * tsx scripts/make-pdf-fixtures.ts: writes the small PDFs under test/fixtures/pdf/ that
 * server/parse/readers/pdf.test.ts reads (the tests need neither LibreOffice nor Chromium; this script does).
 *
 * - `lattice-lo.pdf`, `lattice-chromium.pdf`: one bordered table with merged cells (负责人 over two columns,
 *   序号 and 岗位名称 over two rows) between a title and a note, printed by LibreOffice (`soffice --headless`,
 *   stroked lines) and by Chromium (borders as filled rectangles);
 * - `pages-lo.pdf`, `pages-chromium.pdf`: a table over three pages whose <thead> repeats on each, with cells long
 *   enough to break over the page break;
 * - `encrypted.pdf`: the lattice table exported by LibreOffice with an open password;
 * - written here byte by byte, to hold exactly what a test needs: `straddle.pdf` (text runs crossing a vertical
 *   rule, a non-embedded Chinese font read through pdfjs's CMaps, rules drawn under transforms, in a form XObject
 *   and as thin filled rectangles), `rotated.pdf` (that page stored turned by /Rotate 90), `stitch.pdf` (a table
 *   over two pages with running headers and page numbers, then a heading and another table with the same
 *   columns), `text-only.pdf` (a heading and lines, no table), `scan-page-2.pdf` (a text page, then an image-only
 *   page), `scan.pdf` (image-only pages) and `scan-numbered.pdf` (image pages with their page number as text).
 * LibreOffice and Chromium stamp dates and ids into their PDFs, so only the handwritten files come out byte for
 * byte the same on every run; the others keep their layout.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hasChromium, launch } from './chromium.ts';
import { PAGE_H, PAGE_W, PdfFile, cjk, grid, latin, up, writePdf } from './pdf-writer.ts';

const OUT = path.resolve(import.meta.dirname, '../test/fixtures/pdf');

// ---------------------------------------------------------------------------------------------------------------
// HTML printed by LibreOffice and Chromium

const STYLE = `
body { font-family: 'Noto Sans CJK SC', sans-serif; font-size: 10.5pt; }
h1 { font-size: 18pt; text-align: center; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #000; padding: 3pt; vertical-align: top; font-weight: normal; }
`;

const HEADER = `<thead>
<tr><th rowspan="2">序号</th><th rowspan="2">岗位名称</th><th rowspan="2">工作事项</th><th colspan="2">负责人</th><th rowspan="2">备注</th></tr>
<tr><th>牵头负责人</th><th>辅助人员</th></tr>
</thead>`;

function html(body: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><style>${STYLE}</style></head><body>${body}</body></html>`;
}

// LibreOffice's HTML import ignores CSS borders: the border attribute draws them
const TABLE = '<table border="1" cellspacing="0" cellpadding="4" width="100%">';

// Chromium draws each glyph of these fonts as a Type 3 font of its own (about 2 KB each): the texts reuse few
// characters to keep its files small.
const LATTICE = html(`<h1>岗位表</h1>
${TABLE}
${HEADER}
<tbody>
<tr><td rowspan="2">1</td><td rowspan="2">部门领导岗位</td><td>主持工作。</td><td>张 亚</td><td>李 伟</td><td></td></tr>
<tr><td>完成工作。</td><td>张 亚</td><td></td><td>00-1 00-2</td></tr>
<tr><td>2</td><td>业务岗1: 财务岗</td><td>预算工作</td><td>王 妍</td><td>李 伟 张 亚</td><td>4-1-1-1</td></tr>
</tbody></table>
<p>注：本表自2022年起执行。</p>`);

/** A numbered list of duties long enough to break over a page. */
function duties(n: number): string {
  return Array.from({ length: n }, (_, i) => `${i + 1}. 负责本岗位工作事项。`).join('<br>');
}

/** Post n with `lines` duties: post 3's are longer than a page. */
function post(n: number, lines: number): string {
  return `<tr><td>${n}</td><td>业务岗${n}</td><td>${duties(lines)}</td><td>张 亚</td><td>李 伟</td><td></td></tr>`;
}

const PAGES = html(`<h1>岗位表</h1>
${TABLE}
${HEADER}
<tbody>
${Array.from({ length: 6 }, (_, i) => post(i + 1, i === 2 ? 60 : 14)).join('\n')}
</tbody></table>`);

function soffice(file: string, outDir: string, filter = 'pdf') {
  // a profile of its own, so a LibreOffice already running elsewhere does not swallow the conversion
  const profile = mkdtempSync(path.join(os.tmpdir(), 'lo-profile-'));
  try {
    execFileSync(
      'soffice',
      [`-env:UserInstallation=file://${profile}`, '--headless', '--infilter=HTML (StarWriter)', '--convert-to', filter, '--outdir', outDir, file],
      { stdio: 'ignore', timeout: 120_000 },
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

async function printed(tmp: string) {
  for (const [name, page] of [
    ['lattice', LATTICE],
    ['pages', PAGES],
  ] as const) {
    const file = path.join(tmp, `${name}.html`);
    writeFileSync(file, page);
    soffice(file, tmp);
    copyFileSync(path.join(tmp, `${name}.pdf`), path.join(OUT, `${name}-lo.pdf`));
  }
  const encrypted = path.join(tmp, 'encrypted');
  mkdirSync(encrypted);
  const options = { EncryptFile: { type: 'boolean', value: 'true' }, DocumentOpenPassword: { type: 'string', value: 'secret' } };
  soffice(path.join(tmp, 'lattice.html'), encrypted, `pdf:writer_pdf_Export:${JSON.stringify(options)}`);
  copyFileSync(path.join(encrypted, 'lattice.pdf'), path.join(OUT, 'encrypted.pdf'));

  if (!hasChromium) throw new Error('Chromium is needed for the *-chromium.pdf fixtures (set CHROMIUM_PATH)');
  const browser = await launch();
  try {
    const page = await browser.newPage();
    for (const [name, content] of [
      ['lattice', LATTICE],
      ['pages', PAGES],
    ] as const) {
      await page.setContent(content);
      const pdf = await page.pdf({ format: 'A4', margin: { top: '20mm', bottom: '20mm', left: '20mm', right: '20mm' } });
      writeFileSync(path.join(OUT, `${name}-chromium.pdf`), pdf);
    }
  } finally {
    await browser.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// PDFs written by hand

/**
 * Columns at x 100, 200, 300, 400 and rows at y 100, 130, 160. `岗位名称工作事项` is one text run across the rule
 * at x 200 (STSong's glyphs are 10 pt wide at 10 pt), `12345678` one run across the rule at x 300 (Helvetica's
 * digits are 5.56 pt wide). Each kind of rule is drawn a different way, as PDF producers do.
 */
const STRADDLE =
  // the outer frame: a form XObject placed by its matrix at the table's bottom-left corner
  `q /Frame Do Q\n` +
  // the middle row rule under a translation: drawn 50 left and 20 down of where it lands
  `q 1 0 0 1 50 -20 cm 0.5 w 50 ${up(130) + 20} m 350 ${up(130) + 20} l S Q\n` +
  // the column rules as thin filled rectangles, the way Chromium draws borders, under a 2× scale
  `q 0.5 0 0 0.5 0 0 cm ${2 * 199.6} ${2 * up(160)} 0.8 120 re f ${2 * 299.6} ${2 * up(160)} 0.8 120 re f Q\n` +
  cjk('岗位名称工作事项', 160, 120) +
  cjk('乙', 310, 120) +
  cjk('甲', 110, 150) +
  latin('12345678', 300 - 4 * 5.56, 150);

const frame = (f: PdfFile) => ({
  Frame: f.stream(`/Type /XObject /Subtype /Form /BBox [-1 -1 301 61] /Matrix [1 0 0 1 100 ${up(160)}]`, '0.5 w 0 0 300 60 re S'),
});

function straddle(): Buffer {
  return writePdf([STRADDLE], frame);
}

/** The same page stored turned a quarter (/Rotate 90) with its content turned back, as landscape pages often are. */
function rotated(): Buffer {
  return writePdf([`q 0 1 -1 0 ${PAGE_H} 0 cm\n${STRADDLE}Q\n`], frame, 90);
}

/** Three pages: a table going on over the first page break, then a heading and a table with the same columns. */
function stitch(): Buffer {
  const xs = [60, 160, 360, 500];
  const rows = (cells: string[][], top: number) => {
    const ys = cells.map((_, i) => top + 25 * i).concat(top + 25 * cells.length);
    let s = grid(xs, ys);
    cells.forEach((row, i) =>
      row.forEach((text, c) => {
        if (text) s += cjk(text, xs[c]! + 5, ys[i]! + 17);
      }),
    );
    return s;
  };
  const header = ['序号', '岗位名称', '工作事项'];
  // the running header repeats on every page; page numbers stand at the foot
  const furniture = (n: number) => cjk('示例局定岗定责定流程表', 60, 40, 9) + latin(`- ${n} -`, 285, 810, 9);
  return writePdf([
    furniture(1) + rows([header, ['1', '综合岗', '一、文电工作'], ['2', '财务岗', '一、预算管理']], 100),
    furniture(2) + rows([header, ['', '', '二、续办工作'], ['3', '人事岗', '一、编制管理']], 100),
    furniture(3) + cjk('附表 事业单位', 60, 80, 16) + rows([header, ['1', '综合岗', '一、会务工作']], 100),
  ]);
}

function textOnly(): Buffer {
  return writePdf([cjk('工作说明', 60, 80, 18) + cjk('本表列出各岗位的工作事项。', 60, 120) + latin('Version 2022', 60, 140)]);
}

/**
 * `textPages` pages of text, then `imagePages` that are only a picture of a page (a 2×2 grey image, scaled), with
 * their page number as text when `numbered` (as PDF tools stamp them on scans).
 */
function scan(textPages: number, imagePages: number, numbered = false): Buffer {
  const pages = [
    ...Array.from({ length: textPages }, () => cjk('第一页有文字。', 60, 80)),
    ...Array.from({ length: imagePages }, (_, i) => `q ${PAGE_W} 0 0 ${PAGE_H} 0 0 cm /Scan Do Q\n` + (numbered ? latin(`- ${i + 1} -`, 285, 810) : '')),
  ];
  return writePdf(pages, (f) => ({
    Scan: f.stream('/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /ASCIIHexDecode', '00FFFF00>'),
  }));
}

function handwritten() {
  const files: Record<string, Buffer> = {
    'straddle.pdf': straddle(),
    'rotated.pdf': rotated(),
    'stitch.pdf': stitch(),
    'text-only.pdf': textOnly(),
    'scan-page-2.pdf': scan(1, 1),
    'scan.pdf': scan(0, 2),
    'scan-numbered.pdf': scan(0, 2, true),
  };
  for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(OUT, name), bytes);
}

mkdirSync(OUT, { recursive: true });
handwritten();
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pdf-fixtures-'));
try {
  await printed(tmp);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
for (const name of readdirSync(OUT).sort()) console.log(`${name}: ${(statSync(path.join(OUT, name)).size / 1024).toFixed(0)} KB`);
