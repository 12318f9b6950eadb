/**
 * The API's shapes, once: zod schemas for every request's parameters and every response. The routes validate
 * with them and describe them in the OpenAPI document, the services' types are inferred from them, the client
 * imports those types (type-only), and the API tests check every answer against them.
 */
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { DEFAULT_WEIGHTS } from '../analyses/overload.ts';
import { CanonicalDocument } from './document.ts';
import { NODE_LABELS, labelOfId } from './ids.ts';

extendZodWithOpenApi(z);

/** Upper bounds on what one request may ask for. */
export const LIMITS = { graphNodes: 2000, list: 500, search: 50, exportNodes: 200_000 };

// ---- request parameters

export const Id = z
  .string()
  .min(1)
  .max(500)
  .refine((id) => labelOfId(id) !== null, 'not an id of this graph (unit:…, post:…, person:…, workflow:…)');
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const num = (min: number, max: number, dflt: number) => z.coerce.number().min(min).max(max).default(dflt);
const int = (min: number, max: number, dflt: number) => z.coerce.number().int().min(min).max(max).default(dflt);
/** A page of a list: `offset` items skipped, at most `limit` given. */
const paged = (max: number, dflt: number) => ({ limit: int(1, max, dflt), offset: int(0, 10_000_000, 0) });

export const UnitsQuery = z.object(paged(LIMITS.list, 50));
export const ReportingQuery = z.object(paged(50_000, 50));
export const SharedQuery = z.object(paged(20_000, 50));
export const GraphQuery = z.object({
  focus: Id.optional(),
  depth: z.coerce
    .number()
    .int()
    .min(1)
    .max(3)
    .default(1)
    .pipe(z.union([z.literal(1), z.literal(2), z.literal(3)])),
  types: z
    .string()
    .max(200)
    .optional()
    .transform((s) =>
      s
        ? s
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean)
        : [],
    )
    .pipe(z.array(z.enum(NODE_LABELS))),
  limit: int(1, LIMITS.graphNodes, 500),
});
export const NodeParams = z.object({ id: Id });
export const OverloadQuery = z.object({
  limit: int(1, LIMITS.list, 20),
  lead: num(0, 100, DEFAULT_WEIGHTS.lead),
  assist: num(0, 100, DEFAULT_WEIGHTS.assist),
  post: num(0, 100, DEFAULT_WEIGHTS.post),
  unit: num(0, 100, DEFAULT_WEIGHTS.unit),
  workflow: num(0, 100, DEFAULT_WEIGHTS.workflow),
  /** only the people of this bureau (its unit id) */
  bureau: Id.optional(),
  /** only the people of the bureaus of this region (a district or city as the overview names it) */
  region: z.string().trim().min(1).max(50).optional(),
});
/** A unit whose org chart is drawn: a bureau, or one of its units to re-root the chart there. */
export const ChartQuery = z.object({ unit: Id });
/** A bureau whose posts × workflows matrix is drawn. */
export const WorkflowMatrixQuery = z.object({ bureau: Id });
export const DuplicatesQuery = z.object({
  /** the pair's score: the cosine with meaning, the bigram Jaccard without */
  minScore: num(0, 1, 0),
  limit: int(1, LIMITS.list, 100),
  crossBureauOnly: bool.default(false),
  /** likely: likely duplicates only (housekeeping ranked out); all: housekeeping pairs too */
  show: z.enum(['likely', 'all']).default('likely'),
  grain: z.enum(['any', 'statement', 'post']).default('any'),
  /** review marks: any, unmarked, duplicate (confirmed), not-duplicate */
  mark: z.enum(['any', 'unmarked', 'duplicate', 'not-duplicate']).default('any'),
  /** only the pairs between these two bureaus or centres (a cell of the matrix), by unit id */
  ownerA: Id.optional(),
  ownerB: Id.optional(),
  /** only the pairs with a side in a bureau or centre of this region (a district or city, as the overview names it; - for those whose names give none) */
  region: z.string().trim().min(1).max(50).optional(),
});
export const BoundaryQuery = z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx') });
export const SearchQuery = z.object({ q: z.string().trim().min(1).max(100), limit: int(1, LIMITS.search, 20) });
export const PathQuery = z.object({ from: Id, to: Id });
export const CsvQuery = z.object({ kind: z.enum(['nodes', 'edges']).default('nodes') });

