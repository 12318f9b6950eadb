/** Posts that share a workflow: by code within one bureau, and by the steps written out in their tables. */
import { jaccard, shingles } from './duplicates.ts';

export interface PostWorkflow {
  postId: string;
  bureau: string;
  /** workflow node id when the item cites a code */
  code: string | null;
  workflowId: string;
  /** steps written out, in order, when the table holds them */
  steps: string[];
}

export interface SharedGroup {
  kind: 'code' | 'steps';
  key: string;
  /** the shared workflow (for steps, the first member's) */
  workflowId: string;
  /** the steps in order (for a steps group) */
  steps: string[];
  bureau: string;
  posts: string[];
  /** 1 for identical step sequences, less for nearly identical ones */
  similarity: number;
}

/** Groups of two or more posts sharing a workflow, the largest first. */
export function sharedWorkflows(rows: PostWorkflow[], stepThreshold = 0.9): SharedGroup[] {
  const groups: SharedGroup[] = [];
  const byCode = new Map<string, { id: string; bureau: string; code: string; posts: Set<string> }>();
  for (const r of rows) {
    if (!r.code) continue;
    const g = byCode.get(r.workflowId) ?? { id: r.workflowId, bureau: r.bureau, code: r.code, posts: new Set<string>() };
    g.posts.add(r.postId);
    byCode.set(r.workflowId, g);
  }
  for (const g of byCode.values()) {
    if (g.posts.size > 1) groups.push({ kind: 'code', key: g.code, workflowId: g.id, steps: [], bureau: g.bureau, posts: [...g.posts].sort(), similarity: 1 });
  }
  // steps: group sequences whose texts are alike, first by exact sequence, then by near match
  const seqs = rows.filter((r) => r.steps.length > 0);
  const used = new Set<number>();
  for (let i = 0; i < seqs.length; i++) {
    if (used.has(i)) continue;
    const a = seqs[i]!;
    const sa = shingles(a.steps.join('→'), 3);
    const members = [a.postId];
    let min = 1;
    for (let j = i + 1; j < seqs.length; j++) {
      if (used.has(j)) continue;
      const b = seqs[j]!;
      if (b.bureau !== a.bureau || b.postId === a.postId) continue;
      const sim = a.steps.join('→') === b.steps.join('→') ? 1 : jaccard(sa, shingles(b.steps.join('→'), 3));
      if (sim >= stepThreshold && b.steps.length === a.steps.length) {
        used.add(j);
        members.push(b.postId);
        min = Math.min(min, sim);
      }
    }
    if (members.length > 1)
      groups.push({
        kind: 'steps',
        key: a.steps.slice(0, 2).join('→') + (a.steps.length > 2 ? '→…' : ''),
        workflowId: a.workflowId,
        steps: a.steps,
        bureau: a.bureau,
        posts: members.sort(),
        similarity: Math.round(min * 1000) / 1000,
      });
  }
  return groups.sort((x, y) => y.posts.length - x.posts.length || x.kind.localeCompare(y.kind) || x.key.localeCompare(y.key));
}
