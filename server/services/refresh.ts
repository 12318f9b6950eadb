/** Recomputes what the analyses derive and store in the graph: reporting lines and similar duties. */
import { inferReporting } from '../analyses/reporting.ts';
import type { Db } from '../db/driver.ts';
import { markGraphChanged } from '../db/queries/meta.ts';
import { createReporting, deleteReporting, markUnplaced, postFacts, sectionHeads } from '../db/queries/reporting.ts';
import { setRepeated } from '../db/queries/similar.ts';
import { processMeaning, type Meaning } from '../embedding/meaning.ts';
import { refreshSimilar, type SimilarOutcome } from './similar.ts';

export interface AnalysesOutcome {
  reportingEdges: number;
  unplaced: number;
  similar: SimilarOutcome;
}

/**
 * Derives reporting lines and similar duties again from the whole graph, and stamps it as changed. `meaning` is the
 * process's (MEANING, MODELS_DIR) unless given.
 */
export async function refreshAnalyses(db: Db, o: { meaning?: Meaning; log?: (line: string) => void } = {}): Promise<AnalysesOutcome> {
  const reporting = await refreshReporting(db);
  const similar = await refreshSimilar(db, o.meaning ?? (await processMeaning(o.log)), o.log);
  const byDoc = new Map<string, string[]>();
  for (const r of similar.repeated) byDoc.set(r.doc, [...(byDoc.get(r.doc) ?? []), JSON.stringify({ text: r.text, count: r.count })]);
  await db.query(setRepeated, { docs: [...byDoc].map(([doc, repeated]) => ({ doc, repeated })) });
  await db.query(markGraphChanged, {});
  return { reportingEdges: reporting.edges, unplaced: reporting.unplaced, similar };
}

async function refreshReporting(db: Db): Promise<{ edges: number; unplaced: number }> {
  const facts = await db.read(async (tx) => ({ posts: await tx.query(postFacts, {}), heads: await tx.query(sectionHeads, {}) }));
  const r = inferReporting(facts.posts, facts.heads);
  await db.write(async (tx) => {
    await tx.query(deleteReporting, {});
    await tx.query(createReporting, { edges: r.edges });
    await tx.query(markUnplaced, { unplaced: r.unplaced });
  });
  return { edges: r.edges.length, unplaced: r.unplaced.length };
}
