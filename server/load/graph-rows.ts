/**
 * Turns a canonical document into the rows the importer writes with UNWIND. Pure: ids are derived from the
 * document and positions, so the same file always gives the same rows.
 */
import type { GraphRows, Src } from '../db/queries/import-document.ts';
import type { CanonicalDocument, Post, Provenance, Unit, WorkItem } from '../model/document.ts';
import { documentId, dutyId, itemId, personId, postId, stepId, unitId, workflowId, writtenWorkflowId } from '../model/ids.ts';
import { PARSER_VERSION } from '../parse/index.ts';

export type { GraphRows };

/** The bureau a unit belongs to: itself when it is one, else the top of its parent chain. */
function bureauOf(unit: Unit, units: Unit[]): string {
  let u: Unit | undefined = unit;
  const seen = new Set<string>();
  while (u?.parent && !seen.has(u.name)) {
    seen.add(u.name);
    const parentName: string = u.parent;
    const next = units.find((x) => x.name === parentName);
    if (!next) return parentName;
    u = next;
  }
  return u?.name ?? unit.name;
}

/** What the steps share: the rows so far, and the people and sections met on the way (by id, first seen first). */
interface RowsContext {
  d: CanonicalDocument;
  rows: GraphRows;
  people: Map<string, GraphRows['people'][number]>;
  sections: Map<string, GraphRows['sections'][number]>;
}

/** `lines` are the document's text, stored with it so every fact's source lines can be shown. */
export function graphRows(d: CanonicalDocument, lines: string[] = []): GraphRows {
  const c: RowsContext = { d, rows: emptyRows(d, lines), people: new Map(), sections: new Map() };
  const bureaus = new Set<string>();
  for (const u of d.units) {
    const bureau = bureauOf(u, d.units);
    bureaus.add(bureau);
    addUnit(c, u, bureau);
  }
  // flowcharts belong to the document's (first) bureau: codes are the bureau's own
  const bureau = [...bureaus][0] ?? d.units[0]?.name ?? d.source;
  for (const f of d.flowcharts) {
    c.rows.flowcharts.push({ id: workflowId(bureau, f.code), code: f.code, title: f.title, bureau, boxes: f.boxes, ...src(c, f.provenance) });
  }
  for (const h of d.sectionHeads) {
    c.rows.heads.push({ personId: person(c, bureau, h.person), unitId: namedUnit(c, bureau, h.section), written: h.section, ...src(c, h.provenance) });
  }
  c.rows.people = [...c.people.values()];
  c.rows.sections = [...c.sections.values()];
  return c.rows;
}

/** The Document row and empty lists for everything else. */
function emptyRows(d: CanonicalDocument, lines: string[]): GraphRows {
  const doc = d.source;
  return {
    document: {
      id: documentId(doc),
      name: doc,
      sha256: d.sha256,
      fingerprint: `${d.sha256}:${PARSER_VERSION}`,
      layout: d.layout,
      title: d.title,
      lines,
      // what the parser could not place or had to infer (codes linked across forms too), kept for the quality report
      findings: [
        ...d.findings.map((f) => JSON.stringify(f)),
        ...d.workflowLinks
          .filter((l) => l.code !== null && l.flowchart !== null && l.basis !== 'same code')
          .map((l) => JSON.stringify({ kind: 'workflow-link', ...l })),
      ],
    },
    units: [],
    sections: [],
    posts: [],
    items: [],
    duties: [],
    people: [],
    leads: [],
    assists: [],
    flowcharts: [],
    follows: [],
    stepFlows: [],
    steps: [],
    oversees: [],
    heads: [],
  };
}

/** Where a fact stands in the document. */
function src(c: RowsContext, p: Provenance): Src {
  return { doc: c.d.source, lineStart: p.lines[0], lineEnd: p.lines[1], place: p.place?.label ?? null, page: p.place?.page ?? null, box: p.place?.box ?? null };
}

/** The id of a Person of the bureau, recording the person the first time the name is met. */
function person(c: RowsContext, bureau: string, name: string): string {
  const id = personId(bureau, name);
  if (!c.people.has(id)) c.people.set(id, { id, name, bureau });
  return id;
}

/** A unit named in 分管 or a remark: a unit of this document whose name ends with it, else a section of the bureau */
function namedUnit(c: RowsContext, bureau: string, name: string): string {
  const own = c.d.units.find((u) => u.name === name || (u.name.endsWith(name) && name.length >= 4));
  if (own) return unitId(own.name, own.parent);
  if (name === bureau) return unitId(bureau, null);
  const id = unitId(name, bureau);
  c.sections.set(id, { id, name, bureauId: unitId(bureau, null), bureauName: bureau });
  return id;
}

