/**
 * Assembles units, posts and work items row by row; both layouts feed it the same row records,
 * so the rules on posts spanning pages and numbering that restarts live in one place.
 */
import type { Finding, Flowchart, Post, Provenance, SectionHead, Unit, UnitKind, WorkItem } from '../model/document.ts';
import { placeLabel, type Place } from './table-model.ts';
import { itemTitle, overseen, postKind, splitNamesWritten, statements, steps, isCodeCell, workflowCodes, squash, stripHtml, unpad } from './text.ts';

/** One table row as cells by meaning, with the lines it came from. */
export interface Row {
  lines: [number, number];
  /** where the row's item stands in the document's own terms (page and box, sheet and cell, table and row) */
  place?: Place;
  /** the post cells are merged down from an earlier row: the row belongs to that post */
  postCovered?: boolean;
  seq: string;
  post: string;
  item: string;
  functions: string;
  responsibilities: string;
  workflow: string;
  lead: string;
  assistants: string;
  remarks: string;
}

interface OpenPost {
  post: Post;
  /** created because item numbering restarted at 一 with empty post cells; seq and title come later */
  pending: boolean;
}

/** Collects units, posts, items, flowcharts and findings as a reader finds them, with their lines. */
export class DocumentBuilder {
  readonly units: Unit[] = [];
  readonly flowcharts: Flowchart[] = [];
  readonly sectionHeads: SectionHead[] = [];
  readonly findings: Finding[] = [];
  private unit: Unit | null = null;
  private open: OpenPost | null = null;
  /** the unit's table lists duties (centres) instead of numbered work items */
  private listsDuties = false;
  private staffColumns = true;

  constructor(readonly doc: string) {}

  prov(lines: [number, number], place?: Place): Provenance {
    if (!place || (place.line !== undefined && Object.keys(place).length === 1)) return { doc: this.doc, lines };
    return { doc: this.doc, lines, place: { ...place, label: placeLabel(place) } };
  }

  finding(kind: Finding['kind'], message: string, lines: [number, number], place?: Place): void {
    this.findings.push({ kind, message, provenance: this.prov(lines, place) });
  }

  startUnit(name: string, kind: UnitKind, parent: string | null, line: number, place?: Place): Unit {
    this.closePost();
    const existing = this.units.find((u) => u.name === name);
    if (existing) {
      this.unit = existing;
      return existing;
    }
    const unit: Unit = { name, kind, parent, mission: null, staffColumns: true, posts: [], provenance: this.prov([line, line], place) };
    this.units.push(unit);
    this.unit = unit;
    return unit;
  }

  currentUnit(): Unit | null {
    return this.unit;
  }

  setParent(parent: string, line: number): void {
    if (!this.unit) return;
    this.unit.parent = parent;
    if (this.unit.kind === 'bureau') this.unit.kind = 'centre';
    this.touch(this.unit.provenance, line);
  }

  setMission(text: string, lines: [number, number]): void {
    if (!this.unit) return;
    this.unit.mission = squash(stripHtml(text));
    this.touch(this.unit.provenance, lines[1]);
  }

  /** Declares the columns of the table that follows. */
  setTableShape(shape: { dutiesLayout: boolean; staffColumns: boolean }): void {
    this.listsDuties = shape.dutiesLayout;
    this.staffColumns = shape.staffColumns;
    if (this.unit) this.unit.staffColumns = shape.staffColumns;
  }

  /** The table lists duties (centres) instead of numbered work items. */
  dutiesLayout(): boolean {
    return this.listsDuties;
  }

  /** The rest of the open post's title, from a merged cell that a page break cut. */
  continuePostTitle(text: string): void {
    const post = this.open?.post;
    if (!post) return;
    post.title += text;
    post.kind = postKind(post.title);
  }

  private touch(p: { lines: [number, number] }, line: number): void {
    if (line > p.lines[1]) p.lines[1] = line;
    if (line < p.lines[0]) p.lines[0] = line;
  }

