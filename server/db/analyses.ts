/** Reads the facts the analyses need and writes back what they derive (REPORTS_TO, SIMILAR_TO). */
import type { PostFacts, ReportingResult, SectionHeadFacts } from '../analyses/reporting.ts';
import type { DutyText, SimilarPair } from '../analyses/duplicates.ts';
import type { PersonLoad } from '../analyses/overload.ts';
import type { PostWorkflow } from '../analyses/shared-workflows.ts';
import type { Db } from './driver.ts';

export async function loadPostFacts(db: Db): Promise<{ posts: PostFacts[]; heads: SectionHeadFacts[] }> {
  return db.read(async (tx) => {
    const posts = await tx.run(
      `MATCH (p:Post)-[:IN_UNIT]->(u:Unit)
       OPTIONAL MATCH (u)-[:PART_OF*0..3]->(b:Unit {kind: 'bureau'})
       WITH p, u, head(collect(b)) AS b
       RETURN p.id AS id, u.id AS unitId, u.kind AS unitKind, u.name AS unitName, coalesce(b.id, u.id) AS bureauId,
              p.kind AS kind, p.title AS title, p.doc AS doc, p.lineStart AS lineStart,
              COLLECT { MATCH (p)-[:HAS_ITEM]->()<-[:LEADS]-(x) RETURN DISTINCT x.name } AS leads,
              COLLECT { MATCH (p)-[:HAS_ITEM]->()<-[:ASSISTS]-(x) RETURN DISTINCT x.name } AS assistants,
              COLLECT { MATCH (p)-[:OVERSEES]->(o) RETURN o.id } AS oversees
       ORDER BY id`,
    );
    const heads = await tx.run(
      `MATCH (x:Person)-[h:HEADS]->(s:Unit)
       OPTIONAL MATCH (s)-[:PART_OF*0..3]->(b:Unit {kind: 'bureau'})
       RETURN x.name AS person, s.id AS unitId, coalesce(head(collect(b.id)), s.id) AS bureauId, h.doc AS doc, h.lineStart AS lineStart`,
    );
    return { posts: posts.records.map((r) => r.toObject() as PostFacts), heads: heads.records.map((r) => r.toObject() as SectionHeadFacts) };
  });
}

export async function writeReporting(db: Db, r: ReportingResult): Promise<void> {
  await db.write(async (tx) => {
    await tx.run('MATCH ()-[e:REPORTS_TO]->() DELETE e');
    await tx.run(
      `UNWIND $edges AS e MATCH (a:Post {id: e.from}), (b:Post {id: e.to})
       CREATE (a)-[:REPORTS_TO {rules: e.rules, basis: e.basis}]->(b)`,
      { edges: r.edges },
    );
    await tx.run('MATCH (p:Post) SET p.unplaced = p.id IN $unplaced', { unplaced: r.unplaced });
  });
}

/**
 * Work item titles, and the duties of centre posts that list duties instead of items. Leaders' posts are left
 * out: 主持全面工作 and 配合局长开展工作 say the same in every bureau without being one duty.
 */
export async function loadDutyTexts(db: Db): Promise<(DutyText & { bureau: string; unitKind: string })[]> {
  return db.read(async (tx) => {
    const r = await tx.run(
      `MATCH (p:Post {kind: 'staff'})-[:HAS_ITEM]->(i:WorkItem), (p)-[:IN_UNIT]->(u:Unit)
       OPTIONAL MATCH (u)-[:PART_OF*0..3]->(b:Unit {kind: 'bureau'})
       WITH p, i, u, coalesce(head(collect(b.id)), u.id) AS bureau
       CALL (p, i) {
         WITH p, i WHERE i.title IS NOT NULL RETURN i.id AS id, i.title AS text
         UNION
         WITH p, i MATCH (i)-[:HAS_DUTY]->(d:Duty {kind: 'function'}) WHERE i.title IS NULL RETURN d.id AS id, d.text AS text
       }
       RETURN id, text, p.id AS group, bureau, u.kind AS unitKind ORDER BY id`,
    );
    return r.records.map((x) => x.toObject() as DutyText & { bureau: string; unitKind: string });
  });
}

