/** The data-quality report: what the tables leave open or contradict, each entry with its document and lines. */
import type { Db } from './driver.ts';

export interface Where {
  doc: string | null;
  lines: [number, number] | null;
}
export interface QualityReport {
  vacantPosts: ({ unit: string; post: string } & Where)[];
  itemsWithoutLead: ({ unit: string; post: string; item: string | null } & Where)[];
  itemsWithSeveralLeads: ({ unit: string; post: string; item: string | null; leads: string[] } & Where)[];
  codesWithoutFlowchart: { bureau: string; code: string; items: ({ post: string; item: string | null } & Where)[] }[];
  flowchartsUnreferenced: ({ bureau: string; code: string; title: string } & Where)[];
  nameVariantsMerged: { bureau: string; name: string; written: string[] }[];
  possibleSamePerson: { name: string; bureaus: string[] }[];
  parserFindings: ({ kind: string; message: string } & Where)[];
}

const where = (doc: unknown, a: unknown, b: unknown): Where => ({
  doc: (doc as string | null) ?? null,
  lines: a == null ? null : [a as number, (b ?? a) as number],
});

export async function qualityReport(db: Db): Promise<QualityReport> {
  return db.read(async (tx) => {
    const vacant = await tx.run(
      `MATCH (p:Post {vacant: true})-[:IN_UNIT]->(u:Unit)
       RETURN u.name AS unit, p.title AS post, p.doc AS doc, p.lineStart AS a, p.lineEnd AS b ORDER BY doc, a`,
    );
    const noLead = await tx.run(
      `MATCH (u:Unit {staffColumns: true})<-[:IN_UNIT]-(p:Post {vacant: false})-[:HAS_ITEM]->(i:WorkItem)
       WHERE NOT (i)<-[:LEADS]-()
       RETURN u.name AS unit, p.title AS post, i.title AS item, i.doc AS doc, i.lineStart AS a, i.lineEnd AS b ORDER BY doc, a`,
    );
    const several = await tx.run(
      `MATCH (u:Unit)<-[:IN_UNIT]-(p:Post)-[:HAS_ITEM]->(i:WorkItem)<-[:LEADS]-(l:Person)
       WITH u, p, i, collect(l.name) AS leads WHERE size(leads) > 1
       RETURN u.name AS unit, p.title AS post, i.title AS item, leads, i.doc AS doc, i.lineStart AS a, i.lineEnd AS b ORDER BY doc, a`,
    );
    const codes = await tx.run(
      `MATCH (w:Workflow {printed: false})<-[f:FOLLOWS]-(i:WorkItem)<-[:HAS_ITEM]-(p:Post)
       WHERE w.code IS NOT NULL
       WITH w, collect({post: p.title, item: i.title, doc: i.doc, a: i.lineStart, b: i.lineEnd}) AS items
       RETURN w.bureau AS bureau, w.code AS code, items ORDER BY bureau, code`,
    );
    const unreferenced = await tx.run(
      `MATCH (w:Workflow {printed: true}) WHERE NOT (w)<-[:FOLLOWS]-()
       RETURN w.bureau AS bureau, w.code AS code, w.title AS title, w.doc AS doc, w.lineStart AS a, w.lineEnd AS b ORDER BY doc, a`,
    );
    const variants = await tx.run(
      `MATCH (p:Person)-[r:LEADS|ASSISTS]->()
       WITH p, collect(DISTINCT r.written) AS written
       WHERE size(written) > 1
       RETURN p.bureau AS bureau, p.name AS name, written ORDER BY bureau, name`,
    );
    const same = await tx.run(
      `MATCH (p:Person) WITH p.name AS name, collect(DISTINCT p.bureau) AS bureaus
       WHERE size(bureaus) > 1 RETURN name, bureaus ORDER BY name`,
    );
    const docs = await tx.run('MATCH (d:Document) RETURN d.name AS doc, d.findings AS findings ORDER BY doc');
    return {
      vacantPosts: vacant.records.map((r) => ({ unit: r.get('unit'), post: r.get('post'), ...where(r.get('doc'), r.get('a'), r.get('b')) })),
      itemsWithoutLead: noLead.records.map((r) => ({ unit: r.get('unit'), post: r.get('post'), item: r.get('item'), ...where(r.get('doc'), r.get('a'), r.get('b')) })),
      itemsWithSeveralLeads: several.records.map((r) => ({ unit: r.get('unit'), post: r.get('post'), item: r.get('item'), leads: r.get('leads'), ...where(r.get('doc'), r.get('a'), r.get('b')) })),
      codesWithoutFlowchart: codes.records.map((r) => ({
        bureau: r.get('bureau'),
        code: r.get('code'),
        items: (r.get('items') as Record<string, unknown>[])
          .map((x) => ({ post: x.post as string, item: x.item as string | null, ...where(x.doc, x.a, x.b) }))
          .sort((a, b) => (a.doc ?? '').localeCompare(b.doc ?? '') || (a.lines?.[0] ?? 0) - (b.lines?.[0] ?? 0)),
      })),
      flowchartsUnreferenced: unreferenced.records.map((r) => ({ bureau: r.get('bureau'), code: r.get('code'), title: r.get('title'), ...where(r.get('doc'), r.get('a'), r.get('b')) })),
      nameVariantsMerged: variants.records.map((r) => ({ bureau: r.get('bureau'), name: r.get('name'), written: r.get('written') })),
      possibleSamePerson: same.records.map((r) => ({ name: r.get('name'), bureaus: r.get('bureaus') })),
      parserFindings: docs.records.flatMap((r) =>
        ((r.get('findings') as string[] | null) ?? []).map((json) => {
          const f = JSON.parse(json) as { kind: string; message?: string; basis?: string; code?: string; flowchart?: string; provenance?: { doc: string; lines: [number, number] } };
          const message = f.message ?? `workflow code ${f.code} linked to the flowchart printed as ${f.flowchart}: ${f.basis}`;
          return { kind: f.kind, message, doc: f.provenance?.doc ?? (r.get('doc') as string), lines: f.provenance?.lines ?? null };
        }),
      ),
    };
  });
}