export type UnitsQuery = z.output<typeof UnitsQuery>;
export type ReportingQuery = z.output<typeof ReportingQuery>;
export type SharedQuery = z.output<typeof SharedQuery>;
export type GraphQuery = z.output<typeof GraphQuery>;
export type OverloadQuery = z.output<typeof OverloadQuery>;
export type DuplicatesQuery = z.output<typeof DuplicatesQuery>;
export type BoundaryQuery = z.output<typeof BoundaryQuery>;
export type SearchQuery = z.output<typeof SearchQuery>;

// ---- responses

/** A document sent to POST /api/documents: its file name says what it is, the body is its bytes. */
export const UploadQuery = z.object({
  name: z
    .string()
    .min(1)
    // a file name's limit on Linux is 255 bytes; the store adds nothing to it, a temporary copy a few bytes
    .refine((n) => Buffer.byteLength(n) <= 240, 'must be at most 240 bytes in UTF-8 (80 Chinese characters)')
    .refine((n) => !/[/\\]/.test(n), 'must be a plain file name, without folders')
    .refine((n) => [...n].every((ch) => ch >= ' '), 'must not hold control characters')
    .refine((n) => !n.startsWith('.'), 'must not start with a dot'),
});
export const DocumentParams = z.object({ id: z.string().regex(/^document:/, 'must be a Document id such as document:000_x.txt') });
export const ImportResultSchema = z
  .object({
    file: z.string(),
    outcome: z.enum(['created', 'replaced', 'unchanged']),
    elements: z.number(),
    units: z.number(),
    posts: z.number(),
    items: z.number(),
    people: z.number(),
    seconds: z.number(),
  })
  .openapi('ImportResult');
export const WriteResponse = z.object({
  results: z.array(ImportResultSchema),
  /** the audit trail's entry for this write */
  audit: z.object({ id: z.string(), at: z.string() }),
});

/** Each list of a preview keeps at most this many entries; `total` says how many there are. */
const capped = <T extends z.ZodType>(entry: T) => z.object({ total: z.number().int(), list: z.array(entry) });
export const DocumentCounts = z
  .object({
    units: z.number().int(),
    posts: z.number().int(),
    workItems: z.number().int(),
    /** distinct names among leads and assistants */
    people: z.number().int(),
  })
  .openapi('DocumentCounts');
const PreviewPost = z.object({ unit: z.string(), post: z.string(), items: z.number().int().describe('work items of the post, counted with it') });
const PreviewItem = z.object({ unit: z.string(), post: z.string(), item: z.string().describe("the item's title, or for a duty post its first function") });
export const DocumentChanges = z
  .object({
    units: z.object({ added: capped(z.string()), removed: capped(z.string()) }),
    posts: z.object({
      added: capped(PreviewPost),
      removed: capped(PreviewPost),
      changed: capped(
        z.object({ unit: z.string(), post: z.string(), itemsAdded: z.number().int(), itemsRemoved: z.number().int(), itemsChanged: z.number().int() }),
      ),
    }),
    workItems: z.object({
      added: capped(PreviewItem),
      removed: capped(PreviewItem),
      changed: capped(
        PreviewItem.extend({ fields: z.array(z.enum(['number', 'functions', 'responsibilities', 'workflow', 'leads', 'assistants', 'remarks'])) }),
      ),
    }),
    people: z.object({ added: capped(z.string()), removed: capped(z.string()) }),
  })
  .openapi('DocumentChanges');
