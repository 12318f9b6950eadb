/**
 * The interpreter: turns the table model (text and tables in reading order, from any reader) into units, posts,
 * work items and flowcharts. It finds columns by their header words, not by position, and knows nothing of
 * formats: what a PDF, a Word file or a text export looks like is the readers' business.
 */
import { DocumentBuilder, type Row } from './builder.ts';
import { ParseError } from './errors.ts';
import { placeLabel, toGrid, type Block, type GridCell, type Place, type SourceFormat, type TableDocument, type TableRow } from './table-model.ts';
import { isPersonName, splitNamesWritten, squash, startsNumberedItem, stripHtml, unpad } from './text.ts';

interface Columns {
  width: number;
  seq: number | null;
  post: number;
  item: number | null;
  functions: number | null;
  responsibilities: number | null;
  workflow: number | null;
  lead: number | null;
  assistants: number | null;
  remarks: number | null;
}

/** Header words and their synonyms, matched against a header cell without its spaces. */
const HEADER = {
  seq: /^(序号|编号)$/,
  post: /^岗位(名称)?$/,
  item: /^(工作事项|事项|工作任务|主要事项)$/,
  description: /^(岗位)?(职能|责任|职责)(描述)?$/,
  workflow: /^(工作)?流程$/,
  staff: /^负责人$/,
  lead: /^牵头(负责人|人)?$/,
  assistants: /^(辅助|配合)(人员|人)?$/,
  remarks: /^备注$/,
};
const isHeaderWord = (t: string) => Object.values(HEADER).some((re) => re.test(t));

const CODE_LINE = /^(\d{1,3}(?:-\d{1,3})+)$/;
// a PDF may print the code and its title with no space between them (4-1-1-1预算编制流程图)
const CODE_AND_TITLE = /^(\d{1,3}(?:-\d{1,3})+)\s*([^\d\s-].*)$/;
/** a bare number is a flowchart's code only when a title naming a 流程图 follows it (11 村镇建设…申报流程图) */
const NUMBER_AND_CHART = /^(\d{1,3})\s*([^\d\s-].*流程图)$/;
const UNIT_HEADING = /^(.+?)定岗定责定流程表$/;
const TITLE_HEADING = /^(.+?)定岗定责定流程(管理手册|表)/;
const PAGE_FURNITURE = /^(-\s*\d+\s*-|第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*\/\s*\d+|\d+)$/;

/** What the interpreter carries from one block to the next. */
interface State {
  cols: Columns | null;
  /** the last header read, so a header split over two rows can be completed */
  headerRows: GridCell[][];
  bureau: string | null;
  title: string | null;
  inFlowcharts: boolean;
  pendingCode: { code: string; line: number } | null;
  lastChart: ReturnType<DocumentBuilder['addFlowchart']> | null;
  /** a flowchart list printed as a table (编号 | 流程图名称) */
  chartTable: { code: number; title: number } | null;
  /** the last row read, held back until the next one shows whether it continues it across a page break */
  held: Row | null;
}

/** Reads a table document into the builder; `lineOf` gives each block's or row's line in the document's text. */
export function interpret(t: TableDocument, file: string, b: DocumentBuilder, lineOf: (p: Place) => number): { title: string | null } {
  const s: State = {
    cols: null,
    headerRows: [],
    ...titleOf(t.blocks),
    inFlowcharts: false,
    pendingCode: null,
    lastChart: null,
    chartTable: null,
    held: null,
  };
  const tables = t.blocks.filter((x) => x.kind === 'table');
  for (const block of t.blocks) {
    if (block.kind === 'text') {
      const text = clean(block.text);
      if (text) readText(s, text, block.heading !== undefined, block.place, lineOf, b);
      continue;
    }
    readTable(s, block.rows, block === tables.at(-1) ? t.format : null, file, lineOf, b);
  }
  flush(s, b);
  b.finish();
  return { title: s.title };
}

