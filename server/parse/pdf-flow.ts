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

export function parsePdfFlow(allLines: string[], file: string, b: DocumentBuilder): { title: string | null } {
  const lines: Line[] = allLines.map((text, i) => ({ no: i + 1, text: text.trim() })).filter((l) => l.text);
  if (lines.length === 0) throw new ParseError(file, 'the file has no text');

  // pages end at their page number; the flowchart pages are those from the first 流程图 title to the next unit
  const title = UNIT_HEADING.test(lines[0]!.text) ? lines[0]!.text : null;
  const unitStarts = lines.map((l, i) => (UNIT_HEADING.test(l.text) ? i : -1)).filter((i) => i >= 0);
  const chartTitleAt = lines.findIndex((l) => l.text.includes('流程图'));
  let chartStart = -1;
  let chartEnd = -1;
  if (chartTitleAt >= 0) {
    chartStart = chartTitleAt;
    while (chartStart > 0 && !PAGE_NUMBER.test(lines[chartStart - 1]!.text)) chartStart--;
    chartEnd = unitStarts.find((i) => i > chartTitleAt) ?? lines.length;
  }

  let bureau: string | null = null;
  let item: ItemDraft | null = null;
  let postCells: { seq: string; title: string; lines: [number, number] } | null = null;
  let currentSeq = 0;
  let duties = false;

  const flush = () => {
    if (!item) return;
    const row: Row = {
      lines: [item.first, item.last],
      seq: postCells?.seq ?? '',
      post: postCells?.title ?? '',
      item: duties ? item.functions.join('\n') : item.title.join(''),
      functions: duties ? '' : item.functions.join('\n'),
      responsibilities: item.responsibilities.join('\n'),
      workflow: duties ? item.steps.join('\n') : item.codes.join(' '),
      lead: item.names[0] ?? '',
      assistants: item.names.slice(1).join(' '),
      remarks: item.remarks.join(''),
    };
    if (postCells) row.lines[0] = Math.min(row.lines[0], postCells.lines[0]);
    b.addRow(row);
    postCells = null;
    item = null;
  };

  const newItem = (l: Line): ItemDraft => ({
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
  });

  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const text = l.text;
    if (i >= chartStart && i < chartEnd && chartStart >= 0) {
      if (i === chartStart) flush();
      continue;
    }
    if (/^序号\s+岗位名称\s+工作事项/.test(text)) {
      duties = !/岗位职能|岗位责任|岗位职责/.test(text);
      b.setTableShape({ dutiesLayout: duties, staffColumns: true });
      continue;
    }
    if (PAGE_NUMBER.test(text) || HEADER_WORDS.test(text)) continue;

    const unitHead = UNIT_HEADING.exec(text);
    if (unitHead) {
      flush();
      const name = unpad(unitHead[1]!);
      if (bureau === null) {
        bureau = name;
        b.startUnit(name, 'bureau', null, l.no);
      } else b.startUnit(name, 'centre', bureau, l.no);
      currentSeq = 0;
      continue;
    }
    const parent = /^隶属关系[:：]\s*(.+?)(所属)?$/.exec(text);
    if (parent) {
      const named = unpad(parent[1]!);
      // 区住建局 abbreviates the bureau this document opened with
      const resolved = bureau && named !== bureau && named.endsWith('局') ? bureau : named;
      if (resolved !== named) b.finding('code-form-linked', `隶属关系 "${named}" read as the document's bureau "${resolved}"`, [l.no, l.no]);
      b.setParent(resolved, l.no);
      continue;
    }
    const mission = /^宗旨和业务范围\s*(.*)$/.exec(text);
    if (mission) {
      b.setMission(mission[1] ?? '', [l.no, l.no]);
      continue;
    }
    // a post: its number alone or with the title's first words, then title lines until the title is complete
    const seqLine = /^(\d{1,2})(?:\s+(.+))?$/.exec(text);
    const next = lines[i + 1]?.text ?? '';
    if (seqLine && (seqLine[2] ? POST_START.test(seqLine[2]) : POST_START.test(next))) {
      const seq = Number(seqLine[1]);
      const titleLines = seqLine[2] ? [seqLine[2]] : [];
      let j = i;
      while (!postTitleComplete(unpad(titleLines.join(''))) && j + 1 < lines.length && titleLines.length < 6) {
        j++;
        titleLines.push(lines[j]!.text);
      }
      if (lines[j + 1]?.text === '业务岗位') j++; // the word printed twice in one cell
      const postTitle = unpad(titleLines.join(''));
      i = j;
      if (seq < currentSeq) {
        // a merged cell's label printed again below a later post: it belongs to rows already read
        b.finding('unplaced-text', `post ${seq} ${postTitle} printed again after post ${currentSeq}; ignored as a repeated label`, [l.no, lines[j]!.no]);
        continue;
      }
      flush();
      currentSeq = seq;
      postCells = { seq: String(seq), title: postTitle, lines: [l.no, lines[j]!.no] };
      item = newItem(lines[j + 1] ?? l);
      continue;
    }
    if (!b.currentUnit() || (item === null && postCells === null && currentSeq === 0)) {
      b.finding('unplaced-text', `text outside the table: ${text.slice(0, 40)}`, [l.no, l.no]);
      continue;
    }

    if (ITEM_START.test(text) && !duties) {
      if (item && (item.title.length > 0 || item.functions.length > 0)) flush();
      item ??= newItem(l);
      item.first = l.no;
      item.title.push(text);
      item.last = l.no;
      continue;
    }
    item ??= newItem(l);
    item.last = l.no;
    const it: ItemDraft = item;

    if (it.phase === 'title') {
      const prev = it.title.at(-1);
      const cont = prev !== undefined && [...unpad(prev)].length >= 6 && [...unpad(text)].length <= 8;
      // a title cell wraps at 7–8 characters; a function line is wider
      if (it.title.length === 0 || (cont && !NUMBERED.test(text) && !RESPONSIBILITY.test(text))) {
        it.title.push(text);
        continue;
      }
      it.phase = 'functions';
    }

    // names alone count as staff only after the responsibilities (or a centre's steps); codes always do
    const staff = staffLine(text);
    const staffPhase = it.phase === 'responsibilities' || it.phase === 'steps' || it.phase === 'staff';
    if (staff && it.phase !== 'remarks' && (staffPhase || staff.codes.length > 0)) {
      it.codes.push(...staff.codes);
      it.names.push(...staff.names);
      it.phase = 'staff';
      continue;
    }
    if (it.phase === 'staff' || it.phase === 'remarks') {
      it.remarks.push(text);
      it.phase = 'remarks';
      continue;
    }
    // names printed on the same line as the end of a responsibility: "…工作。 孙 浩 刘 乔"
    const tail = /^(.*[。；;])\s+([\u4e00-\u9fff ]+)$/.exec(text);
    const tailStaff = tail ? staffLine(tail[2]!) : null;
    const body = tail && tailStaff ? tail[1]! : text;

    if (RESPONSIBILITY.test(body) && !duties) it.phase = 'responsibilities';
    else if (duties && NUMBERED.test(body) && /^1\s*[.、．]?\s*(?![\d])/.test(body) && it.functions.length > 0) it.phase = 'steps';
    const target = it.phase === 'responsibilities' ? it.responsibilities : it.phase === 'steps' ? it.steps : it.functions;
    if (NUMBERED.test(body) || target.length === 0) target.push(body);
    else target[target.length - 1] += body;

    if (tailStaff) {
      it.codes.push(...tailStaff.codes);
      it.names.push(...tailStaff.names);
      it.phase = 'staff';
    }
  }
  flush();
  b.finish();

  if (chartStart >= 0) readFlowcharts(lines.slice(chartStart, chartEnd), b);
  return { title };
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