/** What importing a document would do, read without writing anything: POST /api/documents/preview. */
export const DocumentPreview = z
  .object({
    name: z.string(),
    /** how the parser read it: a text export's layout, or the format sniffed from the bytes */
    format: CanonicalDocument.shape.layout,
    title: z.string().nullable(),
    sha256: z.string(),
    bytes: z.number().int(),
    counts: DocumentCounts,
    /** what the parser noticed and could not place or had to infer */
    findings: capped(
      z.object({
        kind: z.string(),
        message: z.string(),
        /** the place as printed (第 3 页, Sheet1!B14), else the line: 第 12 行 */
        where: z.string(),
        place: z.string().nullable(),
        lines: z.tuple([z.number(), z.number()]),
      }),
    ),
    /** whether the graph holds a document of this name now: importing replaces it */
    inGraph: z.boolean(),
    /** the version of this name the document store holds now; null for a new document */
    previous: z
      .object({
        sha256: z.string(),
        bytes: z.number().int(),
        storedAt: z.string(),
        /** the same bytes: importing changes nothing */
        identical: z.boolean(),
        counts: DocumentCounts.nullable(),
        /** why it could not be compared: the stored version no longer parses */
        error: z.string().nullable(),
      })
      .nullable(),
    /** what importing changes against `previous`; null when there is none or it could not be read */
    changes: DocumentChanges.nullable(),
  })
  .openapi('DocumentPreview');

export const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) }).openapi('Error');

export const Elements = z
  .object({
    nodes: z.array(z.object({ data: z.object({ id: z.string(), label: z.string(), type: z.string() }).catchall(z.unknown()) })),
    edges: z.array(z.object({ data: z.object({ id: z.string(), source: z.string(), target: z.string(), type: z.string() }).catchall(z.unknown()) })),
  })
  .openapi('CytoscapeElements');
export type Elements = z.output<typeof Elements>;

export const Ready = z.object({ database: z.literal('reachable'), documents: z.number() });

const UnitFields = {
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  mission: z.string().nullable(),
  posts: z.number(),
  vacantPosts: z.number(),
  items: z.number(),
  people: z.number(),
};
export interface UnitTree extends z.output<z.ZodObject<typeof UnitFields>> {
  parent: string | null;
  children: UnitTree[];
}
export const UnitTree: z.ZodType<UnitTree> = z
  .object({
    ...UnitFields,
    parent: z.string().nullable(),
    get children() {
      return z.array(UnitTree);
    },
  })
  .openapi('UnitTree');
export const UnitsResponse = z.object({ total: z.number(), offset: z.number(), units: z.array(UnitTree) });

export const GraphResponse = z.object({ elements: Elements, truncated: z.boolean() });

export const NodeResponse = z.object({
  id: z.string(),
  label: z.enum(NODE_LABELS),
  name: z.string(),
  props: z.record(z.string(), z.unknown()),
  source: z
    .object({
      document: z.string(),
      /** the Document node's id; its original is at /api/documents/{documentId}/original */
      documentId: z.string(),
      /** of the bytes the facts were read from: the version of the document the store keeps */
      sha256: z.string(),
      lines: z.tuple([z.number(), z.number()]),
      text: z.array(z.string()),
      /** where the fact stands in a PDF, Word, Excel or HTML document, as printed (第 3 页, Sheet1!B14); null for a text export */
      place: z.string().nullable(),
      /** for a PDF: the page, and the cell's box [x0, y0, x1, y1] in points from the page's top-left */
      page: z.number().nullable(),
      box: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
    })
    .nullable(),
  neighbours: z.array(z.object({ type: z.string(), direction: z.enum(['out', 'in']), id: z.string(), label: z.string(), name: z.string() })),
});

export const PostRef = z.object({ id: z.string(), unit: z.string(), post: z.string(), person: z.string().nullable() }).openapi('PostRef');
export const ReportingResponse = z.object({
  edges: z.array(z.object({ from: PostRef, to: PostRef, basis: z.string(), rules: z.array(z.string()) })),
  oversight: z.array(z.object({ from: PostRef, to: z.object({ id: z.string(), unit: z.string(), kind: z.string() }), basis: z.string() })),
  unplaced: z.array(PostRef),
  totals: z.object({ edges: z.number(), oversight: z.number(), unplaced: z.number() }),
  offset: z.number(),
  truncated: z.boolean(),
});

