/**
 * npm run fixtures:render: renders every seed (seeds/*.txt) into the formats users bring a 定岗定责定流程表 in, as
 * committed fixtures under test/fixtures/renderings/ (test/renderings.test.ts reads each back and expects the
 * seed's facts).
 *
 * Each seed is first laid out as one printed document (document title, per unit its heading and one bordered table
 * whose header repeats on every page, then the printed flowcharts' codes and titles), and that layout is written by
 * several producers so the readers are not tuned to one program:
 * - `<seed>.html`: the HTML itself;
 * - LibreOffice (`soffice --headless`): `-a4.docx`/`-a4.pdf` (A4 portrait) and `-a3.docx`/`-a3.pdf` (A3 landscape),
 *   HTML → .docx whose section's `w:pgSz`/`w:pgMar` are then set (LibreOffice 7.4's HTML import takes the orientation
 *   of `@page size` but not the size: `A3 landscape` comes out A4 landscape), then .docx → .pdf; `-lo.xlsx` is the
 *   HTML opened in Calc;
 * - `-docxjs.docx` (the docx package), `-exceljs.xlsx` (exceljs, one sheet per unit), `-chromium.pdf` (Chromium's
 *   print to PDF through playwright-core) and `.csv` (csv-stringify, UTF-8 with BOM);
 * - `-gbk.txt`: the seed's text re-encoded to GB18030;
 * - `-writer.html`: the A4 .docx saved as a web page by LibreOffice Writer, in GBK (charset=gb2312).
 * Dates in the files' metadata are fixed and archives are re-zipped with fixed times, so re-running gives the same
 * bytes where the producer allows it (LibreOffice's and Chromium's PDF layout is theirs).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  Packer,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  VerticalMergeType,
  WidthType,
} from 'docx';
import ExcelJS from 'exceljs';
import { unzipSync, zipSync, strFromU8, strToU8, type Zippable } from 'fflate';
import * as prettier from 'prettier';
import { parseFile } from '../server/parse/index.ts';
import type { CanonicalDocument, Unit, WorkItem } from '../server/model/document.ts';
import { CHROMIUM, hasChromium, launch } from './chromium.ts';

/** The date every rendering claims it was made on. */
const FIXED_DATE = new Date('2024-01-01T00:00:00Z');
const FONT = 'Noto Serif CJK SC';
const FONT_STACK = `'Noto Serif CJK SC', 'Noto Sans CJK SC', serif`;

// ---------------------------------------------------------------------------------------------------------------
// The printed layout every producer writes

type ColumnKey = 'seq' | 'post' | 'item' | 'functions' | 'responsibilities' | 'workflow' | 'lead' | 'assistant' | 'remarks';

interface Column {
  key: ColumnKey;
  label: string;
  /** share of the table's width, in per cent */
  width: number;
}

/** One header cell: a label spanning columns (负责人) or both header rows (序号 where there are 负责人 columns). */
interface HeaderCell {
  label: string;
  colSpan: number;
  rowSpan: number;
}

interface Row {
  /** the first row of its post: 序号 and 岗位名称 are written here, spanning `span` rows */
  first: boolean;
  span: number;
  /** each cell's text as lines */
  cells: Record<ColumnKey, string[]>;
}

interface TextLine {
  kind: 'title' | 'heading' | 'para';
  text: string;
}

interface UnitTable {
  unit: Unit;
  /** the lines printed above the table: heading, 内设机构名称, 隶属关系, 宗旨和业务范围 */
  above: TextLine[];
  columns: Column[];
  /** one or two header rows */
  header: HeaderCell[][];
  rows: Row[];
}

interface Layout {
  seed: string;
  /** the document's title, printed first */
  title: string | null;
  tables: UnitTable[];
  flowcharts: { code: string; title: string }[];
}

const NUMERALS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 16 → 十六, 23 → 二十三. */
export function chineseNumeral(n: number): string {
  if (n < 10) return NUMERALS[n]!;
  if (n < 20) return '十' + NUMERALS[n - 10]!;
  if (n < 100) return NUMERALS[Math.floor(n / 10)]! + '十' + NUMERALS[n % 10]!;
  return String(n);
}

/** The labels of the 岗位职能描述 and 岗位责任描述 columns as the seed's first header row of the unit spells them. */
function descriptionLabels(lines: string[], unit: Unit): [string, string] {
  for (let i = unit.provenance.lines[0] - 1; i < lines.length; i++) {
    const l = lines[i]!.trim();
    if (!/^序号\s*岗位名称/.test(l)) continue;
    const cells = l.split(l.includes('\t') ? '\t' : /\s+/).map((c) => c.trim());
    const fn = cells[3] ?? '';
    const resp = cells[4] ?? '';
    if (/职能|职责/.test(fn) && /责任|职责/.test(resp)) return [fn, resp];
    break;
  }
  return ['岗位职能描述', '岗位责任描述'];
}

