/**
 * Layout 1: tab-separated tables exported from PDF (seeds 000–003): markdown headings, HTML inside cells,
 * the header repeated on every page, flowchart codes and titles after the tables.
 */
import { DocumentBuilder, type Row } from './builder.ts';
import { ParseError } from './errors.ts';
import { squash, stripHtml, unpad } from './text.ts';

interface Columns {
  width: number;
  seq: number;
  post: number;
  item: number;
  functions: number | null;
  responsibilities: number | null;
  workflow: number | null;
  lead: number | null;
  remarks: number | null;
}

const CODE_LINE = /^\s*(\d{1,3}(?:-\d{1,3})+)\s*$/;
const UNIT_HEADING = /^#{1,3}\s*(.+?)定岗定责定流程表\s*$/;
const HEADING = /^#{1,6}\s+(.+?)\s*$/;

/** Reads the header row: which column holds what. */
function columnsOf(cells: string[], file: string, line: number): Columns {
  const at = (re: RegExp) => {
    const i = cells.findIndex((c) => re.test(unpad(c)));
    return i < 0 ? null : i;
  };
  const seq = at(/^序号$/);
  const post = at(/^岗位名称$/);
  const item = at(/^工作事项$/);
  if (seq === null || post === null || item === null) {
    throw new ParseError(file, 'table header without 序号, 岗位名称 and 工作事项', line);
  }
  // the first description column is the functions, the second the responsibilities, whatever their names
  const desc = cells.map((c, i) => [unpad(c), i] as const).filter(([c]) => /^岗位(职能|责任|职责)(描述)?$/.test(c));
  let functions: number | null = null;
  let responsibilities: number | null = null;
  if (desc.length >= 2) [functions, responsibilities] = [desc[0]![1], desc[1]![1]];
  else if (desc.length === 1) {
    if (desc[0]![0].includes('职能')) functions = desc[0]![1];
    else responsibilities = desc[0]![1];
  }
  return {
    width: cells.length,
    seq,
    post,
    item,
    functions,
    responsibilities,
    workflow: at(/^工作流程$/),
    lead: at(/^负责人$/),
    remarks: at(/^备注$/),
  };
}

/** What the reader carries from one line to the next. */
interface TabState {
  cols: Columns | null;
  bureau: string | null;
  title: string | null;
  inFlowcharts: boolean;
  pendingCode: { code: string; line: number } | null;
  lastChart: ReturnType<DocumentBuilder['addFlowchart']> | null;
}

/** Reads layout 1 (tab-separated tables) into the builder; the title is the text the document opens with. */
export function parseTabTable(lines: string[], file: string, b: DocumentBuilder): { title: string | null } {
  const s: TabState = { cols: null, ...titleOf(lines), inFlowcharts: false, pendingCode: null, lastChart: null };
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (!raw.trim()) continue;
    if (raw.includes('\t')) readTabbedLine(s, lines, i, file, b);
    else readTextLine(s, raw.trim(), i + 1, b);
  }
  b.finish();
  return { title: s.title };
}

/** The title is the first text before the table of contents or the first table; the bureau is its name up to 局. */
function titleOf(lines: string[]): { title: string | null; bureau: string | null } {
  const head: string[] = [];
  for (const l of lines) {
    if (l.includes('\t') || l.startsWith('#') || l.startsWith('内设机构名称') || /目\s*录/.test(l)) break;
    if (l.trim()) head.push(l.replace(/\*/g, '').trim());
    if (head.length && !l.trim()) break;
  }
  if (!head.length) return { title: null, bureau: null };
  const title = head.join('');
  return { title, bureau: /^(.+?局)/.exec(title)?.[1] ?? null };
}

/** A line without tabs: a unit's heading or details, or, after a table, a line of the flowchart pages. */
function readTextLine(s: TabState, text: string, line: number, b: DocumentBuilder): void {
  if (readUnitLine(s, text, line, b)) return;
  if (s.cols) {
    // text after a table: the flowchart pages
    b.closePost();
    s.inFlowcharts = true;
  }
  if (s.inFlowcharts) readFlowchartLine(s, text, line, b);
}