/** A Unit's row, then its Posts. */
function addUnit(c: RowsContext, u: Unit, bureau: string): void {
  const uid = unitId(u.name, u.parent);
  c.rows.units.push({
    id: uid,
    name: u.name,
    kind: u.kind,
    mission: u.mission,
    staffColumns: u.staffColumns,
    parentId: u.parent ? unitId(u.parent, null) : null,
    parentName: u.parent,
    ...src(c, u.provenance),
  });
  for (const p of u.posts) addPost(c, u, uid, p, bureau);
}

/** A Post's row, the units it oversees (分管), then its WorkItems. */
function addPost(c: RowsContext, u: Unit, uid: string, p: Post, bureau: string): void {
  const pid = postId(c.d.source, u.name, p.seq);
  c.rows.posts.push({ id: pid, unitId: uid, seq: p.seq, title: p.title, kind: p.kind, vacant: p.vacant, ...src(c, p.provenance) });
  for (const name of p.oversees) c.rows.oversees.push({ postId: pid, unitId: namedUnit(c, bureau, name), written: name });
  p.workItems.forEach((item, k) => addWorkItem(c, p, pid, item, k + 1, bureau));
}

/** A WorkItem's row, its Duties, its staff (牵头负责人 leads, 辅助人员 assists), the workflows it follows and its steps. */
function addWorkItem(c: RowsContext, p: Post, pid: string, item: WorkItem, ord: number, bureau: string): void {
  const { rows } = c;
  const iid = itemId(pid, ord);
  rows.items.push({ id: iid, postId: pid, ord, number: item.number, title: item.title, remarks: item.remarks, ...src(c, item.provenance) });
  const duty = (kind: 'function' | 'responsibility') => (s: { text: string; type: string | null }, n: number) =>
    rows.duties.push({ id: dutyId(iid, kind, n + 1), itemId: iid, ord: n + 1, kind, type: s.type, text: s.text, ...src(c, item.provenance) });
  item.functions.forEach(duty('function'));
  item.responsibilities.forEach(duty('responsibility'));
  item.leads.forEach((n, o) => rows.leads.push({ personId: person(c, bureau, n), itemId: iid, ord: o + 1, written: item.leadsWritten[o] ?? n }));
  item.assistants.forEach((n, o) => rows.assists.push({ personId: person(c, bureau, n), itemId: iid, ord: o + 1, written: item.assistantsWritten[o] ?? n }));
  for (const code of item.workflowCodes) {
    // the table may write a code in another form than its flowchart prints (03-1 / 3-1-1)
    const link = c.d.workflowLinks.find((l) => l.code === code);
    const target = link?.flowchart ?? code;
    rows.follows.push({ itemId: iid, workflowId: workflowId(bureau, target), code, bureau, basis: link?.basis ?? 'cited in the table' });
  }
  if (item.steps.length > 0) addWrittenSteps(c, p, iid, item, bureau);
}

/** A workflow written out as steps in the WorkItem's own cell (a centre's 工作流程), each step after the one before. */
function addWrittenSteps(c: RowsContext, p: Post, iid: string, item: WorkItem, bureau: string): void {
  const wid = writtenWorkflowId(iid);
  c.rows.stepFlows.push({ id: wid, itemId: iid, title: `${p.title} 工作流程`, bureau, ...src(c, item.provenance) });
  item.steps.forEach((text, n) =>
    c.rows.steps.push({
      id: stepId(wid, n + 1),
      workflowId: wid,
      ord: n + 1,
      text,
      prevId: n > 0 ? stepId(wid, n) : null,
      ...src(c, item.provenance),
    }),
  );
}

/** How many nodes and relationships the rows make (for progress and figures). */
export function elementCount(r: GraphRows): number {
  return (
    1 +
    r.units.length +
    r.sections.length +
    r.posts.length +
    r.items.length +
    r.duties.length +
    r.people.length +
    r.flowcharts.length +
    r.stepFlows.length +
    r.steps.length +
    r.posts.length +
    r.items.length +
    r.duties.length +
    r.leads.length +
    r.assists.length +
    r.follows.length +
    r.steps.length +
    r.oversees.length +
    r.heads.length
  );
}