const numbered = (texts: string[]) => texts.map((t, i) => `${i + 1}. ${t}`);

function workflowLines(item: WorkItem): string[] {
  if (item.workflowCodes.length) return [item.workflowCodes.join(' ')];
  if (item.steps.length) return [item.steps.join('→')];
  return [];
}

function unitTable(lines: string[], unit: Unit): UnitTable {
  const above: TextLine[] = [];
  if (unit.kind === 'department') above.push({ kind: 'para', text: `内设机构名称：${unit.name}` });
  else {
    above.push({ kind: 'heading', text: `${unit.name}定岗定责定流程表` });
    if (unit.parent) above.push({ kind: 'para', text: `隶属关系：${unit.parent}` });
  }
  if (unit.mission) above.push({ kind: 'para', text: `宗旨和业务范围：${unit.mission}` });

  const items = unit.posts.flatMap((p) => p.workItems);
  // a centre's posts list their duties in the 工作事项 column, without 岗位职能描述 and 岗位责任描述 columns
  const duties = items.length > 0 && items.every((i) => i.title === null);
  const [fnLabel, respLabel] = descriptionLabels(lines, unit);
  const columns: Column[] = [
    { key: 'seq', label: '序号', width: 5 },
    { key: 'post', label: '岗位名称', width: 8 },
    { key: 'item', label: '工作事项', width: duties ? 38 : 11 },
  ];
  if (!duties) columns.push({ key: 'functions', label: fnLabel, width: 21 }, { key: 'responsibilities', label: respLabel, width: 24 });
  columns.push({ key: 'workflow', label: '工作流程', width: duties ? 27 : 10 });
  if (unit.staffColumns) columns.push({ key: 'lead', label: '牵头负责人', width: 8 }, { key: 'assistant', label: '辅助人员', width: 8 });
  columns.push({ key: 'remarks', label: '备注', width: 5 });
  const total = columns.reduce((n, c) => n + c.width, 0);
  for (const c of columns) c.width = Math.round((c.width / total) * 1000) / 10;

  const header: HeaderCell[][] = [[]];
  for (const c of columns) {
    if (c.key === 'assistant') continue;
    if (c.key === 'lead') header[0]!.push({ label: '负责人', colSpan: 2, rowSpan: 1 });
    else header[0]!.push({ label: c.label, colSpan: 1, rowSpan: unit.staffColumns ? 2 : 1 });
  }
  if (unit.staffColumns)
    header.push([
      { label: '牵头负责人', colSpan: 1, rowSpan: 1 },
      { label: '辅助人员', colSpan: 1, rowSpan: 1 },
    ]);

  const rows: Row[] = [];
  for (const post of unit.posts) {
    post.workItems.forEach((item, i) => {
      const title = item.title === null ? [] : [item.number ? `${chineseNumeral(item.number)}、${item.title}` : item.title];
      rows.push({
        first: i === 0,
        span: post.workItems.length,
        cells: {
          seq: [String(post.seq)],
          post: [post.title],
          item: duties ? numbered(item.functions.map((s) => s.text)) : title,
          functions: numbered(item.functions.map((s) => s.text)),
          responsibilities: numbered(item.responsibilities.map((s) => s.text)),
          workflow: workflowLines(item),
          lead: item.leadsWritten.length ? [item.leadsWritten.join(' ')] : [],
          assistant: item.assistantsWritten.length ? [item.assistantsWritten.join(' ')] : [],
          remarks: item.remarks ? [item.remarks] : [],
        },
      });
    });
  }
  return { unit, above, columns, header, rows };
}