/** A unit heading, the document's title heading, 内设机构名称 (department) or 隶属关系 (belongs to). */
function readUnitLine(s: TabState, text: string, line: number, b: DocumentBuilder): boolean {
  const unitHead = UNIT_HEADING.exec(text);
  if (unitHead) {
    const name = unpad(unitHead[1]!);
    s.title ??= text.replace(/^#+\s*/, '');
    // a 局 is the bureau unless the document already named another; every other table is a centre under it
    if (name.endsWith('局') && (s.bureau === null || s.bureau === name)) {
      s.bureau = name;
      b.startUnit(name, 'bureau', null, line);
    } else b.startUnit(name, 'centre', s.bureau, line);
    s.cols = null;
    s.inFlowcharts = false;
    return true;
  }
  const titleHead = /^#{1,3}\s*(.+?)定岗定责定流程(管理手册|表)/.exec(text);
  if (titleHead && !b.currentUnit()) {
    s.bureau ??= /^(.+?局)/.exec(unpad(titleHead[1]!))?.[1] ?? null;
    return true;
  }
  const dept = /^内设机构名称[:：]\s*(.+)$/.exec(text);
  if (dept) {
    b.startUnit(unpad(dept[1]!), 'department', s.bureau, line);
    s.cols = null;
    return true;
  }
  const parent = /^隶属关系[:：]\s*(.+?)(所属)?$/.exec(text);
  if (parent) {
    b.setParent(unpad(parent[1]!), line);
    return true;
  }
  return false;
}

/** A flowchart page's line: its code, its title (a heading), or one of its boxes' texts. */
function readFlowchartLine(s: TabState, text: string, line: number, b: DocumentBuilder): void {
  const code = CODE_LINE.exec(text);
  if (code) {
    s.pendingCode = { code: unpad(code[1]!), line };
    return;
  }
  const heading = HEADING.exec(text);
  if (heading) {
    const chartTitle = heading[1]!;
    // the code stands a few lines above its title; further away it belongs to no chart
    if (s.pendingCode && line - s.pendingCode.line <= 4) {
      s.lastChart = b.addFlowchart(s.pendingCode.code, chartTitle, [s.pendingCode.line, line]);
    } else {
      s.lastChart = null;
      b.finding('uncoded-flowchart', `flowchart "${squash(chartTitle)}" is printed without a code`, [line, line]);
    }
    s.pendingCode = null;
    return;
  }
  if (s.lastChart) {
    s.lastChart.boxes.push(text);
    s.lastChart.provenance.lines[1] = line;
  }
}

/** A tab-separated line: a header row, the unit's mission, or a table row. */
function readTabbedLine(s: TabState, lines: string[], i: number, file: string, b: DocumentBuilder): void {
  const line = i + 1;
  const cells = lines[i]!.split('\t');
  const first = unpad(cells[0] ?? '');
  if (first === '序号') {
    s.cols = columnsOf(cells, file, line);
    s.inFlowcharts = false;
    b.setTableShape({ dutiesLayout: s.cols.functions === null && s.cols.responsibilities === null, staffColumns: s.cols.lead !== null });
    return;
  }
  const missionAt = cells.findIndex((c) => unpad(c) === '宗旨和业务范围');
  if (missionAt >= 0) {
    const text = cells.slice(missionAt + 1).find((c) => c.trim());
    if (text) b.setMission(text, [line, line]);
    return;
  }
  if (!s.cols) return; // table of contents and other tabbed text outside a table
  if (cells.some((c) => unpad(c) === '牵头负责人')) return;
  if (cells.every((c) => !c.trim())) return;
  // only a short last row shows that the export stopped mid-table
  if (cells.length < s.cols.width - 1 && i === lastTabbedLine(lines)) {
    throw new ParseError(file, `the table is cut off: this row has ${cells.length} cells, its header has ${s.cols.width}`, line);
  }
  b.addRow(rowOf(cells, s.cols, line, b));
}

function lastTabbedLine(lines: string[]): number {
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i]!.includes('\t')) return i;
  return -1;
}

function rowOf(cells: string[], c: Columns, line: number, b: DocumentBuilder): Row {
  const get = (i: number | null) => (i === null ? '' : (cells[i] ?? ''));
  let lead = get(c.lead);
  let assistants = c.lead === null ? '' : get(c.lead + 1);
  let remarks = get(c.remarks);
  if (c.lead !== null && !lead.trim() && assistants.trim() && looksLikeStaff(get(c.lead + 2))) {
    // an extra empty cell pushed the staff one column right
    lead = assistants;
    assistants = get(c.lead + 2);
    remarks = get(c.lead + 3);
    b.finding('shifted-staff', `staff cells shifted one column right; read 牵头负责人 "${squash(lead)}", 辅助人员 "${squash(assistants)}"`, [line, line]);
  }
  return {
    lines: [line, line],
    seq: get(c.seq),
    post: get(c.post),
    item: get(c.item),
    functions: get(c.functions),
    responsibilities: get(c.responsibilities),
    workflow: get(c.workflow),
    lead,
    assistants,
    remarks,
  };
}

function looksLikeStaff(cell: string): boolean {
  const t = squash(stripHtml(cell));
  return t.length > 0 && /^[\u4e00-\u9fff·]{1,4}(\s+[\u4e00-\u9fff·]{1,4})*$/u.test(t);
}
