/**
 * Writes documents' rows in transactions that hold one document or several, never part of one: a failure
 * leaves no half document, the same file again changes nothing (same sha256), and a changed file replaces
 * that document's part of the graph.
 */
import type { ManagedTransaction } from 'neo4j-driver';
import type { GraphRows } from '../load/graph-rows.ts';
import type { Db } from './driver.ts';

export type ImportOutcome = 'created' | 'replaced' | 'unchanged';

/** Nodes a document owns outright; they go when it is replaced. */
const OWNED = ['Duty', 'Step', 'WorkItem', 'Post'] as const;

async function removeDocumentPart(tx: ManagedTransaction, doc: string, docId: string) {
  for (const label of OWNED) {
    await tx.run(`MATCH (n:${label} {doc: $doc}) DETACH DELETE n`, { doc });
  }
  // workflows written out as steps belong to the document; printed flowcharts may be cited by other documents
  await tx.run('MATCH (w:Workflow {doc: $doc, printed: false}) DETACH DELETE w', { doc });
  await tx.run(
    `MATCH (w:Workflow {doc: $doc, printed: true})
     SET w.printed = false, w.title = null, w.boxes = null, w.doc = null, w.lineStart = null, w.lineEnd = null`,
    { doc },
  );
  await tx.run('MATCH (:Document {id: $docId})<-[r:SOURCED_FROM]-() DELETE r', { docId });
  await tx.run('MATCH ()-[h:HEADS {doc: $doc}]->() DELETE h', { doc });
}

interface Shared {
  people: string[];
  workflows: string[];
  units: string[];
}

/** People, workflows and units the stored version refers to: other documents may share them. */
async function sharedNodes(tx: ManagedTransaction, doc: string, docId: string): Promise<Shared> {
  const r = await tx.run(
    `RETURN COLLECT { MATCH (:WorkItem {doc: $doc})<-[:LEADS|ASSISTS]-(p:Person) RETURN DISTINCT p.id } +
            COLLECT { MATCH (p:Person)-[:HEADS {doc: $doc}]->() RETURN DISTINCT p.id } AS people,
            COLLECT { MATCH (:WorkItem {doc: $doc})-[:FOLLOWS]->(w:Workflow) RETURN DISTINCT w.id } +
            COLLECT { MATCH (w:Workflow {doc: $doc}) RETURN w.id } AS workflows,
            COLLECT { MATCH (u:Unit)-[:SOURCED_FROM]->(:Document {id: $docId}) RETURN u.id } +
            COLLECT { MATCH (:Post {doc: $doc})-[:OVERSEES]->(u:Unit) RETURN DISTINCT u.id } +
            COLLECT { MATCH ()-[:HEADS {doc: $doc}]->(u:Unit) RETURN DISTINCT u.id } AS units`,
    { doc, docId },
  );
  const rec = r.records[0]!;
  return { people: rec.get('people'), workflows: rec.get('workflows'), units: rec.get('units') };
}

/** Deletes those of the old version's shared nodes that nothing refers to any more. */
async function removeOrphans(tx: ManagedTransaction, s: Shared) {
  await tx.run('UNWIND $ids AS id MATCH (p:Person {id: id}) WHERE NOT (p)--() DELETE p', { ids: s.people });
  await tx.run('UNWIND $ids AS id MATCH (w:Workflow {id: id}) WHERE NOT (w)<-[:FOLLOWS]-() AND NOT coalesce(w.printed, false) DETACH DELETE w', { ids: s.workflows });
  // a unit goes once nothing is in it or points at it; then its parent may be empty too
  for (let depth = 0; depth < 3; depth++) {
    const r = await tx.run(
      `UNWIND $ids AS id MATCH (u:Unit {id: id})
       WHERE NOT (u)<-[:IN_UNIT|PART_OF|OVERSEES|HEADS]-() AND NOT (u)-[:SOURCED_FROM]->()
       OPTIONAL MATCH (u)-[:PART_OF]->(p:Unit)
       WITH u, collect(p.id) AS parents DETACH DELETE u
       RETURN parents`,
      { ids: s.units },
    );
    s.units = r.records.flatMap((x) => x.get('parents') as string[]);
    if (s.units.length === 0) break;
  }
}

/** The rows of several documents written together: every row names its document (`doc`). */
type BatchRows = Omit<GraphRows, 'document'> & { documents: GraphRows['document'][] };

function combine(list: GraphRows[]): BatchRows {
  const keys = Object.keys(list[0]!).filter((k) => k !== 'document') as Exclude<keyof GraphRows, 'document'>[];
  const out = { documents: list.map((r) => r.document) } as BatchRows;
  for (const k of keys) (out[k] as object[]) = list.flatMap((r) => r[k] as object[]);
  return out;
}