function layoutOf(seed: string, doc: CanonicalDocument, lines: string[]): Layout {
  // a department's table names its bureau only in the document's title: where the parser kept none (a heading, not
  // opening text), the seed's own title line before the first unit is printed
  const first = doc.units[0]?.provenance.lines[0] ?? 1;
  const titleLine = lines
    .slice(0, first)
    .map((l) => l.replace(/^#+\s*|\*+/g, '').trim())
    .find((l) => l.includes('定岗定责定流程'));
  const title = doc.title ?? titleLine ?? null;
  return {
    seed,
    title,
    tables: doc.units.map((u) => unitTable(lines, u)),
    flowcharts: doc.flowcharts.map((f) => ({ code: f.code, title: f.title })),
  };
}

/** A printed flowchart's line: its code and title (the title alone where it has no code). */
const flowchartLine = (f: { code: string; title: string }) => (f.code ? `${f.code} ${f.title}` : f.title);

// ---------------------------------------------------------------------------------------------------------------
// HTML

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const cellHtml = (lines: string[]) => lines.map(esc).join('<br>');

function css(page: string): string {
  return `
@page { size: ${page}; margin: 15mm; }
body { font-family: ${FONT_STACK}; font-size: 10pt; line-height: 1.35; color: #000; }
p.title { font-size: 16pt; font-weight: bold; text-align: center; margin: 0 0 12pt; }
h2 { font-size: 14pt; text-align: center; margin: 18pt 0 8pt; }
table { border-collapse: collapse; width: 100%; margin-bottom: 12pt; }
th, td { border: 0.75pt solid #000; vertical-align: top; padding: 2pt 3pt; text-align: left; font-size: 9pt; }
th { font-weight: bold; text-align: center; vertical-align: middle; }
thead { display: table-header-group; }
tr { page-break-inside: auto; break-inside: auto; }
`;
}

/** One HTML document of the layout, printed on A4 portrait (`@page`: Chromium honours it, LibreOffice only its orientation). */
async function renderHtml(layout: Layout): Promise<string> {
  const body: string[] = [];
  if (layout.title) body.push(`<p class="title">${esc(layout.title)}</p>`);
  for (const t of layout.tables) {
    for (const l of t.above) body.push(l.kind === 'heading' ? `<h2>${esc(l.text)}</h2>` : `<p>${esc(l.text)}</p>`);
    body.push('<table>');
    body.push('<colgroup>' + t.columns.map((c) => `<col style="width:${c.width}%">`).join('') + '</colgroup>');
    body.push('<thead>');
    for (const hr of t.header) {
      const cells = hr.map((h) => `<th${h.rowSpan > 1 ? ` rowspan="${h.rowSpan}"` : ''}${h.colSpan > 1 ? ` colspan="${h.colSpan}"` : ''}>${esc(h.label)}</th>`);
      body.push(`<tr>${cells.join('')}</tr>`);
    }
    body.push('</thead>');
    body.push('<tbody>');
    for (const r of t.rows) {
      const cells: string[] = [];
      for (const c of t.columns) {
        if (c.key === 'seq' || c.key === 'post') {
          if (!r.first) continue;
          cells.push(`<td${r.span > 1 ? ` rowspan="${r.span}"` : ''}>${cellHtml(r.cells[c.key])}</td>`);
        } else if (c.key === 'workflow') {
          // as text (number format @), as a user types codes: Calc would otherwise store 05 as the number 5
          cells.push(`<td sdnum="2052;0;@">${cellHtml(r.cells[c.key])}</td>`);
        } else cells.push(`<td>${cellHtml(r.cells[c.key])}</td>`);
      }
      body.push(`<tr>${cells.join('')}</tr>`);
    }
    body.push('</tbody>');
    body.push('</table>');
  }
  if (layout.flowcharts.length) {
    body.push('<h2>流程图</h2>');
    for (const f of layout.flowcharts) body.push(`<p>${esc(flowchartLine(f))}</p>`);
  }
  const html = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${esc(layout.title ?? layout.tables[0]?.unit.name ?? layout.seed)}</title>
<style>${css('A4 portrait')}</style>
</head>
<!-- prettier-ignore -->
<body>
${body.join('\n')}
</body>
</html>
`;
  // the project's `prettier --check .` reads the fixture: the head is formatted, the body kept as written
  const options = (await prettier.resolveConfig(path.resolve('x.html'))) ?? {};
  return prettier.format(html, { ...options, parser: 'html' });
}

/** A canonical document, parsed from the text export `lines`, as the HTML every rendering is laid out from (bench/formats.ts prints corpora so). */
export function documentHtml(name: string, doc: CanonicalDocument, lines: string[]): Promise<string> {
  return renderHtml(layoutOf(name, doc, lines));
}

// ---------------------------------------------------------------------------------------------------------------
// Archives and metadata: fixed dates so a re-run gives the same bytes

const ISO = FIXED_DATE.toISOString().replace(/\.\d+Z$/, 'Z');

function fixCoreXml(xml: string): string {
  return xml
    .replace(/(<dcterms:created[^>]*>)[^<]*(<\/dcterms:created>)/, `$1${ISO}$2`)
    .replace(/(<dcterms:modified[^>]*>)[^<]*(<\/dcterms:modified>)/, `$1${ISO}$2`)
    .replace(/(<cp:revision>)[^<]*(<\/cp:revision>)/, '$11$2');
}

/** Re-zips an OOXML package with fixed times (entry order kept) after `edit` changed its parts. */
function rezip(bytes: Uint8Array, edit: (name: string, text: string) => string = (_n, t) => t): Buffer {
  const files = unzipSync(bytes);
  const out: Zippable = {};
  for (const [name, data] of Object.entries(files)) {
    let content = data;
    if (/\.(xml|rels)$/.test(name)) {
      let text = strFromU8(data);
      if (name === 'docProps/core.xml') text = fixCoreXml(text);
      if (name === 'docProps/app.xml') text = text.replace(/<TotalTime>\d+<\/TotalTime>/, '<TotalTime>0</TotalTime>');
      content = strToU8(edit(name, text));
    }
    out[name] = [content, { mtime: FIXED_DATE, level: 9 }];
  }
  return Buffer.from(zipSync(out));
}

/** The PDF's dates (Info and XMP) set to the fixed date and its /ID and /DocChecksum zeroed, each at its length, so the offsets hold. */
function fixPdfDates(pdf: Buffer): Buffer {
  const out = pdf
    .toString('latin1')
    .replace(/D:\d{14}([+-]\d\d'\d\d)?/g, (m) => m.replace(/^D:\d{14}/, 'D:20240101000000').replace(/[+-]\d\d'\d\d$/, "+00'00"))
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d)?/g, (m) =>
      m
        .replace(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/, '2024-01-01T00:00:00')
        .replace(/\.\d+/, (f) => '.' + '0'.repeat(f.length - 1))
        .replace(/[+-]\d\d:\d\d$/, '+00:00'),
    )
    .replace(/\/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]/g, (m) => m.replace(/[0-9A-Fa-f](?=[0-9A-Fa-f]*>)/g, '0'))
    // LibreOffice's checksum of the document, dates included
    .replace(/\/DocChecksum \/[0-9A-F]+/g, (m) => '/DocChecksum /' + '0'.repeat(m.length - 14));
  return Buffer.from(out, 'latin1');
}

// ---------------------------------------------------------------------------------------------------------------
// LibreOffice

let officeProfile: string | null = null;

function soffice(args: string[], cwd: string): void {
  officeProfile ??= mkdtempSync(path.join(os.tmpdir(), 'render-seeds-lo-'));
  execFileSync('soffice', [`-env:UserInstallation=file://${officeProfile}`, '--headless', '--norestore', '--nologo', ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 600_000,
  });
}

