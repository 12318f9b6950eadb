/** Posts that share a workflow: by code within one bureau, and by the steps written out in their tables, alike or nearly. */
import { jaccard, shingles } from './duplicates.ts';
import { nearlySameGroups, type MemberDifferences } from './step-distance.ts';

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
  /** code: one workflow code; steps: the same written steps; nearly-same: steps the same but for a label or a step or two */
  kind: 'code' | 'steps' | 'nearly-same';
  key: string;
  /** the shared workflow (for steps, the first member's) */
  workflowId: string;
  /** the steps in order (for a steps group; for nearly-same, the first member's, normalised) */
  steps: string[];
  bureau: string;
  /** sorted, except in a nearly-same group, where the first is the member the others are compared with */
  posts: string[];
  /** 1 for identical step sequences, less for nearly identical ones */
  similarity: number;
  /** nearly-same only: how each post after the first differs from the first */
  differences: MemberDifferences[];
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
    if (g.posts.size > 1)
      groups.push({ kind: 'code', key: g.code, workflowId: g.id, steps: [], bureau: g.bureau, posts: [...g.posts].sort(), similarity: 1, differences: [] });
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
    if (members.length > 1) {
      used.add(i);
      groups.push({
        kind: 'steps',
        key: a.steps.slice(0, 2).join('→') + (a.steps.length > 2 ? '→…' : ''),
        workflowId: a.workflowId,
        steps: a.steps,
        bureau: a.bureau,
        posts: members.sort(),
        similarity: Math.round(min * 1000) / 1000,
        differences: [],
      });
    }
  }
  // what is left: the same after a label, numbering or punctuation is set aside, or a step or two apart
  for (const g of nearlySameGroups(seqs.filter((_, i) => !used.has(i)))) {
    groups.push({
      kind: 'nearly-same',
      key: g.steps.slice(0, 2).join('→') + (g.steps.length > 2 ? '→…' : ''),
      workflowId: g.members[0]!.workflowId,
      steps: g.steps,
      bureau: g.bureau,
      posts: g.members.map((m) => m.postId),
      similarity: g.similarity,
      differences: g.differences,
    });
  }
  return groups.sort((x, y) => y.posts.length - x.posts.length || x.kind.localeCompare(y.kind) || x.key.localeCompare(y.key));
}