/** Rows grouped by the document they came from, sent as `$groups`. */
function byDocument(rows: { doc: string }[]): { groups: { doc: string; rows: object[] }[] } {
  const groups = new Map<string, object[]>();
  for (const x of rows) (groups.get(x.doc) ?? groups.set(x.doc, []).get(x.doc)!).push(x);
  return { groups: [...groups].map(([doc, rows]) => ({ doc, rows })) };
}

/** Each row of `$groups` as `row`, beside its Document node `d`: looked up once a document, not once a row. */
const perDocument = (row: string) => `UNWIND $groups AS g MATCH (d:Document {id: 'document:' + g.doc}) UNWIND g.rows AS ${row}`;

/**
 * Creates nodes a document owns under their parent, each with its id, document, lines and SOURCED_FROM.
 * Labels, keys and the link pattern are constants of this module, never input.
 */
async function createOwned(
  tx: ManagedTransaction,
  rows: { doc: string }[],
  o: { label: (typeof OWNED)[number]; props: string[]; parent: { label: string; key: string }; link: string },
) {
  const props = ['id', ...o.props, 'doc', 'lineStart', 'lineEnd'].map((k) => `${k}: x.${k}`).join(', ');
  await tx.run(
    `${perDocument('x')}
     MATCH (parent:${o.parent.label} {id: x.${o.parent.key}})
     CREATE (n:${o.label} { ${props} })
     CREATE ${o.link}
     CREATE (n)-[:SOURCED_FROM {lineStart: x.lineStart, lineEnd: x.lineEnd}]->(d)`,
    byDocument(rows),
  );
}

/** One statement per kind of row for the whole batch, so a transaction costs the same however many documents it holds. */
async function writeRows(tx: ManagedTransaction, r: BatchRows) {
  await tx.run('UNWIND $docs AS x MERGE (d:Document {id: x.id}) SET d += x', { docs: r.documents });
  await tx.run(
    `${perDocument('u')}
     MERGE (n:Unit {id: u.id})
     SET n.name = u.name, n.kind = u.kind, n.mission = u.mission, n.staffColumns = u.staffColumns,
         n.doc = u.doc, n.lineStart = u.lineStart, n.lineEnd = u.lineEnd
     MERGE (n)-[s:SOURCED_FROM]->(d) SET s.lineStart = u.lineStart, s.lineEnd = u.lineEnd
     WITH n, u WHERE u.parentId IS NOT NULL
     MERGE (p:Unit {id: u.parentId}) ON CREATE SET p.name = u.parentName, p.kind = 'bureau'
     MERGE (n)-[:PART_OF]->(p)`,
    byDocument(r.units),
  );
  await tx.run(
    `UNWIND $rows AS s
     MERGE (b:Unit {id: s.bureauId}) ON CREATE SET b.name = s.bureauName, b.kind = 'bureau'
     MERGE (n:Unit {id: s.id}) ON CREATE SET n.name = s.name, n.kind = 'section'
     MERGE (n)-[:PART_OF]->(b)`,
    { rows: r.sections },
  );
  await createOwned(tx, r.posts, { label: 'Post', props: ['seq', 'title', 'kind', 'vacant'], parent: { label: 'Unit', key: 'unitId' }, link: '(n)-[:IN_UNIT]->(parent)' });
  await createOwned(tx, r.items, { label: 'WorkItem', props: ['ord', 'number', 'title', 'remarks'], parent: { label: 'Post', key: 'postId' }, link: '(parent)-[:HAS_ITEM {ord: x.ord}]->(n)' });
  await createOwned(tx, r.duties, { label: 'Duty', props: ['ord', 'kind', 'type', 'text'], parent: { label: 'WorkItem', key: 'itemId' }, link: '(parent)-[:HAS_DUTY {ord: x.ord}]->(n)' });
  await tx.run('UNWIND $rows AS p MERGE (n:Person {id: p.id}) ON CREATE SET n.name = p.name, n.bureau = p.bureau', { rows: r.people });
  await tx.run('UNWIND $rows AS x MATCH (p:Person {id: x.personId}), (i:WorkItem {id: x.itemId}) CREATE (p)-[:LEADS {ord: x.ord, written: x.written}]->(i)', { rows: r.leads });
  await tx.run('UNWIND $rows AS x MATCH (p:Person {id: x.personId}), (i:WorkItem {id: x.itemId}) CREATE (p)-[:ASSISTS {ord: x.ord, written: x.written}]->(i)', { rows: r.assists });
  await tx.run(
    `${perDocument('f')}
     MERGE (w:Workflow {id: f.id})
     SET w.code = f.code, w.title = f.title, w.bureau = f.bureau, w.boxes = f.boxes, w.printed = true,
         w.doc = f.doc, w.lineStart = f.lineStart, w.lineEnd = f.lineEnd
     MERGE (w)-[s:SOURCED_FROM]->(d) SET s.lineStart = f.lineStart, s.lineEnd = f.lineEnd`,
    byDocument(r.flowcharts),
  );
  await tx.run(
    `UNWIND $rows AS f
     MATCH (i:WorkItem {id: f.itemId})
     MERGE (w:Workflow {id: f.workflowId})
     ON CREATE SET w.code = f.code, w.bureau = f.bureau, w.printed = false
     CREATE (i)-[:FOLLOWS {code: f.code, basis: f.basis}]->(w)`,
    { rows: r.follows },
  );
  await tx.run(
    `${perDocument('f')}
     MATCH (i:WorkItem {id: f.itemId})
     CREATE (w:Workflow {id: f.id, title: f.title, bureau: f.bureau, printed: false, written: true, doc: f.doc, lineStart: f.lineStart, lineEnd: f.lineEnd})
     CREATE (i)-[:FOLLOWS {basis: 'steps written in the table'}]->(w)
     CREATE (w)-[:SOURCED_FROM {lineStart: f.lineStart, lineEnd: f.lineEnd}]->(d)`,
    byDocument(r.stepFlows),
  );
  await tx.run(
    `${perDocument('s')}
     MATCH (w:Workflow {id: s.workflowId})
     CREATE (n:Step {id: s.id, ord: s.ord, text: s.text, doc: s.doc, lineStart: s.lineStart, lineEnd: s.lineEnd})
     CREATE (n)-[:SOURCED_FROM {lineStart: s.lineStart, lineEnd: s.lineEnd}]->(d)
     FOREACH (_ IN CASE WHEN s.prevId IS NULL THEN [1] ELSE [] END | CREATE (w)-[:FIRST_STEP]->(n))`,
    byDocument(r.steps),
  );
  await tx.run('UNWIND $rows AS s WITH s WHERE s.prevId IS NOT NULL MATCH (a:Step {id: s.prevId}), (b:Step {id: s.id}) CREATE (a)-[:NEXT]->(b)', { rows: r.steps });
  await tx.run('UNWIND $rows AS o MATCH (p:Post {id: o.postId}), (u:Unit {id: o.unitId}) CREATE (p)-[:OVERSEES {written: o.written}]->(u)', { rows: r.oversees });
  await tx.run(
    `UNWIND $rows AS h MATCH (p:Person {id: h.personId}), (u:Unit {id: h.unitId})
     CREATE (p)-[:HEADS {written: h.written, doc: h.doc, lineStart: h.lineStart, lineEnd: h.lineEnd}]->(u)`,
    { rows: r.heads },
  );
}