/** Replaces every SIMILAR_TO: removed and written in batches, so a large corpus stays within transaction memory. */
export async function writeSimilar(db: Db, pairs: (SimilarPair & { scope: string })[]): Promise<void> {
  await db.run('MATCH ()-[e:SIMILAR_TO]->() CALL (e) { DELETE e } IN TRANSACTIONS OF 20000 ROWS');
  for (let i = 0; i < pairs.length; i += 10_000) {
    const batch = pairs.slice(i, i + 10_000);
    await db.write((tx) =>
      tx.run(
        `UNWIND $pairs AS p
         CALL (p) { MATCH (a:WorkItem {id: p.a}) RETURN a UNION MATCH (a:Duty {id: p.a}) RETURN a }
         CALL (p) { MATCH (b:WorkItem {id: p.b}) RETURN b UNION MATCH (b:Duty {id: p.b}) RETURN b }
         CREATE (a)-[:SIMILAR_TO {score: p.score, scope: p.scope}]->(b)`,
        { pairs: batch },
      ),
    );
  }
}

export async function loadPersonLoads(db: Db): Promise<PersonLoad[]> {
  return db.read(async (tx) => {
    const r = await tx.run(
      `MATCH (x:Person)
       RETURN x.id AS id, x.name AS name, x.bureau AS bureau,
              COUNT { (x)-[:LEADS]->() } AS leadItems,
              COUNT { (x)-[:ASSISTS]->() } AS assistItems,
              COLLECT { MATCH (x)-[:LEADS|ASSISTS]->()<-[:HAS_ITEM]-(p:Post) RETURN DISTINCT p.id } AS posts,
              COLLECT { MATCH (x)-[:LEADS|ASSISTS]->()<-[:HAS_ITEM]-(p:Post) RETURN DISTINCT p.title ORDER BY p.title } AS postTitles,
              COLLECT { MATCH (x)-[:LEADS|ASSISTS]->()<-[:HAS_ITEM]-()-[:IN_UNIT]->(u) RETURN DISTINCT u.id } AS units,
              COLLECT { MATCH (x)-[:LEADS|ASSISTS]->()<-[:HAS_ITEM]-()-[:IN_UNIT]->(u) RETURN DISTINCT u.name ORDER BY u.name } AS unitNames,
              COUNT { MATCH (x)-[:LEADS|ASSISTS]->()-[:FOLLOWS]->(w) RETURN DISTINCT w } AS workflows`,
    );
    return r.records.map((x) => x.toObject() as PersonLoad);
  });
}

export async function loadPostWorkflows(db: Db): Promise<PostWorkflow[]> {
  return db.read(async (tx) => {
    const r = await tx.run(
      `MATCH (p:Post)-[:HAS_ITEM]->(i)-[f:FOLLOWS]->(w:Workflow)
       RETURN DISTINCT p.id AS postId, coalesce(w.bureau, '') AS bureau, w.code AS code, w.id AS workflowId,
              COLLECT { MATCH (w)-[:FIRST_STEP]->(s)-[:NEXT*0..]->(t) RETURN t.text ORDER BY t.ord } AS steps
       ORDER BY postId`,
    );
    return r.records.map((x) => x.toObject() as PostWorkflow);
  });
}

/** Stamps the graph as changed once imports and analyses are done; the API's caches key on it. */
export async function markGraphChanged(db: Db): Promise<void> {
  await db.write((tx) => tx.run("MERGE (m:Meta {id: 'graph'}) SET m.version = coalesce(m.version, 0) + 1"));
}

export async function graphVersion(db: Db): Promise<number> {
  return db.read(async (tx) => ((await tx.run("OPTIONAL MATCH (m:Meta {id: 'graph'}) RETURN coalesce(m.version, 0) AS v")).records[0]?.get('v') as number) ?? 0);
}
