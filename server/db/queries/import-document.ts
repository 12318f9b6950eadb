/**
 * Writes documents' rows in transactions that hold one document or several, never part of one: a failure
 * leaves no half document, the same file again changes nothing (same sha256), and a changed file replaces
 * that document's part of the graph.
 */
import { z } from 'zod';
import { documentId } from '../../model/ids.ts';
import type { Db, Tx } from '../driver.ts';
import { perKey, readQuery, writeQuery, writeReturning } from '../query.ts';

export interface Src {
  doc: string;
  lineStart: number;
  lineEnd: number;
  /** the place in a PDF, Word, Excel or HTML document as printed (第 3 页, Sheet1!B14); null for a text export */
  place: string | null;
  /** a PDF's page and the cell's box on it [x0, y0, x1, y1] in points from the top-left */
  page: number | null;
  box: number[] | null;
}

/** What one document writes, as rows for UNWIND: the importer's contract with the graph. */
export interface GraphRows {
  document: { id: string; name: string; sha256: string; fingerprint: string; layout: string; title: string | null; findings: string[]; lines: string[] };
  units: (Src & {
    id: string;
    name: string;
    kind: string;
    mission: string | null;
    staffColumns: boolean;
    parentId: string | null;
    parentName: string | null;
  })[];
  /** units named only in 分管 lists or remarks (sections), owned by no document */
  sections: { id: string; name: string; bureauId: string; bureauName: string }[];
  posts: (Src & { id: string; unitId: string; seq: number; title: string; kind: string; vacant: boolean })[];
  items: (Src & { id: string; postId: string; ord: number; number: number | null; title: string | null; remarks: string | null })[];
  duties: (Src & { id: string; itemId: string; ord: number; kind: 'function' | 'responsibility'; type: string | null; text: string })[];
  people: { id: string; name: string; bureau: string }[];
  leads: { personId: string; itemId: string; ord: number; written: string }[];
  assists: { personId: string; itemId: string; ord: number; written: string }[];
  /** printed flowcharts */
  flowcharts: (Src & { id: string; code: string; title: string; bureau: string; boxes: string[] })[];
  /** codes cited in the tables: the workflow each resolves to, with why */
  follows: { itemId: string; workflowId: string; code: string; bureau: string; basis: string }[];
  /** workflows written out as steps in a centre's table */
  stepFlows: (Src & { id: string; itemId: string; title: string; bureau: string })[];
  steps: (Src & { id: string; workflowId: string; ord: number; text: string; prevId: string | null })[];
  oversees: { postId: string; unitId: string; written: string }[];
  heads: (Src & { personId: string; unitId: string; written: string })[];
}

export type ImportOutcome = 'created' | 'replaced' | 'unchanged';

/** Nodes a document owns outright; they go when it is replaced. */
const OWNED = ['Duty', 'Step', 'WorkItem', 'Post'] as const;
type Owned = (typeof OWNED)[number];

interface Doc {
  doc: string;
}
interface DocIds {
  doc: string;
  docId: string;
}
interface Rows<T> {
  rows: T[];
}
/** Rows grouped by the document they came from. */
interface Groups {
  groups: { docId: string; rows: object[] }[];
}

/**
 * The old version's nodes are set aside under this label (their ids free for the new version) and deleted only
 * once the new version is written: nodes deleted early in a transaction make every later index seek in it cost
 * in proportion to how many were deleted (a 3,000-post document replaced took 36 s instead of 4).
 */
const SET_ASIDE = 'ReplacedPart';

const setAsideOwned = perKey((label: Owned) => writeQuery<Doc>(`set-aside-${label}`, `MATCH (n:${label} {doc: $doc}) REMOVE n:${label} SET n:${SET_ASIDE}`));
const deleteSetAside = writeQuery<{ docs: string[] }>('delete-set-aside', `MATCH (n:${SET_ASIDE}) WHERE n.doc IN $docs DETACH DELETE n`);
/** Takes the write lock of each stored Document: a second import of the same document waits, then sees what the first committed. */
const lockDocuments = writeQuery<{ ids: string[] }>(
  'lock-documents',
  'UNWIND $ids AS id MATCH (d:Document {id: id}) SET d.importLock = true REMOVE d.importLock',
);

