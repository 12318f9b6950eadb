/** 工作流程 as data: a bureau's posts × workflows matrix. */
import type { WorkflowMatrixResponse } from '../api.ts';

type Workflow = WorkflowMatrixResponse['workflows'][number];

/** A workflow's short name for an axis: its code (00-1), else its title. */
export const workflowLabel = (w: Pick<Workflow, 'code' | 'title'>): string => w.code ?? w.title;

/** Codes in their natural order: 3-1-2 before 11, 00-1 before 00-2. */
function byCode(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/**
 * The matrix in display order: posts as the response lists them, workflows with a code first in the order of their
 * codes, then the ones written out in a post, in the order of the posts that follow them; a cell [workflow, post,
 * items] wherever a post's items follow a workflow.
 */
export function workflowGrid(m: WorkflowMatrixResponse): {
  posts: WorkflowMatrixResponse['posts'];
  workflows: Workflow[];
  cells: [number, number, number][];
} {
  const row = new Map(m.posts.map((p, i) => [p.id, i]));
  const firstPost = new Map<string, number>();
  for (const c of m.cells) firstPost.set(c.workflow, Math.min(firstPost.get(c.workflow) ?? Infinity, row.get(c.post) ?? Infinity));
  const workflows = [...m.workflows].sort((a, b) => {
    if (a.code !== null && b.code !== null) return byCode(a.code, b.code);
    if (a.code !== null || b.code !== null) return a.code !== null ? -1 : 1;
    return (firstPost.get(a.id) ?? Infinity) - (firstPost.get(b.id) ?? Infinity) || a.title.localeCompare(b.title, 'zh');
  });
  const col = new Map(workflows.map((w, i) => [w.id, i]));
  const cells = m.cells
    .filter((c) => c.items > 0 && col.has(c.workflow) && row.has(c.post))
    .map((c): [number, number, number] => [col.get(c.workflow)!, row.get(c.post)!, c.items]);
  return { posts: m.posts, workflows, cells };
}

/** The posts whose items follow `workflowId`, with how many of their items do. */
export function postsFollowing(m: WorkflowMatrixResponse, workflowId: string): { post: WorkflowMatrixResponse['posts'][number]; items: number }[] {
  const posts = new Map(m.posts.map((p) => [p.id, p]));
  return m.cells.filter((c) => c.workflow === workflowId && c.items > 0 && posts.has(c.post)).map((c) => ({ post: posts.get(c.post)!, items: c.items }));
}
