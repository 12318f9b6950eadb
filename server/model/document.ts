/**
 * The canonical document: what every parser produces and the importer writes to Neo4j.
 * Every element carries provenance (document and 1-based line range) so users can check it against the paper.
 */
import { z } from 'zod';

/** Where a fact stands in a PDF, Word, Excel or HTML document, in that document's own terms. */
export const Place = z.object({
  label: z.string().describe('the place as printed for a reader: 第 3 页, 表 2 第 5 行, Sheet1!B14'),
  page: z.number().int().positive().optional(),
  box: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional().describe('x0, y0, x1, y1 in PDF points from the top-left of the page'),
  sheet: z.string().optional(),
  cell: z.string().optional(),
  table: z.number().int().positive().optional(),
  row: z.number().int().positive().optional(),
  line: z.number().int().positive().optional(),
});

export const Provenance = z.object({
  doc: z.string().describe('source file name'),
  lines: z.tuple([z.number().int().positive(), z.number().int().positive()]).describe('first and last line, 1-based, inclusive, of the document as text'),
  place: Place.optional(),
});

export const Statement = z.object({
  text: z.string().min(1),
  /** "决策责任" in "决策责任：及时、准确决定…"; null for a function */
  type: z.string().nullable(),
});

export const WorkItem = z.object({
  /** 一 = 1; null where the table does not number items */
  number: z.number().int().positive().nullable(),
  /** null for a centre post that lists duties instead of work items */
  title: z.string().nullable(),
  /** 岗位职能描述 */
  functions: z.array(Statement),
  /** 岗位责任描述 / 岗位职责描述 */
  responsibilities: z.array(Statement),
  /** codes referring to flowcharts of the same bureau, e.g. 4-1-1-1 */
  workflowCodes: z.array(z.string()),
  /** ordered steps written in the workflow column (centres' tables) */
  steps: z.array(z.string()),
  /** 牵头负责人 */
  leads: z.array(z.string()),
  /** 辅助人员 */
  assistants: z.array(z.string()),
  /** leads and assistants as the table spelled them (`张 亚`), in the same order */
  leadsWritten: z.array(z.string()),
  assistantsWritten: z.array(z.string()),
  /** 备注 */
  remarks: z.string().nullable(),
  provenance: Provenance,
});

export const PostKind = z.enum(['principal', 'deputy', 'staff']);

export const Post = z.object({
  seq: z.number().int().positive(),
  title: z.string().min(1),
  kind: PostKind,
  /** nobody leads or assists any of its items */
  vacant: z.boolean(),
  /** 分管…: the sections and centres this (leader) post oversees, as written */
  oversees: z.array(z.string()),
  workItems: z.array(WorkItem),
  provenance: Provenance,
});

export const UnitKind = z.enum(['bureau', 'department', 'centre', 'section']);

export const Unit = z.object({
  name: z.string().min(1),
  kind: UnitKind,
  /** name of the unit it belongs to (a centre's bureau, a department's bureau) */
  parent: z.string().nullable(),
  /** 宗旨和业务范围 */
  mission: z.string().nullable(),
  /** false where the table has no 负责人 columns (the city departments): staff unknown, not vacant */
  staffColumns: z.boolean(),
  posts: z.array(Post),
  provenance: Provenance,
});

export const Flowchart = z.object({
  code: z.string(),
  title: z.string(),
  /** box texts of the chart, in reading order, where the document carries them */
  boxes: z.array(z.string()),
  provenance: Provenance,
});

/** A table code resolved to a printed flowchart, or either side left alone, with the reason. */
export const WorkflowLink = z.object({
  /** as written in the table; null for a flowchart no work item refers to */
  code: z.string().nullable(),
  /** code as printed on the flowchart; null when none was found */
  flowchart: z.string().nullable(),
  basis: z.string(),
});

/** A remark naming who heads which section: "孙浩负责办公室". */
export const SectionHead = z.object({
  person: z.string(),
  section: z.string(),
  provenance: Provenance,
});

export const Finding = z.object({
  kind: z.enum([
    'unplaced-text',
    'uncoded-flowchart',
    'code-form-linked',
    'code-unresolved',
    'shifted-staff',
    'name-split',
    'new-post-by-numbering',
    'converted',
  ]),
  message: z.string(),
  provenance: Provenance,
});

export const CanonicalDocument = z.object({
  source: z.string(),
  sha256: z.string().length(64),
  /** how the document was read: a text export's layout, or the format of a PDF, Word, Excel, HTML or CSV file */
  layout: z.enum(['tab-table', 'pdf-flow', 'pdf', 'docx', 'xlsx', 'html', 'csv']),
  title: z.string().nullable(),
  units: z.array(Unit),
  flowcharts: z.array(Flowchart),
  /** table codes linked to printed flowcharts (codes belong to this document's bureau) */
  workflowLinks: z.array(WorkflowLink),
  sectionHeads: z.array(SectionHead),
  /** what the parser noticed and could not place or had to infer, with lines */
  findings: z.array(Finding),
});

export type Provenance = z.infer<typeof Provenance>;
export type Statement = z.infer<typeof Statement>;
export type WorkItem = z.infer<typeof WorkItem>;
export type Post = z.infer<typeof Post>;
export type PostKind = z.infer<typeof PostKind>;
export type Unit = z.infer<typeof Unit>;
export type UnitKind = z.infer<typeof UnitKind>;
export type Flowchart = z.infer<typeof Flowchart>;
export type WorkflowLink = z.infer<typeof WorkflowLink>;
export type SectionHead = z.infer<typeof SectionHead>;
export type Finding = z.infer<typeof Finding>;
export type CanonicalDocument = z.infer<typeof CanonicalDocument>;