const REMOVE_PART = [
  // workflows written out as steps belong to the document; printed flowcharts may be cited by other documents
  writeQuery<Doc>('set-aside-written-workflows', `MATCH (w:Workflow {doc: $doc, printed: false}) REMOVE w:Workflow SET w:${SET_ASIDE}`),
  writeQuery<Doc>(
    'unprint-flowcharts',
    `MATCH (w:Workflow {doc: $doc, printed: true})
     SET w.printed = false, w.title = null, w.boxes = null, w.doc = null, w.lineStart = null, w.lineEnd = null`,
  ),
  writeQuery<DocIds>('delete-sourced-from', 'MATCH (:Document {id: $docId})<-[r:SOURCED_FROM]-() DELETE r'),
  writeQuery<Doc>('delete-heads', 'MATCH ()-[h:HEADS {doc: $doc}]->() DELETE h'),
];

async function removeDocumentPart(tx: Tx, p: DocIds) {
  for (const label of OWNED) await tx.query(setAsideOwned(label), { doc: p.doc });
  for (const q of REMOVE_PART) await tx.query(q, p);
}

const Shared = z.object({ people: z.array(z.string()), workflows: z.array(z.string()), units: z.array(z.string()) });
type Shared = z.output<typeof Shared>;

/** People, workflows and units the stored version refers to: other documents may share them. */
const sharedNodes = readQuery<DocIds, typeof Shared>(
  'shared-nodes',
  `RETURN COLLECT { MATCH (:WorkItem {doc: $doc})<-[:LEADS|ASSISTS]-(p:Person) RETURN DISTINCT p.id } +
          COLLECT { MATCH (p:Person)-[:HEADS {doc: $doc}]->() RETURN DISTINCT p.id } AS people,
          COLLECT { MATCH (:WorkItem {doc: $doc})-[:FOLLOWS]->(w:Workflow) RETURN DISTINCT w.id } +
          COLLECT { MATCH (w:Workflow {doc: $doc}) RETURN w.id } AS workflows,
          COLLECT { MATCH (u:Unit)-[:SOURCED_FROM]->(:Document {id: $docId}) RETURN u.id } +
          COLLECT { MATCH (:Post {doc: $doc})-[:OVERSEES]->(u:Unit) RETURN DISTINCT u.id } +
          COLLECT { MATCH ()-[:HEADS {doc: $doc}]->(u:Unit) RETURN DISTINCT u.id } AS units`,
  Shared,
);

const deleteOrphanPeople = writeQuery<{ ids: string[] }>('delete-orphan-people', 'UNWIND $ids AS id MATCH (p:Person {id: id}) WHERE NOT (p)--() DELETE p');
const deleteOrphanWorkflows = writeQuery<{ ids: string[] }>(
  'delete-orphan-workflows',
  'UNWIND $ids AS id MATCH (w:Workflow {id: id}) WHERE NOT (w)<-[:FOLLOWS]-() AND NOT coalesce(w.printed, false) DETACH DELETE w',
);
const Parents = z.object({ parents: z.array(z.string()) });
/** A unit goes once nothing is in it or points at it; its parents are returned, as they may now be empty too. */
const deleteEmptyUnits = writeReturning<{ ids: string[] }, typeof Parents>(
  'delete-empty-units',
  `UNWIND $ids AS id MATCH (u:Unit {id: id})
   WHERE NOT (u)<-[:IN_UNIT|PART_OF|OVERSEES|HEADS]-() AND NOT (u)-[:SOURCED_FROM]->()
   OPTIONAL MATCH (u)-[:PART_OF]->(p:Unit)
   WITH u, collect(p.id) AS parents DETACH DELETE u
   RETURN parents`,
  Parents,
);

