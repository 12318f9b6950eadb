/**
 * Cypher fragments more than one query uses, each under one name. Identifiers spliced into Cypher come only from
 * the allow-lists here and in server/model/ids.ts; values always travel as parameters.
 */
import { z } from 'zod';
import { NODE_LABELS, type NodeLabel } from '../../model/ids.ts';

/** Relationships worth walking; SOURCED_FROM would join everything through its document. */
export const GRAPH_RELS = [
  'PART_OF',
  'IN_UNIT',
  'HAS_ITEM',
  'HAS_DUTY',
  'LEADS',
  'ASSISTS',
  'FOLLOWS',
  'FIRST_STEP',
  'NEXT',
  'OVERSEES',
  'HEADS',
  'REPORTS_TO',
  'SIMILAR_TO',
] as const;
export const WALK = GRAPH_RELS.join('|');
/** Paths between people and posts run through the organisation, not through similar wording. */
export const PATH_WALK = GRAPH_RELS.filter((t) => t !== 'SIMILAR_TO').join('|');

/** The name a node is shown by, whatever its label. */
export const nameOf = (n: string): string => `coalesce(${n}.name, ${n}.title, ${n}.text, ${n}.code, '')`;

/** `bureau`: the bureau unit `u` belongs to (one of its ancestors, or none when `u` is one); needs `u` bound. */
export const bureauOf = (u: string, bureau: string): string => `OPTIONAL MATCH (${u})-[:PART_OF*0..3]->(${bureau}:Unit {kind: 'bureau'})`;

/** The label `n` is known by: the first of its labels among `$labels` (NODE_LABELS). */
export const labelOf = (n: string): string => `head([l IN labels(${n}) WHERE l IN $labels])`;
/** Whether `n` has one of the labels in `$labels`. */
export const hasLabelIn = (n: string): string => `any(l IN labels(${n}) WHERE l IN $labels)`;

/** A node as `{ id, label, name, props }`; `$labels` must hold NODE_LABELS. */
export const nodeProjection = (n: string): string => `{ id: ${n}.id, label: ${labelOf(n)}, name: ${nameOf(n)}, props: ${n} {.*, embedding: null} }`;
/** A relationship as `{ id, type, source, target, props }`. */
export const edgeProjection = (r: string, a = `startNode(${r})`, b = `endNode(${r})`): string =>
  `{ id: elementId(${r}), type: type(${r}), source: ${a}.id, target: ${b}.id, props: properties(${r}) }`;

/** The parameter every query using nodeProjection passes. */
export const labelsParam = { labels: [...NODE_LABELS] };

/**
 * What the explorer never needs with a node: a document's lines, its findings, a flowchart's boxes, and the duplicates
 * analysis' vector of a text (left out in Cypher already).
 */
const HIDDEN_PROPS = new Set(['lines', 'findings', 'boxes', 'embedding']);

export const GraphNode = z
  .object({ id: z.string(), label: z.enum(NODE_LABELS), name: z.string(), props: z.record(z.string(), z.unknown()) })
  .transform((n) => ({ ...n, props: Object.fromEntries(Object.entries(n.props).filter(([k]) => !HIDDEN_PROPS.has(k))) }));
export type GraphNode = z.output<typeof GraphNode>;

export const GraphEdge = z.object({ id: z.string(), type: z.string(), source: z.string(), target: z.string(), props: z.record(z.string(), z.unknown()) });
export type GraphEdge = z.output<typeof GraphEdge>;

export type { NodeLabel };