export const OverloadPerson = z.object({
  id: z.string(),
  name: z.string(),
  bureau: z.string(),
  units: z.array(z.string()),
  posts: z.array(z.string()),
  leadItems: z.number(),
  assistItems: z.number(),
  workflows: z.number(),
  score: z.number(),
  /** the index split into its parts, for the UI to say in its language: count × weight = points */
  parts: z.array(z.object({ part: z.enum(['lead', 'assist', 'posts', 'units', 'workflows']), count: z.number(), weight: z.number(), points: z.number() })),
});
export const OverloadResponse = z.object({
  weights: z.record(z.string(), z.number()),
  people: z.array(OverloadPerson),
  /** how many people the filter kept, before the limit */
  total: z.number(),
  /** the workload index above which a person counts as overloaded: the 90th percentile of everyone's */
  threshold: z.number(),
  itemsWithoutLead: z.number(),
  itemsWithSeveralLeads: z.number(),
});

export const Segment = z.object({ text: z.string(), differs: z.boolean() });
export const DupSide = z.object({
  id: z.string(),
  unit: z.string(),
  bureau: z.string(),
  post: z.string(),
  workItem: z.string().nullable(),
  text: z.string(),
  marked: z.array(Segment),
  doc: z.string(),
  line: z.number(),
});
export const Verdict = z.enum(['duplicate', 'not-duplicate']);
export const DupMark = z.object({ verdict: Verdict, note: z.string(), by: z.string(), at: z.string() });
export const DupPair = z.object({
  /** stable across re-imports: made from the sides' bureaus, units, posts and texts; review marks are kept under it */
  key: z.string(),
  /** statement: two work items or duty texts; post: two whole posts */
  grain: z.enum(['statement', 'post']),
  score: z.number(),
  /** the sentence embedder's cosine; null when meaning is off */
  cosine: z.number().nullable(),
  /** bigram Jaccard of the normalised texts */
  lexical: z.number(),
  scope: z.string(),
  likely: z.boolean(),
  /** meaning, meaning-and-words, words, or housekeeping (ranked out) */
  reason: z.string(),
  housekeeping: z.boolean(),
  /** phrases of two characters or more both texts share, longest first */
  shared: z.array(z.string()),
  mark: DupMark.nullable(),
  a: DupSide,
  b: DupSide,
});
export const DupCluster = z.object({
  size: z.number(),
  /** the keys of the pairs joining the cluster, to mark it as a whole */
  keys: z.array(z.string()),
  members: z.array(z.object({ id: z.string(), unit: z.string(), post: z.string(), text: z.string() })),
});
export const MeaningStatus = z.object({ on: z.boolean(), model: z.string().nullable(), reason: z.string().nullable() });
export const DuplicatesResponse = z.object({
  /** whether pairs were found by meaning as well as wording, and why not */
  meaning: MeaningStatus,
  /** stored pairs: likely duplicates, and housekeeping pairs ranked out */
  counts: z.object({ likely: z.number(), housekeeping: z.number() }),
  pairs: z.array(DupPair),
  clusters: z.array(DupCluster),
});
export const MarkRequest = z.object({
  keys: z.array(z.string().min(1).max(64)).min(1).max(1000),
  /** null removes the marks */
  verdict: Verdict.nullable(),
  note: z.string().max(2000).default(''),
});
export const MarkResponse = z.object({ marked: z.number() });
export const ReviewEntry = DupMark.extend({
  key: z.string(),
  /** the pair's sides as they read when marked */
  sides: z.array(z.object({ bureau: z.string(), unit: z.string(), post: z.string(), text: z.string() })),
  /** the pair is no longer found: a re-import changed one of its sides */
  orphaned: z.boolean(),
});
export const ReviewsResponse = z.object({ reviews: z.array(ReviewEntry) });

const StepChange = z.object({ from: z.string(), to: z.string() });
/** How one post's steps differ from the first post's in a nearly-same group (normalised step texts). */
export const StepDifferences = z.object({
  postId: z.string(),
  workflowId: z.string(),
  distance: z.number(),
  added: z.array(z.string()),
  removed: z.array(z.string()),
  changed: z.array(StepChange),
  /** alike enough to count as the same step, worded differently */
  reworded: z.array(StepChange),
});
export const SharedGroup = z.object({
  /** code: one workflow code; steps: the same written steps; nearly-same: the same but for a label or a step or two */
  kind: z.enum(['code', 'steps', 'nearly-same']),
  key: z.string(),
  workflowId: z.string(),
  /** the steps, in order, for a group sharing written steps */
  steps: z.array(z.string()),
  bureau: z.string(),
  similarity: z.number(),
  /** in a nearly-same group the first post is the one the others are compared with */
  posts: z.array(z.object({ id: z.string(), unit: z.string(), post: z.string() })),
  /** nearly-same groups: for each post after the first; empty otherwise */
  differences: z.array(StepDifferences),
});
export const SharedResponse = z.object({ total: z.number(), offset: z.number(), truncated: z.boolean(), groups: z.array(SharedGroup) });

