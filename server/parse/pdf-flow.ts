/**
 * Layout 2: text extracted from PDF in reading order (seed 004). Every cell is broken over several lines,
 * columns follow one another, page numbers (-5-) and repeated headers stand in between, and the flowcharts'
 * box texts follow the tables. Lines are read by what they look like: a post number, a post title, an item
 * title (一、…), numbered functions, typed responsibilities (X责任：), workflow codes and staff names.
 */
import { DocumentBuilder, type Row } from './builder.ts';
import { ParseError } from './errors.ts';
import { isPersonName, splitNames, squash, unpad } from './text.ts';

interface Line {
  no: number;
  text: string;
}

const PAGE_NUMBER = /^-\s*\d+\s*-$/;
const HEADER_WORDS = /^(序号\s+岗位名称.*|负责人|备注牵头|备注|辅助|人员|牵头负责人\s*辅助人员|牵头|负责人\s*辅助人员)$/;
const UNIT_HEADING = /^(.+?)定岗定责定流程表$/;
const CODE = /^\d{1,2}(?:-\d{1,3})*$/;
const ITEM_START = /^[一二三四五六七八九十]+、/;
const POST_START = /^(部门领导|业务岗位|正职岗位|副职岗位)/;
const NUMBERED = /^\d{1,2}\s*[.、．]?\s*(?=[\u4e00-\u9fff“"（(])/;
const RESPONSIBILITY = /^(\d{1,2}\s*[.、．]?\s*)?[\u4e00-\u9fff]{1,12}(责任|职责)\s*[:：]/;

/** A post title is complete at 正职岗位 / 副职岗位 N, or at 岗 after a numbered name (业务岗位1、综合管理岗). */
function postTitleComplete(title: string): boolean {
  return /(正职|副职)岗位\d*$/.test(title) || /\d+、.+岗(位)?$/.test(title);
}

/** Codes and personal names only: `01-6 潘 伟 鲁大宝`, `00-1`, `魏永水 贺德成`. */
function staffLine(text: string): { codes: string[]; names: string[] } | null {
  const tokens = squash(text).split(' ');
  const codes: string[] = [];
  while (tokens.length && CODE.test(tokens[0]!)) codes.push(tokens.shift()!);
  if (tokens.length === 0) return codes.length ? { codes, names: [] } : null;
  if (!tokens.every((t) => /^[\u4e00-\u9fff]{1,4}$/u.test(t))) return null;
  const names = splitNames(tokens.join(' '));
  if (names.length === 0 || !names.every(isPersonName)) return null;
  return { codes, names };
}

interface ItemDraft {
  first: number;
  last: number;
  title: string[];
  titleOpen: boolean;
  functions: string[];
  responsibilities: string[];
  steps: string[];
  codes: string[];
  names: string[];
  remarks: string[];
  phase: 'title' | 'functions' | 'responsibilities' | 'steps' | 'staff' | 'remarks';
}

/** What the reader carries from one line to the next while it walks the tables. */
interface FlowState {
  bureau: string | null;
  item: ItemDraft | null;
  postCells: { seq: string; title: string; lines: [number, number] } | null;
  currentSeq: number;
  // the duties layout (centres): 工作事项 holds the duties and 工作流程 the written steps
  duties: boolean;
}

/** Reads layout 2 (text extracted from PDF) into the builder; the title is the first unit heading, if any. */
export function parsePdfFlow(allLines: string[], file: string, b: DocumentBuilder): { title: string | null } {
  const lines: Line[] = allLines.map((text, i) => ({ no: i + 1, text: text.trim() })).filter((l) => l.text);
  if (lines.length === 0) throw new ParseError(file, 'the file has no text');

  const title = UNIT_HEADING.test(lines[0]!.text) ? lines[0]!.text : null;
  const chart = chartPages(lines);
  const s: FlowState = { bureau: null, item: null, postCells: null, currentSeq: 0, duties: false };
  for (let i = 0; i < lines.length; i++) {
    if (chart && i >= chart.start && i < chart.end) {
      if (i === chart.start) flushItem(s, b);
      continue;
    }
    i = readLine(s, lines, i, b);
  }
  flushItem(s, b);
  b.finish();

  if (chart) readFlowcharts(lines.slice(chart.start, chart.end), b);
  return { title };
}

/** The flowchart pages: from the page holding the first 流程图 title to the next unit heading (or the end). */
function chartPages(lines: Line[]): { start: number; end: number } | null {
  const chartTitleAt = lines.findIndex((l) => l.text.includes('流程图'));
  if (chartTitleAt < 0) return null;
  // pages end at their page number, so the chart page starts just after the previous one
  let start = chartTitleAt;
  while (start > 0 && !PAGE_NUMBER.test(lines[start - 1]!.text)) start--;
  const unitStarts = lines.map((l, i) => (UNIT_HEADING.test(l.text) ? i : -1)).filter((i) => i >= 0);
  return { start, end: unitStarts.find((i) => i > chartTitleAt) ?? lines.length };
}

/** Reads the line at `i` (with a post's title lines after it) and returns the index of the last line it used. */
function readLine(s: FlowState, lines: Line[], i: number, b: DocumentBuilder): number {
  const l = lines[i]!;
  const text = l.text;
  if (/^序号\s+岗位名称\s+工作事项/.test(text)) {
    // a header without 岗位职能 / 岗位责任 columns is a centre's duties table
    s.duties = !/岗位职能|岗位责任|岗位职责/.test(text);
    b.setTableShape({ dutiesLayout: s.duties, staffColumns: true });
    return i;
  }
  if (PAGE_NUMBER.test(text) || HEADER_WORDS.test(text)) return i;
  if (readUnitLine(s, l, b)) return i;
  const postEnd = readPost(s, lines, i, b);
  if (postEnd !== null) return postEnd;
  if (!b.currentUnit() || (s.item === null && s.postCells === null && s.currentSeq === 0)) {
    b.finding('unplaced-text', `text outside the table: ${text.slice(0, 40)}`, [l.no, l.no]);
    return i;
  }
  if (ITEM_START.test(text) && !s.duties) startItemTitle(s, l, b);
  else readCell(s, l);
  return i;
}

/** A unit heading, 隶属关系 (belongs to) or 宗旨和业务范围 (mission); false when the line is none of them. */
function readUnitLine(s: FlowState, l: Line, b: DocumentBuilder): boolean {
  const unitHead = UNIT_HEADING.exec(l.text);
  if (unitHead) {
    flushItem(s, b);
    const name = unpad(unitHead[1]!);
    // the document opens with its bureau; every later table is a centre under it
    if (s.bureau === null) {
      s.bureau = name;
      b.startUnit(name, 'bureau', null, l.no);
    } else b.startUnit(name, 'centre', s.bureau, l.no);
    s.currentSeq = 0;
    return true;
  }
  const parent = /^隶属关系[:：]\s*(.+?)(所属)?$/.exec(l.text);
  if (parent) {
    const named = unpad(parent[1]!);
    // 区住建局 abbreviates the bureau this document opened with
    const resolved = s.bureau && named !== s.bureau && named.endsWith('局') ? s.bureau : named;
    if (resolved !== named) b.finding('code-form-linked', `隶属关系 "${named}" read as the document's bureau "${resolved}"`, [l.no, l.no]);
    b.setParent(resolved, l.no);
    return true;
  }
  const mission = /^宗旨和业务范围\s*(.*)$/.exec(l.text);
  if (mission) {
    b.setMission(mission[1] ?? '', [l.no, l.no]);
    return true;
  }
  return false;
}

/** A post's number and title starting at line `i`; returns the title's last line, or null when no post starts here. */
function readPost(s: FlowState, lines: Line[], i: number, b: DocumentBuilder): number | null {
  const l = lines[i]!;
  // its number alone or with the title's first words; a bare number is a post only when a post title follows
  const seqLine = /^(\d{1,2})(?:\s+(.+))?$/.exec(l.text);
  const next = lines[i + 1]?.text ?? '';
  if (!seqLine || !(seqLine[2] ? POST_START.test(seqLine[2]) : POST_START.test(next))) return null;
  const seq = Number(seqLine[1]);
  const { title, end } = readPostTitle(lines, i, seqLine[2]);
  if (seq < s.currentSeq) {
    // a merged cell's label printed again below a later post: it belongs to rows already read
    b.finding('unplaced-text', `post ${seq} ${title} printed again after post ${s.currentSeq}; ignored as a repeated label`, [l.no, lines[end]!.no]);
    return end;
  }
  flushItem(s, b);
  s.currentSeq = seq;
  s.postCells = { seq: String(seq), title, lines: [l.no, lines[end]!.no] };
  s.item = newItem(lines[end + 1] ?? l, s.duties);
  return end;
}

/** The post title's lines after the number at `i`, read until the title is complete (at most six lines). */
function readPostTitle(lines: Line[], i: number, firstWords: string | undefined): { title: string; end: number } {
  const titleLines = firstWords ? [firstWords] : [];
  let j = i;
  while (!postTitleComplete(unpad(titleLines.join(''))) && j + 1 < lines.length && titleLines.length < 6) {
    j++;
    titleLines.push(lines[j]!.text);
  }
  if (lines[j + 1]?.text === '业务岗位') j++; // the word printed twice in one cell
  return { title: unpad(titleLines.join('')), end: j };
}

/** An empty WorkItem starting at line `l`; in the duties layout it has no title cell to read first. */
function newItem(l: Line, duties: boolean): ItemDraft {
  return {
    first: l.no,
    last: l.no,
    title: [],
    titleOpen: true,
    functions: [],
    responsibilities: [],
    steps: [],
    codes: [],
    names: [],
    remarks: [],
    phase: duties ? 'functions' : 'title',
  };
}

/** Hands the WorkItem read so far, with its post's cells, to the builder as one table row. */
function flushItem(s: FlowState, b: DocumentBuilder): void {
  const item = s.item;
  if (!item) return;
  const post = s.postCells;
  const row: Row = {
    lines: [item.first, item.last],
    seq: post?.seq ?? '',
    post: post?.title ?? '',
    // in the duties layout the numbered lines are the duties (工作事项) and the second list the steps
    item: s.duties ? item.functions.join('\n') : item.title.join(''),
    functions: s.duties ? '' : item.functions.join('\n'),
    responsibilities: item.responsibilities.join('\n'),
    workflow: s.duties ? item.steps.join('\n') : item.codes.join(' '),
    lead: item.names[0] ?? '',
    assistants: item.names.slice(1).join(' '),
    remarks: item.remarks.join(''),
  };
  if (post) row.lines[0] = Math.min(row.lines[0], post.lines[0]);
  b.addRow(row);
  s.postCells = null;
  s.item = null;
}

/** An item title (一、…) begins the next WorkItem, unless the current one has nothing in it yet. */
function startItemTitle(s: FlowState, l: Line, b: DocumentBuilder): void {
  if (s.item && (s.item.title.length > 0 || s.item.functions.length > 0)) flushItem(s, b);
  s.item ??= newItem(l, s.duties);
  s.item.first = l.no;
  s.item.title.push(l.text);
  s.item.last = l.no;
}

/** A line of the current WorkItem's cells: more title, a function, responsibility or step, staff, or remarks. */
function readCell(s: FlowState, l: Line): void {
  s.item ??= newItem(l, s.duties);
  const it = s.item;
  it.last = l.no;
  const text = l.text;
  if (it.phase === 'title') {
    if (continuesTitle(it, text)) {
      it.title.push(text);
      return;
    }
    it.phase = 'functions';
  }
  if (readStaff(it, text)) return;
  if (it.phase === 'staff' || it.phase === 'remarks') {
    // the 备注 column comes after the staff columns
    it.remarks.push(text);
    it.phase = 'remarks';
    return;
  }
  readDescription(it, text, s.duties);
}

/** Whether a line still belongs to the item's title. */
function continuesTitle(it: ItemDraft, text: string): boolean {
  const prev = it.title.at(-1);
  // a title cell wraps at 7–8 characters; a function line is wider
  const cont = prev !== undefined && [...unpad(prev)].length >= 6 && [...unpad(text)].length <= 8;
  return it.title.length === 0 || (cont && !NUMBERED.test(text) && !RESPONSIBILITY.test(text));
}

/** Reads a line of staff codes and names into the item; false when the line is not staff here. */
function readStaff(it: ItemDraft, text: string): boolean {
  // names alone count as staff only after the responsibilities (or a centre's steps); codes always do
  const staff = staffLine(text);
  const staffPhase = it.phase === 'responsibilities' || it.phase === 'steps' || it.phase === 'staff';
  if (staff && it.phase !== 'remarks' && (staffPhase || staff.codes.length > 0)) {
    addStaff(it, staff);
    return true;
  }
  return false;
}

/** Adds workflow codes and staff names (牵头负责人 first, then 辅助人员) to the item. */
function addStaff(it: ItemDraft, staff: { codes: string[]; names: string[] }): void {
  it.codes.push(...staff.codes);
  it.names.push(...staff.names);
  it.phase = 'staff';
}

/** A function, responsibility or step line: a numbered line starts an entry, any other continues the last one. */
function readDescription(it: ItemDraft, text: string, duties: boolean): void {
  // names printed on the same line as the end of a responsibility: "…工作。 孙 浩 刘 乔"
  const tail = /^(.*[。；;])\s+([\u4e00-\u9fff ]+)$/.exec(text);
  const tailStaff = tail ? staffLine(tail[2]!) : null;
  const body = tail && tailStaff ? tail[1]! : text;

  // typed responsibilities (X责任：) follow the functions; in the duties layout a list restarting at 1 is the steps
  if (RESPONSIBILITY.test(body) && !duties) it.phase = 'responsibilities';
  else if (duties && NUMBERED.test(body) && /^1\s*[.、．]?\s*(?![\d])/.test(body) && it.functions.length > 0) it.phase = 'steps';
  const target = it.phase === 'responsibilities' ? it.responsibilities : it.phase === 'steps' ? it.steps : it.functions;
  if (NUMBERED.test(body) || target.length === 0) target.push(body);
  else target[target.length - 1] += body;

  if (tailStaff) addStaff(it, tailStaff);
}

/** Each flowchart page carries its code and title (on one line or two) among its box texts. */
function readFlowcharts(lines: Line[], b: DocumentBuilder): void {
  let page: Line[] = [];
  const pages: Line[][] = [];
  for (const l of lines) {
    if (PAGE_NUMBER.test(l.text)) {
      if (page.length) pages.push(page);
      page = [];
    } else page.push(l);
  }
  if (page.length) pages.push(page);
  for (const p of pages) {
    let found: { code: string; title: string; at: number[] } | null = null;
    for (let k = 0; k < p.length && !found; k++) {
      const one = /^(\d{1,2}(?:-\d{1,3})*)\s+(\S.*流程.*)$/.exec(p[k]!.text);
      if (one) found = { code: one[1]!, title: one[2]!, at: [k] };
      else if (CODE.test(p[k]!.text) && (p[k + 1]?.text ?? '').includes('流程')) found = { code: p[k]!.text, title: p[k + 1]!.text, at: [k, k + 1] };
    }
    if (!found) {
      b.finding(
        'uncoded-flowchart',
        `a flowchart page without a code and title: ${p
          .slice(0, 2)
          .map((l) => l.text)
          .join(' / ')}`,
        [p[0]!.no, p.at(-1)!.no],
      );
      continue;
    }
    const chart = b.addFlowchart(found.code, found.title, [p[0]!.no, p.at(-1)!.no]);
    chart.boxes.push(...p.filter((_, k) => !found.at.includes(k)).map((l) => l.text));
  }
}