const hasSoffice = () => !spawnSync('soffice', ['--version'], { stdio: 'ignore' }).error;

const TWIPS_PER_MM = 1440 / 25.4;
const PAGES = {
  a4: { w: 210, h: 297, landscape: false },
  a3: { w: 420, h: 297, landscape: true },
} as const;

/** Sets the page size, orientation and margins of every section, makes tables fill the text width, and marks the header rows as repeating. */
function pageSetup(documentXml: string, page: (typeof PAGES)[keyof typeof PAGES]): string {
  const tw = (mm: number) => Math.round(mm * TWIPS_PER_MM);
  const margin = tw(15);
  const pgSz = `<w:pgSz w:w="${tw(page.w)}" w:h="${tw(page.h)}"${page.landscape ? ' w:orient="landscape"' : ''}/>`;
  const pgMar = `<w:pgMar w:top="${margin}" w:right="${margin}" w:bottom="${margin}" w:left="${margin}" w:header="0" w:footer="0" w:gutter="0"/>`;
  const textWidth = tw(page.w) - 2 * margin;
  let xml = documentXml.replace(/<w:sectPr\b[^>]*>[\s\S]*?<\/w:sectPr>/g, (sect) => {
    let s = sect.replace(/<w:pgSz\b[^>]*\/>/, pgSz).replace(/<w:pgMar\b[^>]*\/>/, pgMar);
    if (!s.includes('<w:pgSz')) s = s.replace(/(<w:sectPr\b[^>]*>)/, `$1${pgSz}`);
    if (!s.includes('<w:pgMar')) s = s.replace(/(<w:pgSz\b[^>]*\/>)/, `$1${pgMar}`);
    return s;
  });
  xml = xml.replace(/<w:tbl>([\s\S]*?)<\/w:tbl>/g, (tbl) => scaleTable(tbl, textWidth));
  return xml;
}