/** A bureau on the overview, with what a user colours it by. */
export const OverviewBureau = z.object({
  id: z.string(),
  name: z.string(),
  units: z.number(),
  posts: z.number(),
  items: z.number(),
  people: z.number(),
  vacant: z.number(),
  unplaced: z.number(),
  /** likely duplicate pairs with a side in this bureau */
  duplicates: z.number(),
  /** the highest workload index among its people */
  load: z.number(),
});
export const OverviewResponse = z.object({
  /** regions read from the bureaus' names (山亭区…, 市…); `name: null` holds the bureaus whose names give none */
  regions: z.array(z.object({ name: z.string().nullable(), level: z.enum(['city', 'district']).nullable(), bureaus: z.array(OverviewBureau) })),
  totals: z.object({ bureaus: z.number(), posts: z.number(), items: z.number(), people: z.number() }),
});

export const ChartPost = z.object({
  id: z.string(),
  unit: z.string(),
  title: z.string(),
  kind: z.string(),
  vacant: z.boolean(),
  unplaced: z.boolean(),
  /** the work items' titles in their order */
  items: z.array(z.string()),
  /** who leads (牵头) and assists (辅助) how many of its items */
  staff: z.array(z.object({ id: z.string(), name: z.string(), lead: z.number(), assist: z.number() })),
  /** the highest workload index among its staff */
  load: z.number(),
  doc: z.string(),
  line: z.number(),
});
export const ChartResponse = z
  .object({
    root: z.object({ id: z.string(), name: z.string(), kind: z.string() }),
    bureau: z.object({ id: z.string(), name: z.string() }),
    /** the root and every unit under it; `parent` is null for the root */
    units: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string(), parent: z.string().nullable() })),
    posts: z.array(ChartPost),
    /** reporting lines between the posts drawn, with the rules and basis they were derived from */
    reporting: z.array(z.object({ from: z.string(), to: z.string(), rules: z.array(z.string()), basis: z.string() })),
    /** 分管: a post overseeing a unit drawn */
    oversight: z.array(z.object({ post: z.string(), unit: z.string(), basis: z.string() })),
    /** the highest workload index in the whole graph, the top of the load colour scale */
    maxLoad: z.number(),
  })
  .openapi('OrgChart');

/** Likely duplicate pairs counted by the two bureaus or centres that carry their sides. */
export const DuplicateMatrixResponse = z.object({
  /** region: the district or city its bureau's name gives (as the overview files it), null where it gives none */
  owners: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string(), region: z.string().nullable() })),
  /** a, b: indexes into owners, a ≤ b */
  cells: z.array(z.object({ a: z.number(), b: z.number(), pairs: z.number(), confirmed: z.number(), rejected: z.number() })),
});

export const WorkflowMatrixResponse = z.object({
  bureau: z.object({ id: z.string(), name: z.string() }),
  posts: z.array(z.object({ id: z.string(), unit: z.string(), title: z.string() })),
  workflows: z.array(z.object({ id: z.string(), code: z.string().nullable(), title: z.string(), steps: z.array(z.string()) })),
  /** how many of the post's work items follow the workflow */
  cells: z.array(z.object({ post: z.string(), workflow: z.string(), items: z.number() })),
});

export const SearchResult = z.object({ id: z.string(), label: z.string(), name: z.string(), score: z.number(), context: z.string().nullable() });
export const SearchResponse = z.object({ results: z.array(SearchResult) });

export const PathResponse = z.object({ found: z.boolean(), elements: Elements, order: z.array(z.string()) });

