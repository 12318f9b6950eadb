/** Bad documents a user may bring: each is refused with one line naming the file and the place, or read safely. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ParseError, parseBytes } from '../server/parse/index.ts';

const rendering = (name: string) => readFileSync(path.join('test/fixtures/renderings', name));
const docx = rendering('001_235204e8eaa0ab65-docxjs.docx');
const xlsx = rendering('001_235204e8eaa0ab65-exceljs.xlsx');

async function refusal(bytes: Uint8Array, name: string, maxBytes?: number): Promise<string> {
  try {
    await parseBytes(Buffer.from(bytes), name, { maxBytes });
  } catch (e) {
    expect(e).toBeInstanceOf(ParseError);
    return (e as ParseError).message;
  }
  throw new Error(`${name} was accepted`);
}

/** The same archive with one part replaced (or added). */
function withPart(zip: Uint8Array, name: string, content: Uint8Array): Uint8Array {
  return zipSync({ ...unzipSync(zip), [name]: content });
}

describe('Office files that cannot be read', () => {
  it('refuses a truncated .docx as a damaged archive', async () => {
    expect(await refusal(docx.subarray(0, Math.floor(docx.length / 2)), 'cut.docx')).toMatch(/^cut\.docx: the file is a damaged or truncated zip archive/);
  });

  it('refuses a .docx whose XML inflates past the limit, without inflating it', async () => {
    // 300 MiB of spaces compress to about 300 KiB
    const bomb = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': new Uint8Array(300 * 2 ** 20).fill(0x20) }, { level: 9 });
    expect(bomb.length).toBeLessThan(2 * 2 ** 20);
    expect(await refusal(bomb, 'bomb.docx')).toMatch(/^bomb\.docx: the document inflates past 256 MiB when unpacked; it is refused as a possible zip bomb/);
  }, 120_000);

  it('refuses a sheet of a million rows before loading the workbook', async () => {
    const rows = Array.from({ length: 1_000_000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>1</v></c></row>`).join('');
    const sheet = strToU8(
      `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`,
    );
    const huge = withPart(xlsx, 'xl/worksheets/sheet1.xml', sheet);
    expect(await refusal(huge, 'million.xlsx')).toBe('million.xlsx: sheet1.xml has 1000000 rows; a sheet of more than 100000 rows is not a 定岗定责 table');
  }, 120_000);

  it('refuses a .docx whose cell spans millions of columns, without laying them out', async () => {
    const xml = new TextDecoder().decode(unzipSync(docx)['word/document.xml']);
    const wide = xml.replace(/<w:tcPr>/, '<w:tcPr><w:gridSpan w:val="20000000"/>');
    expect(await refusal(withPart(docx, 'word/document.xml', strToU8(wide)), 'wide.docx')).toMatch(
      /^wide\.docx: table 1: a cell spans 20000000 columns, but the table has \d+; the document is damaged$/,
    );
  });

  it('refuses a .docx whose XML is broken, naming the part', async () => {
    const xml = new TextDecoder().decode(unzipSync(docx)['word/document.xml']);
    const broken = withPart(docx, 'word/document.xml', strToU8(xml.replace('<w:body>', '<w:body><!-- never closed')));
    expect(await refusal(broken, 'broken.docx')).toMatch(/^broken\.docx: word\/document\.xml is damaged/);
  });

  it('refuses a sheet whose one stray cell stands 300,000 rows down, before loading it', async () => {
    const xml = new TextDecoder().decode(unzipSync(xlsx)['xl/worksheets/sheet1.xml']);
    const stray = xml.replace('</sheetData>', '<row r="300000"><c r="J300000" t="inlineStr"><is><t>x</t></is></c></row></sheetData>');
    expect(await refusal(withPart(xlsx, 'xl/worksheets/sheet1.xml', strToU8(stray)), 'stray.xlsx')).toBe(
      'stray.xlsx: sheet1.xml has 300000 rows; a sheet of more than 100000 rows is not a 定岗定责 table',
    );
  });

  it('reads no further than a part declares, whatever it holds', async () => {
    // the sheet's declared size says 1 KiB; it holds 64 MiB of XML
    const big = withPart(xlsx, 'xl/worksheets/sheet1.xml', new Uint8Array(64 * 2 ** 20).fill(0x20));
    const lying = Buffer.from(big);
    const name = Buffer.from('xl/worksheets/sheet1.xml');
    for (let at = lying.indexOf(name); at >= 0; at = lying.indexOf(name, at + 1)) {
      if (lying.readUInt32LE(at - 46) === 0x02014b50) lying.writeUInt32LE(1024, at - 46 + 24);
      if (lying.readUInt32LE(at - 30) === 0x04034b50) lying.writeUInt32LE(1024, at - 30 + 22);
    }
    const before = process.memoryUsage().rss;
    expect(await refusal(lying, 'lying.xlsx')).toMatch(/^lying\.xlsx: the workbook cannot be read/);
    expect((process.memoryUsage().rss - before) / 2 ** 20).toBeLessThan(64);
  }, 120_000);

  it('reads the cells of a macro-enabled .xlsm and never runs its macros', async () => {
    const xlsm = withPart(xlsx, 'xl/vbaProject.bin', strToU8('Attribute VB_Name = "Module1"\nSub Auto_Open()\nShell "calc"\nEnd Sub'));
    const { doc } = await parseBytes(Buffer.from(xlsm), 'macros.xlsm');
    expect(doc.units.map((u) => u.name)).toEqual(['耕地保护和生态修复科']);
    expect(doc.units[0]!.posts).toHaveLength(4);
  });

  it('says to save an old binary .doc as .docx (or converts it where LibreOffice is installed)', async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    expect(await refusal(ole, 'old.doc')).toMatch(/^old\.doc: .*save it as \.docx/);
  });
});

describe('PDFs that cannot be read', () => {
  const pdf = (name: string) => readFileSync(path.join('test/fixtures/pdf', name));
  it('says an encrypted PDF needs saving without its password', async () => {
    expect(await refusal(pdf('encrypted.pdf'), '表.pdf')).toBe('表.pdf: the PDF is encrypted; save it without a password');
  });
  it('names the page a scan starts on, and never reads a scan as empty', async () => {
    expect(await refusal(pdf('scan-page-2.pdf'), 'scan.pdf')).toMatch(/^scan\.pdf: page 2 has no text layer \(it is a scanned image\)/);
  });
  it('says a PDF without a table has none', async () => {
    expect(await refusal(pdf('text-only.pdf'), 'note.pdf')).toBe('note.pdf: no 定岗定责 table found: the document has no table');
  });
});

describe('documents that are not what they say', () => {
  it('reads a Word file by its bytes whatever its extension says', async () => {
    const { doc } = await parseBytes(docx, 'table.pdf');
    expect(doc.layout).toBe('docx');
    expect(doc.units[0]!.posts.map((p) => p.seq)).toEqual([1, 2, 3, 4]);
  });

  it('reads a page a browser saved (a comment before the HTML), with its table inside a layout table', async () => {
    const page =
      '<!-- saved from url=(0040)http://www.example.gov.cn/zwgk/dgdz.html -->\n<html><body><table><tr><td>导航</td><td>' +
      '<p>某区某某局定岗定责定流程表</p><table><tr><th>序号</th><th>岗位名称</th><th>工作事项</th><th>负责人</th></tr>' +
      '<tr><td>1</td><td>综合岗</td><td>一、文电工作</td><td>张三</td></tr><tr><td>2</td><td>财务岗</td><td>一、预算管理</td></tr></table>' +
      '</td></tr></table></body></html>';
    const { doc } = await parseBytes(Buffer.from(page), 'saved.htm');
    expect(doc.layout).toBe('html');
    // the last row leaves its empty cell out, as HTML may
    expect(doc.units[0]!.posts.map((p) => [p.title, p.workItems.map((i) => [i.title, i.leads])])).toEqual([
      ['综合岗', [['文电工作', ['张三']]]],
      ['财务岗', [['预算管理', []]]],
    ]);
  });

  it("reads text saved as Notepad's Unicode (UTF-16 with its byte-order mark)", async () => {
    const text = '某区某某局定岗定责定流程表\n序号\t岗位名称\t工作事项\t负责人\n1\t综合岗\t一、文电工作\t张三\n';
    const { doc } = await parseBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 'unicode.txt');
    expect(doc.units[0]!.posts[0]!.workItems[0]!.leads).toEqual(['张三']);
  });

  it('refuses a zip that is neither Word nor Excel', async () => {
    expect(await refusal(zipSync({ 'a.txt': strToU8('hello') }), 'photos.docx')).toBe(
      'photos.docx: the file is a zip archive but neither a Word (.docx) nor an Excel (.xlsx) document',
    );
  });

  it('lists the headers it found when a table has no 岗位名称 column', async () => {
    const html =
      '<table><tr><th>序号</th><th>名称</th><th>工作事项</th><th>工作流程</th><th>备注</th></tr><tr><td>1</td><td>综合岗</td><td>一、收文</td><td>01</td><td></td></tr></table>';
    expect(await refusal(Buffer.from(html), 'nopost.html')).toBe(
      'nopost.html: a table header has no 岗位名称 column (表 1 第 1 行); its headers are: 序号, 名称, 工作事项, 工作流程, 备注',
    );
  });

  it('refuses a file over the size limit, naming the limit', async () => {
    expect(await refusal(docx, 'big.docx', 1024)).toMatch(/^big\.docx: the file has 0\.\d MiB; documents over 0\.0009765625 MiB are refused$/);
  });
});