/** A table at the full text width (its grid scaled), its first one or two rows (the header) repeated on each page. */
function scaleTable(tbl: string, textWidth: number): string {
  const grid = [...tbl.matchAll(/<w:gridCol w:w="(\d+)"\s*\/>/g)].map((m) => Number(m[1]));
  const sum = grid.reduce((a, b) => a + b, 0);
  let out = tbl;
  if (sum > 0) {
    const scaled = grid.map((g) => Math.round((g / sum) * textWidth));
    let i = 0;
    out = out.replace(/<w:gridCol w:w="\d+"\s*\/>/g, () => `<w:gridCol w:w="${scaled[i++]}"/>`);
    // cell widths follow the grid: each cell's width over the table's width
    out = out.replace(/<w:tcW w:w="(\d+)" w:type="dxa"\s*\/>/g, (_m, w: string) => `<w:tcW w:w="${Math.round((Number(w) / sum) * textWidth)}" w:type="dxa"/>`);
    out = out.replace(/<w:tblW w:w="\d+" w:type="dxa"\s*\/>/, `<w:tblW w:w="${textWidth}" w:type="dxa"/>`);
  }
  // LibreOffice reads neither the cells' CSS borders nor their vertical-align: 0.75 pt black lines, body text at the top
  out = out.replace(/<w:tcBorders>\s*<\/w:tcBorders>|<w:tcBorders\/>/g, CELL_BORDERS);
  const headerRows = (/<w:tr\b[\s\S]*?<\/w:tr>/.exec(out)?.[0] ?? '').includes('w:gridSpan') ? 2 : 1;
  let n = 0;
  out = out.replace(/<w:tr\b[^>]*>[\s\S]*?<\/w:tr>/g, (tr) => {
    if (n++ >= headerRows) return tr.replace(/<w:vAlign w:val="center"\/>/g, '<w:vAlign w:val="top"/>');
    if (tr.includes('<w:tblHeader')) return tr;
    if (/^<w:tr\b[^>]*>\s*<w:trPr>/.test(tr)) return tr.replace('<w:trPr>', '<w:trPr><w:tblHeader/>');
    return tr.replace(/^(<w:tr\b[^>]*>)/, '$1<w:trPr><w:tblHeader/></w:trPr>');
  });
  return out;
}

const CELL_BORDERS = `<w:tcBorders>${['top', 'left', 'bottom', 'right'].map((s) => `<w:${s} w:val="single" w:sz="6" w:space="0" w:color="000000"/>`).join('')}</w:tcBorders>`;