  addRow(row: Row): void {
    if (!this.unit) {
      this.finding('unplaced-text', `table row outside any unit: ${squash(row.post || row.item).slice(0, 40)}`, row.lines, row.place);
      return;
    }
    const seqText = unpad(row.seq);
    const seq = /^\d+$/.test(seqText) ? Number(seqText) : null;
    const title = squash(stripHtml(row.post));
    // a table without description columns lists a centre's duties, unless its items are numbered 一、二、…
    const numbered = itemTitle(row.item);
    const duties = this.listsDuties && numbered.number === null;
    const { number, title: itemText } = duties ? { number: null, title: '' } : numbered;

    if (seq !== null || title) this.atPostCells(seq, title, row.lines, row.place);
    else if (number === 1 && !row.postCovered && this.open && this.open.post.workItems.length > 0) {
      // vertically centred merged cells: the next post's first item sits on this post's last row
      this.closePost();
      this.open = { post: this.newPost(0, '', row.lines, row.place), pending: true };
      this.finding('new-post-by-numbering', `item "${itemText}" restarts the numbering at 一: it begins the next post`, row.lines, row.place);
    }
    if (!this.open) {
      this.finding('unplaced-text', `row before any post: ${squash(row.item).slice(0, 40)}`, row.lines, row.place);
      return;
    }
    const post = this.open.post;
    this.touch(post.provenance, row.lines[1]);

    const hasItem = duties ? Boolean(squash(row.item) || squash(row.workflow) || squash(row.lead)) : Boolean(itemText);
    if (!hasItem) {
      const last = post.workItems.at(-1);
      if (last && (row.functions || row.responsibilities)) {
        // an item continued on the next page with its title cell left empty
        last.functions.push(...statements(row.functions));
        last.responsibilities.push(...statements(row.responsibilities));
        this.touch(last.provenance, row.lines[1]);
      }
      return;
    }
    const codeCell = isCodeCell(row.workflow);
    const leads = splitNamesWritten(row.lead);
    const assistants = splitNamesWritten(row.assistants);
    const item: WorkItem = {
      number,
      title: duties ? null : itemText,
      functions: statements(duties ? row.item : row.functions),
      responsibilities: statements(row.responsibilities),
      workflowCodes: codeCell ? workflowCodes(row.workflow) : [],
      steps: codeCell ? [] : steps(row.workflow),
      leads: leads.map((n) => n.name),
      assistants: assistants.map((n) => n.name),
      leadsWritten: leads.map((n) => n.written),
      assistantsWritten: assistants.map((n) => n.written),
      remarks: squash(stripHtml(row.remarks)) || null,
      provenance: this.prov(row.lines, row.place),
    };
    post.workItems.push(item);
    if (post.kind !== 'staff') {
      for (const name of overseen(stripHtml(row.functions + ' ' + row.item))) if (!post.oversees.includes(name)) post.oversees.push(name);
    }
    if (item.remarks) this.sectionHeadsFrom(item.remarks, row.lines);
  }

  private atPostCells(seq: number | null, title: string, lines: [number, number], place?: Place): void {
    const cur = this.open;
    if (cur && !cur.pending && ((seq !== null && seq === cur.post.seq) || (seq === null && title && unpad(title) === unpad(cur.post.title)))) return;
    if (cur?.pending) {
      // the post whose first item came early: it takes the number and title printed now
      cur.pending = false;
      cur.post.seq = seq ?? this.nextSeq();
      cur.post.title = title || cur.post.title;
      cur.post.kind = postKind(cur.post.title);
      return;
    }
    this.closePost();
    this.open = { post: this.newPost(seq ?? this.nextSeq(), title, lines, place), pending: false };
  }

  private nextSeq(): number {
    const posts = this.unit?.posts ?? [];
    return (posts.at(-1)?.seq ?? 0) + 1;
  }

  private newPost(seq: number, title: string, lines: [number, number], place?: Place): Post {
    return { seq, title, kind: postKind(title), vacant: false, oversees: [], workItems: [], provenance: this.prov([...lines], place) };
  }

  /** Ends the open post and files it under the unit. */
  closePost(): void {
    const o = this.open;
    this.open = null;
    if (!o || !this.unit) return;
    if (o.pending) {
      // numbering restarted but no post cells followed: keep the items with the previous post and say so
      const prev = this.unit.posts.at(-1);
      this.finding('unplaced-text', `items after a restart at 一 had no post of their own; kept with post ${prev?.seq ?? '?'}`, o.post.provenance.lines);
      if (prev) prev.workItems.push(...o.post.workItems);
      return;
    }
    if (!o.post.title) return;
    o.post.vacant = this.staffColumns && o.post.workItems.every((i) => i.leads.length === 0 && i.assistants.length === 0);
    this.unit.posts.push(o.post);
    this.touch(this.unit.provenance, o.post.provenance.lines[1]);
  }

  /** "孙浩负责办公室，刘志珠负责工程建设管理股、周生强负责房地产业管理股" */
  sectionHeadsFrom(text: string, lines: [number, number]): void {
    let person: string | null = null;
    for (const clause of unpad(text).split(/[，,；;。（(]/)) {
      for (const part of clause.split('、')) {
        const m = /^([\u4e00-\u9fff]{2,3})负责(.+)$/.exec(part);
        if (m) person = m[1]!;
        const section = m ? m[2]! : part;
        if (person && /(股|室|科|队|中心|办公室|所)$/.test(section)) {
          this.sectionHeads.push({ person, section, provenance: this.prov(lines) });
        }
      }
      person = null;
    }
  }

  addFlowchart(code: string, title: string, lines: [number, number], place?: Place): Flowchart {
    const f: Flowchart = { code, title: squash(title), boxes: [], provenance: this.prov(lines, place) };
    this.flowcharts.push(f);
    return f;
  }

  finish(): void {
    this.closePost();
  }
}