/** Markdown emphasis and heading marks of the text export, and surrounding spaces, removed. */
function clean(text: string): string {
  return text
    .replace(/\*\*/g, '')
    .replace(/^#{1,6}\s*/, '')
    .trim();
}

/** The title is the text before the table of contents, the first unit heading or the first table. */
function titleOf(blocks: Block[]): { title: string | null; bureau: string | null } {
  const head: string[] = [];
  for (const block of blocks) {
    if (block.kind === 'table') break;
    const raw = block.text;
    if (raw.startsWith('#') || raw.trim().startsWith('内设机构名称') || /目\s*录/.test(raw)) break;
    const text = clean(raw);
    if (!text || PAGE_FURNITURE.test(text)) continue;
    if (head.length && /^\d{4}\s*年/.test(text)) break;
    head.push(text);
    if (unpad(head.join('')).includes('定岗定责')) break;
  }
  if (!head.length) return { title: null, bureau: null };
  const title = head.join('');
  return { title, bureau: /^(.+?局)/.exec(unpad(title))?.[1] ?? null };
}

/** A line of text: a unit's heading or details, a flowchart's code or title, or a flowchart box. */
function readText(s: State, text: string, heading: boolean, place: Place, lineOf: (p: Place) => number, b: DocumentBuilder): void {
  const line = lineOf(place);
  if (PAGE_FURNITURE.test(text)) return;
  if (readUnitText(s, text, line, place, b)) return;
  if (/^(工作)?流程图(目录|清单)?$/.test(unpad(text))) {
    enterFlowcharts(s, b);
    return;
  }
  // a line naming a 流程图 after the tables begins the flowchart pages, with or without a code above it
  if (s.cols && unpad(text).endsWith('流程图')) enterFlowcharts(s, b);
  const codeAndTitle = CODE_AND_TITLE.exec(text) ?? NUMBER_AND_CHART.exec(text);
  if (codeAndTitle && (s.inFlowcharts || /流程|图/.test(codeAndTitle[2]!))) {
    enterFlowcharts(s, b);
    s.lastChart = b.addFlowchart(unpad(codeAndTitle[1]!), codeAndTitle[2]!, [line, line], place);
    s.pendingCode = null;
    return;
  }
  const code = CODE_LINE.exec(text);
  if (code && (s.inFlowcharts || s.cols)) {
    enterFlowcharts(s, b);
    s.pendingCode = { code: unpad(code[1]!), line };
    return;
  }
  if (!s.inFlowcharts) {
    // text after a table that is not a flowchart: a note or a footer, which ends nothing
    if (s.cols) b.finding('unplaced-text', `text beside the table: ${text.slice(0, 40)}`, [line, line], place);
    return;
  }
  // a flowchart's title is a heading printed a few lines under its code, or a line naming a 流程图
  if (heading || (s.pendingCode && /流程|图/.test(text))) {
    if (s.pendingCode && line - s.pendingCode.line <= 4) {
      s.lastChart = b.addFlowchart(s.pendingCode.code, text, [s.pendingCode.line, line], place);
    } else {
      s.lastChart = null;
      b.finding('uncoded-flowchart', `flowchart "${squash(text)}" is printed without a code`, [line, line], place);
    }
    s.pendingCode = null;
    return;
  }
  if (s.lastChart) {
    s.lastChart.boxes.push(text);
    s.lastChart.provenance.lines[1] = line;
  }
}

function enterFlowcharts(s: State, b: DocumentBuilder): void {
  if (s.inFlowcharts) return;
  flush(s, b);
  b.closePost();
  s.cols = null;
  s.inFlowcharts = true;
}

/** A unit heading, the document's title heading, 内设机构名称 (department), 隶属关系 (belongs to) or 宗旨和业务范围. */
function readUnitText(s: State, text: string, line: number, place: Place, b: DocumentBuilder): boolean {
  const compact = unpad(text);
  const unitHead = UNIT_HEADING.exec(compact);
  // "…局及所属事业单位定岗定责定流程表" names the whole document, not a unit
  if (unitHead && !/^(及|和)|及所属/.test(unitHead[1]!)) {
    flush(s, b);
    const name = unitHead[1]!;
    s.title ??= text;
    // a 局 is the bureau unless the document already named another; every other table is a centre under it
    if (name.endsWith('局') && (s.bureau === null || s.bureau === name)) {
      s.bureau = name;
      b.startUnit(name, 'bureau', null, line, place);
    } else b.startUnit(name, 'centre', s.bureau, line, place);
    s.cols = null;
    s.inFlowcharts = false;
    s.chartTable = null;
    return true;
  }
  const titleHead = TITLE_HEADING.exec(compact);
  if (titleHead) {
    s.bureau ??= /^(.+?局)/.exec(titleHead[1]!)?.[1] ?? null;
    return !b.currentUnit() || Boolean(unitHead);
  }
  const dept = /^内设机构名称[:：](.+)$/.exec(compact);
  if (dept) {
    flush(s, b);
    b.startUnit(dept[1]!, 'department', s.bureau, line, place);
    s.cols = null;
    s.inFlowcharts = false;
    return true;
  }
  const parent = /^隶属关系[:：](.+?)(所属)?$/.exec(compact);
  if (parent) {
    b.setParent(parent[1]!, line);
    return true;
  }
  const mission = /^宗旨和业务范围\s*[:：]?\s*(.*)$/s.exec(text);
  if (mission) {
    if (mission[1]!.trim()) b.setMission(mission[1]!, [line, line]);
    return true;
  }
  return false;
}

/** A table: header rows set the columns; other rows are posts' rows, a unit's mission or a flowchart list. */
/** `last` is the document's format when this is its last table (where a cut shows), else null. */
function readTable(s: State, rows: TableRow[], last: SourceFormat | null, file: string, lineOf: (p: Place) => number, b: DocumentBuilder): void {
  const grid = toGrid(rows);
  s.headerRows = [];
  for (let r = 0; r < grid.length; r++) {
    const cells = grid[r]!;
    const row = rows[r]!;
    const texts = cells.map((c) => unpad(stripHtml(c.text)));
    const line = lineOf(row.place);
    if (texts.every((t) => !t)) continue;
    if (readHeader(s, cells, texts, row.header === true, file, line, row.place, b)) continue;
    s.headerRows = [];
    const filled = cells.filter((c) => c.text.trim());
    if (filled.length === 1 && filled[0] === cells[0] && !s.chartTable && (!s.cols || isTextLine(texts[0]!))) {
      // a line of text written into a table's first column (spreadsheets, CSV)
      readText(s, clean(cells[0]!.text), false, row.place, lineOf, b);
      continue;
    }
    const missionAt = texts.indexOf('宗旨和业务范围');
    if (missionAt >= 0) {
      const text = cells.slice(missionAt + 1).find((c) => c.text.trim() && unpad(c.text) !== '宗旨和业务范围');
      if (text) b.setMission(text.text, [line, line]);
      continue;
    }
    if (s.chartTable) {
      const code = unpad(cells[s.chartTable.code]?.text ?? '');
      const title = squash(cells[s.chartTable.title]?.text ?? '');
      if (/^\d{1,3}(-\d{1,3})*$/.test(code) && title) b.addFlowchart(code, title, [line, line], row.place);
      continue;
    }
    if (!s.cols) continue; // a table of contents or another table that is not a post table
    // only a text export shows a cut by a short last row: other formats may leave a row's empty cells out
    if (last === 'text' && r === grid.length - 1 && cells.length < s.cols.width - 1) {
      throw new ParseError(file, `the table is cut off: this row has ${cells.length} cells, its header has ${s.cols.width}`, line);
    }
    readRow(s, cells, row.continues === true, line, row.place, b);
  }
}

/** Text that a spreadsheet writes into a table's first column rather than in a post's cells. */
function isTextLine(compact: string): boolean {
  return UNIT_HEADING.test(compact) || TITLE_HEADING.test(compact) || /^(内设机构名称|隶属关系|宗旨和业务范围)/.test(compact) || compact.endsWith('流程图');
}

/** A header row (or the second row of a two-row header); false when the row is not a header. `marked`: the document marks it as one. */
function readHeader(s: State, cells: GridCell[], texts: string[], marked: boolean, file: string, line: number, place: Place, b: DocumentBuilder): boolean {
  const words = texts.filter((t) => t && isHeaderWord(t));
  const nonEmpty = texts.filter(Boolean);
  const chart = chartColumns(texts);
  if (chart && !texts.some((t) => HEADER.post.test(t))) {
    flush(s, b);
    b.closePost();
    s.cols = null;
    s.chartTable = chart;
    return true;
  }
  if (s.headerRows.length > 0 && nonEmpty.length > 0 && words.length === nonEmpty.length) {
    // 负责人 over 牵头负责人 | 辅助人员
    s.headerRows.push(cells);
    setColumns(s, file, line, place, b);
    return true;
  }
  // three header words and little else; or 岗位名称 among them, whatever else the header names (完成时限…); or a row
  // the document repeats on each page as its header
  const named = texts.some((t) => HEADER.post.test(t));
  if (!(words.length >= 3 && (words.length >= nonEmpty.length - 1 || named)) && !(marked && named && words.length >= 2)) return false;
  flush(s, b);
  s.headerRows = [cells];
  s.chartTable = null;
  setColumns(s, file, line, place, b);
  return true;
}

function chartColumns(texts: string[]): { code: number; title: number } | null {
  const code = texts.findIndex((t) => /^(流程图?)?(编号|代码)$/.test(t));
  const title = texts.findIndex((t) => /^(流程图?)?(名称|标题)$/.test(t));
  return code >= 0 && title >= 0 ? { code, title } : null;
}

/** Which column holds what, from the header rows' words: each column is labelled by its words top to bottom. */
function setColumns(s: State, file: string, line: number, place: Place, b: DocumentBuilder): void {
  const width = Math.max(...s.headerRows.map((r) => r.length));
  const labels = Array.from({ length: width }, (_, i) => s.headerRows.map((r) => unpad(stripHtml(r[i]?.text ?? ''))).filter(Boolean));
  const at = (re: RegExp) => {
    const i = labels.findIndex((l) => l.some((w) => re.test(w)));
    return i < 0 ? null : i;
  };
  const post = at(HEADER.post);
  if (post === null) {
    const found = labels.map((l) => l.join('/')).filter(Boolean);
    const where = place.line === undefined ? ` (${placeLabel(place)})` : '';
    throw new ParseError(file, `a table header has no 岗位名称 column${where}; its headers are: ${found.join(', ')}`, place.line);
  }
  // the first description column is the functions, the second the responsibilities, whatever their names
  // a description header spread over two columns (a spreadsheet merging cells) is one column, at its first
  const own = (i: number) => s.headerRows.map((r) => (r[i]?.origin === false ? '' : unpad(stripHtml(r[i]?.text ?? '')))).filter(Boolean);
  const desc = labels.map((_, i) => [own(i).find((w) => HEADER.description.test(w)) ?? '', i] as const).filter(([w]) => w);
  let functions: number | null = null;
  let responsibilities: number | null = null;
  if (desc.length >= 2) [functions, responsibilities] = [desc[0]![1], desc[1]![1]];
  else if (desc.length === 1) {
    if (desc[0]![0].includes('职能')) functions = desc[0]![1];
    else responsibilities = desc[0]![1];
  }
  let lead = at(HEADER.lead);
  let assistants = at(HEADER.assistants);
  const staff = at(HEADER.staff);
  if (lead === null && staff !== null) {
    // 负责人 as one column, or over an unlabelled column for the assistants
    lead = staff;
    if (assistants === null && staff + 1 < width && labels[staff + 1]!.length === 0) assistants = staff + 1;
  }
  s.cols = {
    width,
    seq: at(HEADER.seq),
    post,
    item: at(HEADER.item),
    functions,
    responsibilities,
    workflow: at(HEADER.workflow),
    lead,
    assistants,
    remarks: at(HEADER.remarks),
  };
  s.inFlowcharts = false;
  b.setTableShape({ dutiesLayout: functions === null && responsibilities === null, staffColumns: lead !== null });
}

/** A post table's row; a row that continues the one before a page break is joined to it. */
function readRow(s: State, cells: GridCell[], continues: boolean, line: number, place: Place, b: DocumentBuilder): void {
  const cols = s.cols!;
  const row = rowOf(cells, cols, line, place, b);
  const held = s.held;
  if (continues && held && !unpad(row.seq)) {
    const postText = unpad(stripHtml(row.post));
    const otherPost = postText !== '' && postText !== unpad(stripHtml(held.post));
    // the row begins something of its own: an item numbered anew, staff beside staff already read, or (where no
    // 序号 column tells posts apart) another post's title
    const ownItem = !b.dutiesLayout() && startsNumberedItem(squash(stripHtml(row.item)));
    const ownStaff = unpad(row.lead) !== '' && unpad(held.lead) !== '';
    const ownPost = cols.seq === null && otherPost;
    if (!ownItem && !ownStaff && !ownPost) {
      // the rest of a row cut by the page break
      join(held, row, otherPost);
      return;
    }
    flush(s, b);
    if (otherPost && !ownPost) {
      // a merged post cell cut by the page break: its rest stands beside the next item
      b.continuePostTitle(postText);
      row.post = '';
    }
  }
  flush(s, b);
  s.held = row;
}

/** Joins the rest of a row cut by a page break to its first part. */
function join(held: Row, rest: Row, postContinues: boolean): void {
  const glue = (a: string, c: string, sep: string) => (a && c ? a + sep + c : a || c);
  for (const key of ['item', 'functions', 'responsibilities', 'remarks'] as const) held[key] = glue(held[key], rest[key], '');
  held.workflow = glue(held.workflow, rest.workflow, ' ');
  // a name cut by the page break (周生 | 强) is joined where that makes names
  for (const key of ['lead', 'assistants'] as const)
    held[key] = held[key] && rest[key] ? staffUnwrapped([held[key], rest[key]], [true]) : held[key] || rest[key];
  if (postContinues) held.post = glue(held.post, rest.post, '');
  held.lines[1] = rest.lines[1];
}

function flush(s: State, b: DocumentBuilder): void {
  if (s.held) b.addRow(s.held);
  s.held = null;
}

function rowOf(cells: GridCell[], c: Columns, line: number, place: Place, b: DocumentBuilder): Row {
  // a cell covered by a span from the row before (a merged post cell) repeats its text; only the item's own cells count
  const staff = new Set([c.lead, c.assistants, c.lead === null ? null : c.lead + 2]);
  const cell = (i: number | null) => (i === null ? undefined : cells[i]);
  const get = (i: number | null) => {
    const x = cell(i);
    return x ? unwrapped(x, staff.has(i)) : '';
  };
  const own = (i: number | null) => (cell(i)?.origin ? get(i) : '');
  let lead = get(c.lead);
  let assistants = get(c.assistants);
  let remarks = own(c.remarks);
  if (c.lead !== null && c.assistants === c.lead + 1 && !lead.trim() && assistants.trim() && looksLikeStaff(get(c.lead + 2))) {
    // an extra empty cell pushed the staff one column right
    lead = assistants;
    assistants = get(c.lead + 2);
    remarks = get(c.lead + 3);
    b.finding(
      'shifted-staff',
      `staff cells shifted one column right; read 牵头负责人 "${squash(lead)}", 辅助人员 "${squash(assistants)}"`,
      [line, line],
      place,
    );
  }
  const itemCell = c.item === null ? undefined : cells[c.item];
  // post cells merged down from an earlier row: the same post, whatever part of its text this page shows
  const postCovered = cells[c.post]?.origin === false;
  return {
    lines: [line, line],
    place: itemCell?.origin ? itemCell.place : place,
    postCovered,
    seq: postCovered ? '' : get(c.seq),
    post: postCovered ? '' : get(c.post),
    item: own(c.item),
    functions: own(c.functions),
    responsibilities: own(c.responsibilities),
    workflow: own(c.workflow),
    lead,
    assistants,
    remarks,
  };
}

const WIDE = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/u;

/**
 * A cell's text with the wraps of the layout undone: the two lines of a wrapped sentence or code are one again, and
 * a staff cell's names are split where they make names (`杨 森 李` + `忠国` is 杨森 and 李忠国; `王金峰` + `周 健`
 * is 王金峰 and 周健). Breaks the writer made stay.
 */
function unwrapped(cell: GridCell, staff: boolean): string {
  const wraps = cell.wraps;
  if (!wraps?.some(Boolean)) return cell.text;
  const lines = cell.text.split('\n');
  if (staff) return staffUnwrapped(lines, wraps);
  let out = lines[0]!;
  for (let i = 1; i < lines.length; i++) {
    const next = lines[i]!;
    // a line that begins a numbered statement starts it, however full the line above was
    if (!wraps[i - 1] || /^(\d{1,2}\s*[.、．](?!\d)|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）])/.test(next)) out += '\n' + next;
    else out += WIDE.test(out.at(-1) ?? '') || WIDE.test(next[0] ?? '') || out.endsWith('-') ? next : ' ' + next;
  }
  return out;
}