/** LibreOffice writes the CSS font list as one font name; Word would not find it. */
const fixFontList = (xml: string) => xml.replaceAll(FONT_STACK.replace(/'/g, '').replace(/, /g, ';'), FONT);

function renderOffice(seed: string, html: string, out: string, tmp: string): void {
  const src = path.join(tmp, `${seed}.html`);
  writeFileSync(src, html);
  // Writer (not Writer/Web) reads the HTML, so it saves as Word
  soffice(['--infilter=HTML (StarWriter)', '--convert-to', 'docx:MS Word 2007 XML', '--outdir', tmp, src], tmp);
  const lo = readFileSync(path.join(tmp, `${seed}.docx`));
  for (const [name, page] of Object.entries(PAGES)) {
    const docx = rezip(lo, (part, text) => (part === 'word/document.xml' ? pageSetup(fixFontList(text), page) : fixFontList(text)));
    const docxName = `${seed}-${name}.docx`;
    writeFileSync(path.join(out, docxName), docx);
    writeFileSync(path.join(tmp, docxName), docx);
    soffice(['--convert-to', 'pdf:writer_pdf_Export', '--outdir', tmp, path.join(tmp, docxName)], tmp);
    writeFileSync(path.join(out, `${seed}-${name}.pdf`), fixPdfDates(readFileSync(path.join(tmp, `${seed}-${name}.pdf`))));
  }
  // a web page saved by an office program, in GBK as Chinese offices' pages often are: Writer's HTML of the A4
  // .docx (its own markup: <p> in every cell, classes, fonts), re-encoded with its charset declared as gb2312
  const a4 = path.join(tmp, `${seed}-a4.docx`);
  soffice(['--convert-to', 'html:HTML (StarWriter)', '--outdir', tmp, a4], tmp);
  const saved = readFileSync(path.join(tmp, `${seed}-a4.html`), 'utf8').replace(/charset=utf-8/i, 'charset=gb2312');
  writeFileSync(path.join(tmp, `${seed}-writer.html`), saved);
  writeFileSync(path.join(out, `${seed}-writer.html`), execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030', path.join(tmp, `${seed}-writer.html`)]));
  // Calc reads the same HTML: rowspan and colspan become merged cells
  const calcSrc = path.join(tmp, `${seed}-lo.html`);
  writeFileSync(calcSrc, html);
  soffice(['--infilter=HTML (StarCalc)', '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', tmp, calcSrc], tmp);
  writeFileSync(path.join(out, `${seed}-lo.xlsx`), rezip(readFileSync(path.join(tmp, `${seed}-lo.xlsx`))));
}

// ---------------------------------------------------------------------------------------------------------------
// Word through the docx package

const thin = { style: BorderStyle.SINGLE, size: 6, color: '000000' };
const cellBorders = { top: thin, bottom: thin, left: thin, right: thin };

function docxParagraphs(lines: string[], bold = false, align?: (typeof AlignmentType)[keyof typeof AlignmentType]): Paragraph[] {
  if (!lines.length) return [new Paragraph({})];
  return lines.map((l) => new Paragraph({ alignment: align, children: [new TextRun({ text: l, bold })] }));
}

function docxTable(t: UnitTable, textWidth: number): Table {
  const widths = t.columns.map((c) => Math.round((c.width / 100) * textWidth));
  const rows: TableRow[] = [];
  const twoRows = t.header.length === 2;
  // header: explicit vertical merges for the labels standing over both rows
  const top: TableCell[] = [];
  const second: TableCell[] = [];
  let col = 0;
  for (const h of t.header[0]!) {
    const width = widths.slice(col, col + h.colSpan).reduce((a, b) => a + b, 0);
    const common = { borders: cellBorders, verticalAlign: VerticalAlign.CENTER, width: { size: width, type: WidthType.DXA } };
    top.push(
      new TableCell({
        ...common,
        columnSpan: h.colSpan > 1 ? h.colSpan : undefined,
        verticalMerge: h.rowSpan > 1 ? VerticalMergeType.RESTART : undefined,
        children: docxParagraphs([h.label], true, AlignmentType.CENTER),
      }),
    );
    if (twoRows) {
      if (h.rowSpan > 1) second.push(new TableCell({ ...common, verticalMerge: VerticalMergeType.CONTINUE, children: [new Paragraph({})] }));
      else
        for (const sub of t.header[1]!)
          second.push(
            new TableCell({
              ...common,
              width: { size: widths[t.columns.findIndex((c) => c.label === sub.label)]!, type: WidthType.DXA },
              children: docxParagraphs([sub.label], true, AlignmentType.CENTER),
            }),
          );
    }
    col += h.colSpan;
  }
  rows.push(new TableRow({ tableHeader: true, children: top }));
  if (twoRows) rows.push(new TableRow({ tableHeader: true, children: second }));
  for (const r of t.rows) {
    const cells = t.columns.map((c, i) => {
      const merged = c.key === 'seq' || c.key === 'post';
      return new TableCell({
        borders: cellBorders,
        width: { size: widths[i]!, type: WidthType.DXA },
        verticalMerge: merged && r.span > 1 ? (r.first ? VerticalMergeType.RESTART : VerticalMergeType.CONTINUE) : undefined,
        children: merged && !r.first ? [new Paragraph({})] : docxParagraphs(r.cells[c.key]),
      });
    });
    rows.push(new TableRow({ children: cells }));
  }
  return new Table({ rows, columnWidths: widths, width: { size: textWidth, type: WidthType.DXA } });
}

async function renderDocxJs(layout: Layout): Promise<Buffer> {
  const mm = (n: number) => Math.round(n * TWIPS_PER_MM);
  const textWidth = mm(297) - 2 * mm(15);
  const children: (Paragraph | Table)[] = [];
  if (layout.title) children.push(new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: layout.title, bold: true, size: 32 })] }));
  for (const t of layout.tables) {
    for (const l of t.above)
      children.push(
        l.kind === 'heading'
          ? new Paragraph({ heading: HeadingLevel.HEADING_2, alignment: AlignmentType.CENTER, text: l.text })
          : new Paragraph({ text: l.text }),
      );
    children.push(docxTable(t, textWidth));
    children.push(new Paragraph({}));
  }
  if (layout.flowcharts.length) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, text: '流程图' }));
    for (const f of layout.flowcharts) children.push(new Paragraph({ text: flowchartLine(f) }));
  }
  const font = { ascii: FONT, eastAsia: FONT, hAnsi: FONT, cs: FONT };
  const doc = new Document({
    creator: 'bureau-graph render-seeds',
    title: layout.title ?? layout.seed,
    styles: {
      default: {
        document: { run: { font, size: 20 } },
        heading2: { run: { font, size: 28, bold: true, color: '000000' } },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: mm(210), height: mm(297), orientation: PageOrientation.LANDSCAPE },
            margin: { top: mm(15), right: mm(15), bottom: mm(15), left: mm(15) },
          },
        },
        children,
      },
    ],
  });
  return rezip(await Packer.toBuffer(doc));
}