/**
 * Imports several documents in one transaction: all of them or none. Each document's outcome is its own:
 * `unchanged` when the stored copy has the same bytes and parser version, `replaced` when its old part was
 * swapped for the new one. Document ids must be distinct within a batch.
 */
export async function importDocuments(db: Db, batch: GraphRows[]): Promise<ImportOutcome[]> {
  return db.write(async (tx) => {
    const existing = await tx.run('UNWIND $ids AS id MATCH (d:Document {id: id}) RETURN d.id AS id, d.fingerprint AS fp', { ids: batch.map((r) => r.document.id) });
    const stored = new Map(existing.records.map((x) => [x.get('id') as string, x.get('fp') as string]));
    const outcomes = batch.map((r): ImportOutcome => {
      const fp = stored.get(r.document.id);
      return fp === undefined ? 'created' : fp === r.document.fingerprint ? 'unchanged' : 'replaced';
    });
    const shared: Shared = { people: [], workflows: [], units: [] };
    for (const [k, r] of batch.entries()) {
      if (outcomes[k] !== 'replaced') continue;
      const s = await sharedNodes(tx, r.document.name, r.document.id);
      shared.people.push(...s.people);
      shared.workflows.push(...s.workflows);
      shared.units.push(...s.units);
      await removeDocumentPart(tx, r.document.name, r.document.id);
    }
    const write = batch.filter((_, k) => outcomes[k] !== 'unchanged');
    if (write.length > 0) await writeRows(tx, combine(write));
    if (outcomes.includes('replaced')) await removeOrphans(tx, shared);
    return outcomes;
  });
}

/** Number of Document nodes: the app imports seeds/ only into an empty graph. */
export async function documentCount(db: Db): Promise<number> {
  return db.read(async (tx) => (await tx.run('MATCH (d:Document) RETURN count(d) AS n')).records[0]?.get('n') as number);
}