const Where = { doc: z.string().nullable(), lines: z.tuple([z.number(), z.number()]).nullable() };
export const QualityReport = z
  .object({
    vacantPosts: z.array(z.object({ unit: z.string(), post: z.string(), ...Where })),
    itemsWithoutLead: z.array(z.object({ unit: z.string(), post: z.string(), item: z.string().nullable(), ...Where })),
    itemsWithSeveralLeads: z.array(z.object({ unit: z.string(), post: z.string(), item: z.string().nullable(), leads: z.array(z.string()), ...Where })),
    codesWithoutFlowchart: z.array(
      z.object({ bureau: z.string(), code: z.string(), items: z.array(z.object({ post: z.string(), item: z.string().nullable(), ...Where })) }),
    ),
    flowchartsUnreferenced: z.array(z.object({ bureau: z.string(), code: z.string(), title: z.string(), ...Where })),
    nameVariantsMerged: z.array(z.object({ bureau: z.string(), name: z.string(), written: z.array(z.string()) })),
    possibleSamePerson: z.array(z.object({ name: z.string(), bureaus: z.array(z.string()) })),
    parserFindings: z.array(z.object({ kind: z.string(), message: z.string(), ...Where })),
  })
  .openapi('QualityReport');

export type Ready = z.output<typeof Ready>;
export type WriteResponse = z.output<typeof WriteResponse>;
export type DocumentPreview = z.output<typeof DocumentPreview>;
export type DocumentChanges = z.output<typeof DocumentChanges>;
export type UnitsResponse = z.output<typeof UnitsResponse>;
export type GraphResponse = z.output<typeof GraphResponse>;
export type NodeResponse = z.output<typeof NodeResponse>;
export type ReportingResponse = z.output<typeof ReportingResponse>;
export type OverloadPerson = z.output<typeof OverloadPerson>;
export type OverloadResponse = z.output<typeof OverloadResponse>;
export type Segment = z.output<typeof Segment>;
export type DupPair = z.output<typeof DupPair>;
export type DuplicatesResponse = z.output<typeof DuplicatesResponse>;
export type MarkRequest = z.output<typeof MarkRequest>;
export type MarkResponse = z.output<typeof MarkResponse>;
export type ReviewsResponse = z.output<typeof ReviewsResponse>;
export type MeaningStatus = z.output<typeof MeaningStatus>;
export type SharedGroup = z.output<typeof SharedGroup>;
export type SharedResponse = z.output<typeof SharedResponse>;
export type SearchResult = z.output<typeof SearchResult>;
export type SearchResponse = z.output<typeof SearchResponse>;
export type PathResponse = z.output<typeof PathResponse>;
export type QualityReport = z.output<typeof QualityReport>;
export type OverviewResponse = z.output<typeof OverviewResponse>;
export type OverviewBureau = z.output<typeof OverviewBureau>;
export type ChartResponse = z.output<typeof ChartResponse>;
export type ChartPost = z.output<typeof ChartPost>;
export type DuplicateMatrixResponse = z.output<typeof DuplicateMatrixResponse>;
export type WorkflowMatrixResponse = z.output<typeof WorkflowMatrixResponse>;
export interface Where {
  doc: string | null;
  lines: [number, number] | null;
}

/** The JSON answer of each route, by its path as the OpenAPI document writes it. */
export const RESPONSES = {
  '/readyz': Ready,
  '/api/units': UnitsResponse,
  '/api/graph': GraphResponse,
  '/api/nodes/{id}': NodeResponse,
  '/api/org/reporting': ReportingResponse,
  '/api/overview': OverviewResponse,
  '/api/org/chart': ChartResponse,
  '/api/duplicates/matrix': DuplicateMatrixResponse,
  '/api/workflows/matrix': WorkflowMatrixResponse,
  '/api/people/overload': OverloadResponse,
  '/api/duplicates': DuplicatesResponse,
  '/api/workflows/shared': SharedResponse,
  '/api/search': SearchResponse,
  '/api/path': PathResponse,
  '/api/quality': QualityReport,
  '/api/documents': WriteResponse,
  '/api/documents/preview': DocumentPreview,
  '/api/rebuild': WriteResponse,
} as const;