// ---------------------------------------------------------------------------------------------------------------
// Excel through exceljs

/** A unit's sheet name: at most 31 characters, none of []:*?/\, unique in the workbook. */
function sheetName(name: string, taken: Set<string>): string {
  const base = name.replace(/[[\]:*?/\\]/g, '_').slice(0, 31);
  let n = base;
  for (let i = 2; taken.has(n); i++) n = base.slice(0, 31 - String(i).length - 1) + '_' + String(i);
  taken.add(n);
  return n;
}

async function renderExcelJs(layout: Layout): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'bureau-graph render-seeds';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  const taken = new Set<string>();
  const border = { style: 'thin', color: { argb: 'FF000000' } } as const;
  const borders = { top: border, left: border, bottom: border, right: border };
  const font = { name: FONT, size: 10 };
  layout.tables.forEach((t, ti) => {
    const ws = wb.addWorksheet(sheetName(t.unit.name, taken), {
      pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    });
    ws.columns = t.columns.map((c) => ({ width: Math.max(6, Math.round(c.width * 1.6)) }));
    const lines: TextLine[] = [...(ti === 0 && layout.title ? [{ kind: 'title' as const, text: layout.title }] : []), ...t.above];
    for (const l of lines) {
      const row = ws.addRow([l.text]);
      row.getCell(1).font = { ...font, bold: l.kind !== 'para', size: l.kind === 'para' ? 10 : 14 };
    }
    const headerStart = ws.rowCount + 1;
    // header: the top row carries every label; 负责人 spans two columns, the others both header rows
    const top = t.columns.map((c) => (c.key === 'lead' ? '负责人' : c.key === 'assistant' ? null : c.label));
    ws.addRow(top);
    if (t.header.length === 2) ws.addRow(t.columns.map((c) => (c.key === 'lead' ? '牵头负责人' : c.key === 'assistant' ? '辅助人员' : null)));
    const headerEnd = ws.rowCount;
    t.columns.forEach((c, i) => {
      if (c.key === 'assistant') return;
      if (c.key === 'lead') ws.mergeCells(headerStart, i + 1, headerStart, i + 2);
      else if (headerEnd > headerStart) ws.mergeCells(headerStart, i + 1, headerEnd, i + 1);
    });
    for (let r = headerStart; r <= headerEnd; r++) {
      const row = ws.getRow(r);
      for (let c = 1; c <= t.columns.length; c++) {
        const cell = row.getCell(c);
        cell.font = { ...font, bold: true };
        cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
        cell.border = borders;
      }
    }
    ws.pageSetup.printTitlesRow = `${headerStart}:${headerEnd}`;
    // merged after the rows are added: merging ahead would make the rows it covers, and addRow append after them
    const merges: [number, number, number, number][] = [];
    for (const r of t.rows) {
      const row = ws.addRow(
        t.columns.map((c) => {
          if ((c.key === 'seq' || c.key === 'post') && !r.first) return null;
          // 序号 typed in as a number, as in a sheet someone filled in
          if (c.key === 'seq') return Number(r.cells.seq[0]);
          return r.cells[c.key].join('\n') || null;
        }),
      );
      for (let c = 1; c <= t.columns.length; c++) {
        const cell = row.getCell(c);
        cell.font = font;
        cell.alignment = { vertical: 'top', wrapText: true };
        cell.border = borders;
      }
      if (r.first && r.span > 1) {
        t.columns.forEach((c, i) => {
          if (c.key === 'seq' || c.key === 'post') merges.push([row.number, i + 1, row.number + r.span - 1, i + 1]);
        });
      }
    }
    for (const [top, left, bottom, right] of merges) ws.mergeCells(top, left, bottom, right);
  });
  if (layout.flowcharts.length) {
    const ws = wb.addWorksheet(sheetName('流程图', taken));
    ws.columns = [{ width: 14 }, { width: 60 }];
    const head = ws.addRow(['编号', '流程图名称']);
    head.font = { ...font, bold: true };
    for (const f of layout.flowcharts) ws.addRow([f.code, f.title]).font = font;
  }
  return rezip(new Uint8Array(await wb.xlsx.writeBuffer()));
}

