/**
 * Node ids: made here and read here, nowhere else. Every id is derived from the document and the position of
 * what it names, so importing the same file twice finds the same nodes.
 *
 *   unit:<bureau>  unit:<parent>/<name>  person:<bureau>/<name>  workflow:<bureau>/<code>  document:<file>
 *   post:<file>/<unit>/<seq>  …/item/<n>  …/item/<n>/function/<k>  …/item/<n>/responsibility/<k>
 *   …/item/<n>/workflow  …/item/<n>/workflow/step/<k>
 */

export const NODE_LABELS = ['Unit', 'Post', 'Person', 'WorkItem', 'Duty', 'Workflow', 'Step', 'Document'] as const;
export type NodeLabel = (typeof NODE_LABELS)[number];

export type DutyKind = 'function' | 'responsibility';

/** A unit: a bureau by its name, anything below one by its parent's name and its own. */
export const unitId = (name: string, parent: string | null): string => (parent ? `unit:${parent}/${name}` : `unit:${name}`);
/** A person is one name within a bureau and its centres. */
export const personId = (bureau: string, name: string): string => `person:${bureau}/${name}`;
/** A workflow cited by code, or a printed flowchart, within one bureau. */
export const workflowId = (bureau: string, code: string): string => `workflow:${bureau}/${code}`;
/** A document by its file name. */
export const documentId = (file: string): string => `document:${file}`;
/** A post by its document, its unit's name and its number in the table. */
export const postId = (file: string, unit: string, seq: number): string => `post:${file}/${unit}/${seq}`;
/** The `n`th work item of a post, from 1. */
export const itemId = (post: string, n: number): string => `${post}/item/${n}`;
/** The `n`th function or responsibility of an item, from 1. */
export const dutyId = (item: string, kind: DutyKind, n: number): string => `${item}/${kind}/${n}`;
/** The workflow a centre wrote out as steps in an item's row. */
export const writtenWorkflowId = (item: string): string => `${item}/workflow`;
/** The `n`th step of a written-out workflow, from 1. */
export const stepId = (workflow: string, n: number): string => `${workflow}/step/${n}`;

/** The label of a node from the shape of its id; null for anything that is not an id of this graph. */
export function labelOfId(id: string): NodeLabel | null {
  if (id.startsWith('unit:')) return 'Unit';
  if (id.startsWith('person:')) return 'Person';
  if (id.startsWith('document:')) return 'Document';
  if (id.startsWith('workflow:')) return 'Workflow';
  if (id.startsWith('post:')) {
    if (/\/step\/\d+$/.test(id)) return 'Step';
    if (id.endsWith('/workflow')) return 'Workflow';
    if (/\/(function|responsibility)\/\d+$/.test(id)) return 'Duty';
    if (/\/item\/\d+$/.test(id)) return 'WorkItem';
    return 'Post';
  }
  return null;
}
