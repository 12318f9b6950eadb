/** Recomputes what the analyses derive and store in the graph: reporting lines and similar duties. */
import type { Db } from '../db/driver.ts';
import { loadDutyTexts, loadPostFacts, markGraphChanged, writeReporting, writeSimilar } from '../db/analyses.ts';
import { similarPairsLsh } from './duplicates.ts';
import { inferReporting } from './reporting.ts';

/** Pairs at or above this are stored; the API filters higher. */
export const STORED_SIMILARITY = 0.5;

export async function refreshAnalyses(db: Db): Promise<{ reportingEdges: number; unplaced: number; similarPairs: number }> {
  const { posts, heads } = await loadPostFacts(db);
  const reporting = inferReporting(posts, heads);
  await writeReporting(db, reporting);

  const texts = await loadDutyTexts(db);
  const meta = new Map(texts.map((t) => [t.id, t]));
  const { pairs } = similarPairsLsh(texts, STORED_SIMILARITY);
  const scoped = pairs.map((p) => {
    const a = meta.get(p.a)!;
    const b = meta.get(p.b)!;
    const scope = a.bureau !== b.bureau ? 'cross-bureau' : a.unitKind !== b.unitKind && (a.unitKind === 'centre' || b.unitKind === 'centre') ? 'bureau-centre' : 'same-bureau';
    return { ...p, scope };
  });
  await writeSimilar(db, scoped);
  await markGraphChanged(db);
  return { reportingEdges: reporting.edges.length, unplaced: reporting.unplaced.length, similarPairs: scoped.length };
}