// ---------------------------------------------------------------------------------------------------------------
// CSV

function renderCsv(layout: Layout): string {
  const records: string[][] = [];
  if (layout.title) records.push([layout.title]);
  for (const t of layout.tables) {
    for (const l of t.above) records.push([l.text]);
    // spanned cells repeated empty
    records.push(t.columns.map((c) => (c.key === 'lead' ? '负责人' : c.key === 'assistant' ? '' : c.label)));
    if (t.header.length === 2) records.push(t.columns.map((c) => (c.key === 'lead' ? '牵头负责人' : c.key === 'assistant' ? '辅助人员' : '')));
    for (const r of t.rows) records.push(t.columns.map((c) => ((c.key === 'seq' || c.key === 'post') && !r.first ? '' : r.cells[c.key].join('\n'))));
  }
  if (layout.flowcharts.length) {
    records.push(['流程图']);
    for (const f of layout.flowcharts) records.push([flowchartLine(f)]);
  }
  // CRLF between records as Excel writes them; a field's own line breaks (LF) must then be quoted explicitly
  return stringify(records, { bom: true, record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}

// ---------------------------------------------------------------------------------------------------------------

const program = new Command('render-seeds')
  .description('render every seed into the formats users bring (HTML, Word, Excel, PDF, CSV, GB18030 text) under test/fixtures/renderings/')
  .option('--seeds <dir>', 'the seed text exports', 'seeds')
  .option('--out <dir>', 'where the renderings go', 'test/fixtures/renderings')
  .option('--only <prefix...>', 'render only the seeds whose names start so (000 004)')
  .option('--no-office', 'skip the LibreOffice renderings')
  .option('--no-chromium', 'skip the Chromium PDF')
  .action(async (opts: { seeds: string; out: string; only?: string[]; office: boolean; chromium: boolean }) => {
    const seeds = readdirSync(opts.seeds)
      .filter((f) => f.endsWith('.txt'))
      .filter((f) => !opts.only || opts.only.some((p) => f.startsWith(p)))
      .sort();
    mkdirSync(opts.out, { recursive: true });
    const office = opts.office && hasSoffice();
    if (opts.office && !office) console.warn('render-seeds: soffice (LibreOffice) is not installed: skipping the -a4/-a3 .docx/.pdf and -lo.xlsx renderings');
    const chrome = opts.chromium && hasChromium;
    if (opts.chromium && !chrome) console.warn(`render-seeds: no Chromium at ${CHROMIUM}: skipping the -chromium.pdf renderings`);
    const browser = chrome ? await launch() : null;
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'render-seeds-'));
    try {
      for (const file of seeds) {
        const seed = file.replace(/\.txt$/, '');
        const src = path.join(opts.seeds, file);
        const doc = await parseFile(src);
        const lines = readFileSync(src, 'utf8').replace(/\r\n?/g, '\n').split('\n');
        const layout = layoutOf(seed, doc, lines);
        const write = (name: string, data: string | Buffer) => writeFileSync(path.join(opts.out, `${seed}${name}`), data);

        const html = await renderHtml(layout);
        write('.html', html);
        write('.csv', renderCsv(layout));
        write('-docxjs.docx', await renderDocxJs(layout));
        write('-exceljs.xlsx', await renderExcelJs(layout));
        write('-gbk.txt', execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030', src], { maxBuffer: 64 * 2 ** 20 }));
        if (browser) {
          const page = await browser.newPage();
          await page.setContent(html, { waitUntil: 'load' });
          write(
            '-chromium.pdf',
            fixPdfDates(await page.pdf({ format: 'A4', printBackground: true, margin: { top: '15mm', bottom: '15mm', left: '12mm', right: '12mm' } })),
          );
          await page.close();
        }
        if (office) renderOffice(seed, html, opts.out, tmp);
        console.log(`render-seeds: ${seed}`);
      }
    } finally {
      await browser?.close();
      rmSync(tmp, { recursive: true, force: true });
      if (officeProfile) rmSync(officeProfile, { recursive: true, force: true });
    }
    let total = 0;
    for (const f of readdirSync(opts.out).sort()) {
      const size = statSync(path.join(opts.out, f)).size;
      total += size;
      console.log(`${String(size).padStart(10)}  ${f}`);
    }
    console.log(`${String(total).padStart(10)}  total`);
  });

// run as a script, not when imported for documentHtml
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await program.parseAsync();
