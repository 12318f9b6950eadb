/** LOAD CSV of the graph the importer writes: the benchmark's yardstick for the import. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../server/db/driver.ts';
import type { GraphRows } from '../server/load/graph-rows.ts';
import { documentId } from '../server/model/ids.ts';

/** Lists (a document's lines, a flowchart's boxes) travel in one CSV field, joined by the unit separator. */
const SEP = '\u001f';
const list = (field: string) => `coalesce(split(row.${field}, '${SEP}'), [])`;
const int = (field: string) => `toInteger(row.${field})`;
const bool = (field: string) => `row.${field} = 'true'`;

/**
 * The graph the importer writes, every node, relationship and property of it, as CSV files for LOAD CSV (one per
 * label and relationship type). Rows are what the importer sends, joined across documents as its MERGEs would.
 */
export function writeCsv(all: GraphRows[], dir: string): { file: string; cypher: string }[] {
  mkdirSync(dir, { recursive: true });
  const out: { file: string; cypher: string }[] = [];
  const put = (name: string, rows: object[], cypher: string) => {
    const field = (v: unknown) => (Array.isArray(v) ? v.join(SEP) : typeof v === 'boolean' ? String(v) : v);
    const records = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, field(v)])));
    writeFileSync(path.join(dir, name), stringify(records, { header: true, columns: rows[0] ? Object.keys(rows[0]) : ['id'] }));
    out.push({ file: name, cypher: `LOAD CSV WITH HEADERS FROM 'file:///bench-csv/${name}' AS row CALL (row) { ${cypher} } IN TRANSACTIONS OF 10000 ROWS` });
  };
  type Lists = Exclude<keyof GraphRows, 'document'>;
  const rows = <K extends Lists>(k: K): GraphRows[K] => all.flatMap((r) => r[k] as object[]) as GraphRows[K];
  const src = `doc: row.doc, lineStart: ${int('lineStart')}, lineEnd: ${int('lineEnd')}`;
  // units: a document's own (the last document naming one wins, as SET does), then parents and sections created once
  const units = new Map<string, object>();
  for (const u of rows('units'))
    units.set(u.id, {
      id: u.id,
      name: u.name,
      kind: u.kind,
      mission: u.mission,
      staffColumns: u.staffColumns,
      doc: u.doc,
      lineStart: u.lineStart,
      lineEnd: u.lineEnd,
    });
  for (const u of rows('units')) if (u.parentId && !units.has(u.parentId)) units.set(u.parentId, { id: u.parentId, name: u.parentName, kind: 'bureau' });
  for (const x of rows('sections')) {
    if (!units.has(x.bureauId)) units.set(x.bureauId, { id: x.bureauId, name: x.bureauName, kind: 'bureau' });
    if (!units.has(x.id)) units.set(x.id, { id: x.id, name: x.name, kind: 'section' });
  }
  const unitRows = [...units.values()].map((u) => ({
    id: '',
    name: '',
    kind: '',
    mission: null,
    staffColumns: null,
    doc: null,
    lineStart: null,
    lineEnd: null,
    ...u,
  }));
  // workflows: a printed flowchart, else a code cited in a table, else steps written in the table
  const workflows = new Map<string, object>();
  for (const f of rows('follows'))
    if (!workflows.has(f.workflowId))
      workflows.set(f.workflowId, {
        id: f.workflowId,
        code: f.code,
        title: null,
        bureau: f.bureau,
        boxes: null,
        printed: false,
        written: null,
        doc: null,
        lineStart: null,
        lineEnd: null,
      });
  for (const f of rows('flowcharts'))
    workflows.set(f.id, {
      id: f.id,
      code: f.code,
      title: f.title,
      bureau: f.bureau,
      boxes: f.boxes,
      printed: true,
      written: null,
      doc: f.doc,
      lineStart: f.lineStart,
      lineEnd: f.lineEnd,
    });
  for (const f of rows('stepFlows'))
    workflows.set(f.id, {
      id: f.id,
      code: null,
      title: f.title,
      bureau: f.bureau,
      boxes: null,
      printed: false,
      written: true,
      doc: f.doc,
      lineStart: f.lineStart,
      lineEnd: f.lineEnd,
    });
  const people = new Map(rows('people').map((p) => [p.id, p]));

  put(
    'documents.csv',
    all.map((r) => r.document),
    `CREATE (:Document {id: row.id, name: row.name, sha256: row.sha256, fingerprint: row.fingerprint, layout: row.layout, title: row.title, findings: ${list('findings')}, lines: ${list('lines')}})`,
  );
  put(
    'units.csv',
    unitRows,
    `CREATE (:Unit {id: row.id, name: row.name, kind: row.kind, mission: row.mission, staffColumns: CASE WHEN row.staffColumns IS NULL THEN null ELSE ${bool('staffColumns')} END, ${src}})`,
  );
  put('posts.csv', rows('posts'), `CREATE (:Post {id: row.id, seq: ${int('seq')}, title: row.title, kind: row.kind, vacant: ${bool('vacant')}, ${src}})`);
  put(
    'items.csv',
    rows('items'),
    `CREATE (:WorkItem {id: row.id, ord: ${int('ord')}, number: ${int('number')}, title: row.title, remarks: row.remarks, ${src}})`,
  );
  put('duties.csv', rows('duties'), `CREATE (:Duty {id: row.id, ord: ${int('ord')}, kind: row.kind, type: row.type, text: row.text, ${src}})`);
  put('people.csv', [...people.values()], 'CREATE (:Person {id: row.id, name: row.name, bureau: row.bureau})');
  put(
    'workflows.csv',
    [...workflows.values()],
    `CREATE (:Workflow {id: row.id, code: row.code, title: row.title, bureau: row.bureau, boxes: CASE WHEN ${bool('printed')} THEN ${list('boxes')} ELSE null END, printed: ${bool('printed')}, written: CASE WHEN row.written IS NULL THEN null ELSE true END, ${src}})`,
  );
  put('steps.csv', rows('steps'), `CREATE (:Step {id: row.id, ord: ${int('ord')}, text: row.text, ${src}})`);

  const rel = (name: string, list: object[], a: string, b: string, create: string) =>
    put(name, list, `MATCH (a:${a} {id: row.s}) MATCH (b:${b} {id: row.t}) CREATE (a)-[${create}]->(b)`);
  const partOf = new Map<string, { s: string; t: string }>();
  for (const u of rows('units')) if (u.parentId) partOf.set(`${u.id}|${u.parentId}`, { s: u.id, t: u.parentId });
  for (const x of rows('sections')) partOf.set(`${x.id}|${x.bureauId}`, { s: x.id, t: x.bureauId });
  rel('part-of.csv', [...partOf.values()], 'Unit', 'Unit', ':PART_OF');
  rel(
    'in-unit.csv',
    rows('posts').map((p) => ({ s: p.id, t: p.unitId })),
    'Post',
    'Unit',
    ':IN_UNIT',
  );
  rel(
    'has-item.csv',
    rows('items').map((i) => ({ s: i.postId, t: i.id, ord: i.ord })),
    'Post',
    'WorkItem',
    `:HAS_ITEM {ord: ${int('ord')}}`,
  );
  rel(
    'has-duty.csv',
    rows('duties').map((d) => ({ s: d.itemId, t: d.id, ord: d.ord })),
    'WorkItem',
    'Duty',
    `:HAS_DUTY {ord: ${int('ord')}}`,
  );
  rel(
    'leads.csv',
    rows('leads').map((l) => ({ s: l.personId, t: l.itemId, ord: l.ord, written: l.written })),
    'Person',
    'WorkItem',
    `:LEADS {ord: ${int('ord')}, written: row.written}`,
  );
  rel(
    'assists.csv',
    rows('assists').map((l) => ({ s: l.personId, t: l.itemId, ord: l.ord, written: l.written })),
    'Person',
    'WorkItem',
    `:ASSISTS {ord: ${int('ord')}, written: row.written}`,
  );
  rel(
    'follows.csv',
    [
      ...rows('follows').map((f) => ({ s: f.itemId, t: f.workflowId, code: f.code, basis: f.basis })),
      ...rows('stepFlows').map((f) => ({ s: f.itemId, t: f.id, code: null, basis: 'steps written in the table' })),
    ],
    'WorkItem',
    'Workflow',
    ':FOLLOWS {code: row.code, basis: row.basis}',
  );
  rel(
    'first-step.csv',
    rows('steps')
      .filter((x) => !x.prevId)
      .map((x) => ({ s: x.workflowId, t: x.id })),
    'Workflow',
    'Step',
    ':FIRST_STEP',
  );
  rel(
    'next.csv',
    rows('steps')
      .filter((x) => x.prevId)
      .map((x) => ({ s: x.prevId!, t: x.id })),
    'Step',
    'Step',
    ':NEXT',
  );
  rel(
    'oversees.csv',
    rows('oversees').map((o) => ({ s: o.postId, t: o.unitId, written: o.written })),
    'Post',
    'Unit',
    ':OVERSEES {written: row.written}',
  );
  rel(
    'heads.csv',
    rows('heads').map((h) => ({ s: h.personId, t: h.unitId, written: h.written, doc: h.doc, lineStart: h.lineStart, lineEnd: h.lineEnd })),
    'Person',
    'Unit',
    `:HEADS {written: row.written, ${src}}`,
  );
  const sourced = (label: string, list: { id: string; doc: string; lineStart: number; lineEnd: number }[]) =>
    put(
      `sourced-${label}.csv`,
      list.map((x) => ({ s: x.id, t: documentId(x.doc), lineStart: x.lineStart, lineEnd: x.lineEnd })),
      `MATCH (a:${label} {id: row.s}) MATCH (b:Document {id: row.t}) CREATE (a)-[:SOURCED_FROM {lineStart: ${int('lineStart')}, lineEnd: ${int('lineEnd')}}]->(b)`,
    );
  sourced('Unit', rows('units'));
  sourced('Post', rows('posts'));
  sourced('WorkItem', rows('items'));
  sourced('Duty', rows('duties'));
  sourced('Step', rows('steps'));
  sourced('Workflow', [...rows('flowcharts'), ...rows('stepFlows')]);
  return out;
}

/** Nodes by label, relationships by type, and properties of each: equal for two loads of the same graph. */
export async function graphSignature(db: Db): Promise<Record<string, number>> {
  const r = await db.run(
    `CALL () { MATCH (n) UNWIND labels(n) AS l RETURN l AS k, count(*) AS n, sum(size(keys(n))) AS p
       UNION ALL MATCH ()-[r]->() RETURN type(r) AS k, count(*) AS n, sum(size(keys(r))) AS p }
     RETURN k, n, p ORDER BY k`,
  );
  return Object.fromEntries(
    r.records.flatMap((x) => [
      [x.get('k') as string, x.get('n') as number],
      [`${x.get('k')}.props`, x.get('p') as number],
    ]),
  );
}
