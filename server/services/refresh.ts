/** Recomputes what the analyses derive and store in the graph: reporting lines and similar duties. */
import { similarPairsLsh } from '../analyses/duplicates.ts';
import { inferReporting } from '../analyses/reporting.ts';
import { scopeOf } from '../analyses/scope.ts';
import type { Db } from '../db/driver.ts';
import { markGraphChanged } from '../db/queries/meta.ts';
import { createReporting, deleteReporting, markUnplaced, postFacts, sectionHeads } from '../db/queries/reporting.ts';
import { createSimilar, deleteSimilar, dutyTexts } from '../db/queries/similar.ts';

/** Pairs at or above this are stored; the API filters higher. */
export const STORED_SIMILARITY = 0.5;
/** SIMILAR_TO edges written per transaction, so a province stays within transaction memory. */
const SIMILAR_BATCH = 10_000;

/** Derives reporting lines and similar duties again from the whole graph, and stamps it as changed. */
export async function refreshAnalyses(db: Db): Promise<{ reportingEdges: number; unplaced: number; similarPairs: number }> {
  const reporting = await refreshReporting(db);
  const similarPairs = await refreshSimilar(db);
  await db.query(markGraphChanged, {});
  return { reportingEdges: reporting.edges, unplaced: reporting.unplaced, similarPairs };
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

async function refreshSimilar(db: Db): Promise<number> {
  const texts = await db.query(dutyTexts, {});
  const placed = new Map(texts.map((t) => [t.id, t]));
  const pairs = similarPairsLsh(texts, STORED_SIMILARITY).pairs.map((p) => ({ ...p, scope: scopeOf(placed.get(p.a)!, placed.get(p.b)!) }));
  await db.autoCommit(deleteSimilar, {});
  for (let i = 0; i < pairs.length; i += SIMILAR_BATCH) {
    await db.query(createSimilar, { pairs: pairs.slice(i, i + SIMILAR_BATCH) });
  }
  return pairs.length;
}