/**
 * A wrap at the space between two names reads as names; a wrap inside a name does not (its halves are no names).
 * The wraps of a cell are decided together, preferring spaces, since one wrong choice can still give names.
 */
function staffUnwrapped(lines: string[], wraps: boolean[]): string {
  const at = wraps.flatMap((w, i) => (w ? [i] : []));
  const write = (joined: Set<number>) => lines.reduce((out, line, i) => out + (i === 0 ? '' : !wraps[i - 1] ? '\n' : joined.has(i - 1) ? '' : ' ') + line, '');
  let best: { text: string; cost: number } | null = null;
  for (let m = 0; at.length <= 10 && m < 2 ** at.length; m++) {
    const text = write(new Set(at.filter((_, k) => m & (1 << k))));
    const names = splitNamesWritten(text);
    if (!names.every((n) => isPersonName(n.name))) continue;
    // a name made of a word and a stray character (罗永 孙) is a guess; then prefer spaces to joins
    const cost = names.filter((n) => /\S{2,} \S/.test(n.written)).length * 100 + bits(m);
    if (!best || cost < best.cost) best = { text, cost };
  }
  return best?.text ?? write(new Set());
}

function bits(n: number): number {
  let c = 0;
  for (; n; n &= n - 1) c++;
  return c;
}

function looksLikeStaff(cell: string): boolean {
  const t = squash(stripHtml(cell));
  return t.length > 0 && /^[\u4e00-\u9fff·]{1,4}(\s+[\u4e00-\u9fff·]{1,4})*$/u.test(t);
}
