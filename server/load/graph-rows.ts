/**
 * Turns a canonical document into the rows the importer writes with UNWIND. Pure: ids are derived from the
 * document and positions, so the same file always gives the same rows.
 */
import type { GraphRows } from '../db/queries/import-document.ts';
import type { CanonicalDocument, Unit } from '../model/document.ts';
import { documentId, dutyId, itemId, personId, postId, stepId, unitId, workflowId, writtenWorkflowId } from '../model/ids.ts';
import { PARSER_VERSION } from '../parse/index.ts';

export type { GraphRows };

interface Src {
  doc: string;
  lineStart: number;
  lineEnd: number;
}

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

/** `lines` are the document's text, stored with it so every fact's source lines can be shown. */
export function graphRows(d: CanonicalDocument, lines: string[] = []): GraphRows {
  const doc = d.source;
  const src = (lines: [number, number]): Src => ({ doc, lineStart: lines[0], lineEnd: lines[1] });
  const rows: GraphRows = {
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
  const people = new Map<string, GraphRows['people'][number]>();
  const person = (bureau: string, name: string) => {
    const id = personId(bureau, name);
    if (!people.has(id)) people.set(id, { id, name, bureau });
    return id;
  };
  const sections = new Map<string, GraphRows['sections'][number]>();
  /** a unit named in 分管 or a remark: a unit of this document whose name ends with it, else a section of the bureau */
  const namedUnit = (bureau: string, name: string): string => {
    const own = d.units.find((u) => u.name === name || (u.name.endsWith(name) && name.length >= 4));
    if (own) return unitId(own.name, own.parent);
    if (name === bureau) return unitId(bureau, null);
    const id = unitId(name, bureau);
    sections.set(id, { id, name, bureauId: unitId(bureau, null), bureauName: bureau });
    return id;
  };

  const bureaus = new Set<string>();
  for (const u of d.units) {
    const bureau = bureauOf(u, d.units);
    bureaus.add(bureau);
    const uid = unitId(u.name, u.parent);
    rows.units.push({
      id: uid,
      name: u.name,
      kind: u.kind,
      mission: u.mission,
      staffColumns: u.staffColumns,
      parentId: u.parent ? unitId(u.parent, null) : null,
      parentName: u.parent,
      ...src(u.provenance.lines),
    });
    for (const p of u.posts) {
      const pid = postId(doc, u.name, p.seq);
      rows.posts.push({ id: pid, unitId: uid, seq: p.seq, title: p.title, kind: p.kind, vacant: p.vacant, ...src(p.provenance.lines) });
      for (const name of p.oversees) rows.oversees.push({ postId: pid, unitId: namedUnit(bureau, name), written: name });
      p.workItems.forEach((item, k) => {
        const iid = itemId(pid, k + 1);
        rows.items.push({ id: iid, postId: pid, ord: k + 1, number: item.number, title: item.title, remarks: item.remarks, ...src(item.provenance.lines) });
        const duty = (kind: 'function' | 'responsibility') => (s: { text: string; type: string | null }, n: number) =>
          rows.duties.push({ id: dutyId(iid, kind, n + 1), itemId: iid, ord: n + 1, kind, type: s.type, text: s.text, ...src(item.provenance.lines) });
        item.functions.forEach(duty('function'));
        item.responsibilities.forEach(duty('responsibility'));
        item.leads.forEach((n, o) => rows.leads.push({ personId: person(bureau, n), itemId: iid, ord: o + 1, written: item.leadsWritten[o] ?? n }));
        item.assistants.forEach((n, o) => rows.assists.push({ personId: person(bureau, n), itemId: iid, ord: o + 1, written: item.assistantsWritten[o] ?? n }));
        for (const code of item.workflowCodes) {
          const link = d.workflowLinks.find((l) => l.code === code);
          const target = link?.flowchart ?? code;
          rows.follows.push({ itemId: iid, workflowId: workflowId(bureau, target), code, bureau, basis: link?.basis ?? 'cited in the table' });
        }
        if (item.steps.length > 0) {
          const wid = writtenWorkflowId(iid);
          rows.stepFlows.push({ id: wid, itemId: iid, title: `${p.title} 工作流程`, bureau, ...src(item.provenance.lines) });
          item.steps.forEach((text, n) =>
            rows.steps.push({
              id: stepId(wid, n + 1),
              workflowId: wid,
              ord: n + 1,
              text,
              prevId: n > 0 ? stepId(wid, n) : null,
              ...src(item.provenance.lines),
            }),
          );
        }
      });
    }
  }
  // flowcharts belong to the document's (first) bureau: codes are the bureau's own
  const bureau = [...bureaus][0] ?? d.units[0]?.name ?? doc;
  for (const f of d.flowcharts) {
    rows.flowcharts.push({ id: workflowId(bureau, f.code), code: f.code, title: f.title, bureau, boxes: f.boxes, ...src(f.provenance.lines) });
  }
  for (const h of d.sectionHeads) {
    rows.heads.push({ personId: person(bureau, h.person), unitId: namedUnit(bureau, h.section), written: h.section, ...src(h.provenance.lines) });
  }
  rows.people = [...people.values()];
  rows.sections = [...sections.values()];
  return rows;
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