/** Deletes those of the old version's shared nodes that nothing refers to any more. */
async function removeOrphans(tx: Tx, s: Shared) {
  await tx.query(deleteOrphanPeople, { ids: s.people });
  await tx.query(deleteOrphanWorkflows, { ids: s.workflows });
  let units = s.units;
  for (let depth = 0; depth < 3 && units.length > 0; depth++) {
    units = (await tx.query(deleteEmptyUnits, { ids: units })).flatMap((r) => r.parents);
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
function byDocument(rows: Doc[]): Groups {
  const groups = new Map<string, object[]>();
  for (const x of rows) (groups.get(x.doc) ?? groups.set(x.doc, []).get(x.doc)!).push(x);
  return { groups: [...groups].map(([doc, rows]) => ({ docId: documentId(doc), rows })) };
}

/** Each row of `$groups` as `row`, beside its Document node `d`: looked up once a document, not once a row. */
const perDocument = (row: string) => `UNWIND $groups AS g MATCH (d:Document {id: g.docId}) UNWIND g.rows AS ${row}`;

/**
 * Creates nodes a document owns under their parent, each with its id, document, lines and SOURCED_FROM.
 * Labels, keys and the link pattern are constants of this module, never input.
 */
function createOwned(name: string, o: { label: Owned; props: string[]; parent: { label: string; key: string }; link: string }) {
  const props = ['id', ...o.props, 'doc', 'lineStart', 'lineEnd'].map((k) => `${k}: x.${k}`).join(', ');
  return writeQuery<Groups>(
    name,
    `${perDocument('x')}
     MATCH (parent:${o.parent.label} {id: x.${o.parent.key}})
     CREATE (n:${o.label} { ${props} })
     CREATE ${o.link}
     CREATE (n)-[:SOURCED_FROM {lineStart: x.lineStart, lineEnd: x.lineEnd, place: x.place, page: x.page, box: x.box}]->(d)`,
  );
}

/** Who leads (牵头负责人) or assists (辅助人员) each work item, with the spelling the table used. */
function staffOf(type: 'LEADS' | 'ASSISTS') {
  return writeQuery<Rows<GraphRows['leads'][number]>>(
    `create-${type.toLowerCase()}`,
    `UNWIND $rows AS x MATCH (p:Person {id: x.personId}), (i:WorkItem {id: x.itemId}) CREATE (p)-[:${type} {ord: x.ord, written: x.written}]->(i)`,
  );
}

/** One statement per kind of row for the whole batch, so a transaction costs the same however many documents it holds. */
const WRITE = {
  documents: writeQuery<{ docs: GraphRows['document'][] }>('merge-documents', 'UNWIND $docs AS x MERGE (d:Document {id: x.id}) SET d += x'),
  units: writeQuery<Groups>(
    'merge-units',
    `${perDocument('u')}
     MERGE (n:Unit {id: u.id})
     SET n.name = u.name, n.kind = u.kind, n.mission = u.mission, n.staffColumns = u.staffColumns,
         n.doc = u.doc, n.lineStart = u.lineStart, n.lineEnd = u.lineEnd
     MERGE (n)-[s:SOURCED_FROM]->(d) SET s.lineStart = u.lineStart, s.lineEnd = u.lineEnd, s.place = u.place, s.page = u.page, s.box = u.box
     WITH n, u WHERE u.parentId IS NOT NULL
     MERGE (p:Unit {id: u.parentId}) ON CREATE SET p.name = u.parentName, p.kind = 'bureau'
     MERGE (n)-[:PART_OF]->(p)`,
  ),
  sections: writeQuery<Rows<GraphRows['sections'][number]>>(
    'merge-sections',
    `UNWIND $rows AS s
     MERGE (b:Unit {id: s.bureauId}) ON CREATE SET b.name = s.bureauName, b.kind = 'bureau'
     MERGE (n:Unit {id: s.id}) ON CREATE SET n.name = s.name, n.kind = 'section'
     MERGE (n)-[:PART_OF]->(b)`,
  ),
  posts: createOwned('create-posts', {
    label: 'Post',
    props: ['seq', 'title', 'kind', 'vacant'],
    parent: { label: 'Unit', key: 'unitId' },
    link: '(n)-[:IN_UNIT]->(parent)',
  }),
  items: createOwned('create-items', {
    label: 'WorkItem',
    props: ['ord', 'number', 'title', 'remarks'],
    parent: { label: 'Post', key: 'postId' },
    link: '(parent)-[:HAS_ITEM {ord: x.ord}]->(n)',
  }),
  duties: createOwned('create-duties', {
    label: 'Duty',
    props: ['ord', 'kind', 'type', 'text'],
    parent: { label: 'WorkItem', key: 'itemId' },
    link: '(parent)-[:HAS_DUTY {ord: x.ord}]->(n)',
  }),
  people: writeQuery<Rows<GraphRows['people'][number]>>(
    'merge-people',
    'UNWIND $rows AS p MERGE (n:Person {id: p.id}) ON CREATE SET n.name = p.name, n.bureau = p.bureau',
  ),
  leads: staffOf('LEADS'),
  assists: staffOf('ASSISTS'),
  flowcharts: writeQuery<Groups>(
    'merge-flowcharts',
    `${perDocument('f')}
     MERGE (w:Workflow {id: f.id})
     SET w.code = f.code, w.title = f.title, w.bureau = f.bureau, w.boxes = f.boxes, w.printed = true,
         w.doc = f.doc, w.lineStart = f.lineStart, w.lineEnd = f.lineEnd
     MERGE (w)-[s:SOURCED_FROM]->(d) SET s.lineStart = f.lineStart, s.lineEnd = f.lineEnd, s.place = f.place, s.page = f.page, s.box = f.box`,
  ),
  follows: writeQuery<Rows<GraphRows['follows'][number]>>(
    'create-follows',
    `UNWIND $rows AS f
     MATCH (i:WorkItem {id: f.itemId})
     MERGE (w:Workflow {id: f.workflowId})
     ON CREATE SET w.code = f.code, w.bureau = f.bureau, w.printed = false
     CREATE (i)-[:FOLLOWS {code: f.code, basis: f.basis}]->(w)`,
  ),
  stepFlows: writeQuery<Groups>(
    'create-written-workflows',
    `${perDocument('f')}
     MATCH (i:WorkItem {id: f.itemId})
     CREATE (w:Workflow {id: f.id, title: f.title, bureau: f.bureau, printed: false, written: true, doc: f.doc, lineStart: f.lineStart, lineEnd: f.lineEnd})
     CREATE (i)-[:FOLLOWS {basis: 'steps written in the table'}]->(w)
     CREATE (w)-[:SOURCED_FROM {lineStart: f.lineStart, lineEnd: f.lineEnd, place: f.place, page: f.page, box: f.box}]->(d)`,
  ),
  steps: writeQuery<Groups>(
    'create-steps',
    `${perDocument('s')}
     MATCH (w:Workflow {id: s.workflowId})
     CREATE (n:Step {id: s.id, ord: s.ord, text: s.text, doc: s.doc, lineStart: s.lineStart, lineEnd: s.lineEnd})
     CREATE (n)-[:SOURCED_FROM {lineStart: s.lineStart, lineEnd: s.lineEnd, place: s.place, page: s.page, box: s.box}]->(d)
     FOREACH (_ IN CASE WHEN s.prevId IS NULL THEN [1] ELSE [] END | CREATE (w)-[:FIRST_STEP]->(n))`,
  ),
  next: writeQuery<Rows<GraphRows['steps'][number]>>(
    'create-next',
    'UNWIND $rows AS s WITH s WHERE s.prevId IS NOT NULL MATCH (a:Step {id: s.prevId}), (b:Step {id: s.id}) CREATE (a)-[:NEXT]->(b)',
  ),
  oversees: writeQuery<Rows<GraphRows['oversees'][number]>>(
    'create-oversees',
    'UNWIND $rows AS o MATCH (p:Post {id: o.postId}), (u:Unit {id: o.unitId}) CREATE (p)-[:OVERSEES {written: o.written}]->(u)',
  ),
  heads: writeQuery<Rows<GraphRows['heads'][number]>>(
    'create-heads',
    `UNWIND $rows AS h MATCH (p:Person {id: h.personId}), (u:Unit {id: h.unitId})
     CREATE (p)-[:HEADS {written: h.written, doc: h.doc, lineStart: h.lineStart, lineEnd: h.lineEnd}]->(u)`,
  ),
};

/** Every kind of row in the order its statement must run: parents before children. */
async function writeRows(tx: Tx, r: BatchRows) {
  await tx.query(WRITE.documents, { docs: r.documents });
  await tx.query(WRITE.units, byDocument(r.units));
  await tx.query(WRITE.sections, { rows: r.sections });
  await tx.query(WRITE.posts, byDocument(r.posts));
  await tx.query(WRITE.items, byDocument(r.items));
  await tx.query(WRITE.duties, byDocument(r.duties));
  await tx.query(WRITE.people, { rows: r.people });
  await tx.query(WRITE.leads, { rows: r.leads });
  await tx.query(WRITE.assists, { rows: r.assists });
  await tx.query(WRITE.flowcharts, byDocument(r.flowcharts));
  await tx.query(WRITE.follows, { rows: r.follows });
  await tx.query(WRITE.stepFlows, byDocument(r.stepFlows));
  await tx.query(WRITE.steps, byDocument(r.steps));
  await tx.query(WRITE.next, { rows: r.steps });
  await tx.query(WRITE.oversees, { rows: r.oversees });
  await tx.query(WRITE.heads, { rows: r.heads });
}

const StoredFingerprint = z.object({ id: z.string(), fp: z.string() });
const storedFingerprints = readQuery<{ ids: string[] }, typeof StoredFingerprint>(
  'stored-fingerprints',
  'UNWIND $ids AS id MATCH (d:Document {id: id}) RETURN d.id AS id, d.fingerprint AS fp',
  StoredFingerprint,
);

/**
 * Imports several documents in one transaction: all of them or none. Each document's outcome is its own:
 * `unchanged` when the stored copy has the same bytes and parser version, `replaced` when its old part was
 * swapped for the new one. Document ids must be distinct within a batch.
 */
export async function importDocuments(db: Db, batch: GraphRows[]): Promise<ImportOutcome[]> {
  return db.write(async (tx) => {
    await tx.query(lockDocuments, { ids: batch.map((r) => r.document.id) });
    const stored = new Map((await tx.query(storedFingerprints, { ids: batch.map((r) => r.document.id) })).map((x) => [x.id, x.fp]));
    const outcomes = batch.map((r): ImportOutcome => {
      const fp = stored.get(r.document.id);
      return fp === undefined ? 'created' : fp === r.document.fingerprint ? 'unchanged' : 'replaced';
    });
    const shared: Shared = { people: [], workflows: [], units: [] };
    for (const [k, r] of batch.entries()) {
      if (outcomes[k] !== 'replaced') continue;
      const part = { doc: r.document.name, docId: r.document.id };
      const [s] = await tx.query(sharedNodes, part);
      shared.people.push(...s!.people);
      shared.workflows.push(...s!.workflows);
      shared.units.push(...s!.units);
      await removeDocumentPart(tx, part);
    }
    const write = batch.filter((_, k) => outcomes[k] !== 'unchanged');
    if (write.length > 0) await writeRows(tx, combine(write));
    const replaced = batch.filter((_, k) => outcomes[k] === 'replaced').map((r) => r.document.name);
    if (replaced.length > 0) {
      await tx.query(deleteSetAside, { docs: replaced });
      await removeOrphans(tx, shared);
    }
    return outcomes;
  });
}
