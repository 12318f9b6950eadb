/** The data-quality report: what the tables leave open or contradict, each entry with its document and lines. */
import { z } from 'zod';
import type { Db } from '../db/driver.ts';
import * as q from '../db/queries/quality.ts';
import type { QualityReport, Where } from '../model/api.ts';
import { PAIRS_PER_NODE } from './similar.ts';

const where = (doc: string | null, a: number | null, b: number | null): Where => ({ doc, lines: a === null ? null : [a, b ?? a] });

/** A parser note as kept on its Document (JSON); workflow links carry their code and basis instead of a message. */
const Finding = z.object({
  kind: z.string(),
  message: z.string().nullish(),
  basis: z.string().nullish(),
  code: z.string().nullish(),
  flowchart: z.string().nullish(),
  provenance: z.object({ doc: z.string(), lines: z.tuple([z.number(), z.number()]) }).optional(),
});

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** One stored note in the report's words; a note the report cannot read is reported as such, not as a failure. */
function findingOf(json: string, doc: string): QualityReport['parserFindings'][number] {
  const r = Finding.safeParse(parseJson(json));
  if (!r.success) return { kind: 'unreadable-note', message: `a parser note the report cannot read: ${json.slice(0, 200)}`, doc, lines: null };
  const f = r.data;
  const message = f.message ?? `workflow code ${f.code} linked to the flowchart printed as ${f.flowchart}: ${f.basis}`;
  return { kind: f.kind, message, doc: f.provenance?.doc ?? doc, lines: f.provenance?.lines ?? null };
}

const Repeated = z.object({ text: z.string(), count: z.number() });

/** A wording the document repeats many times, numbers aside: the duplicates analysis caps its pairs. */
function repeatedOf(json: string, doc: string): QualityReport['parserFindings'][number] {
  const r = Repeated.safeParse(parseJson(json));
  if (!r.success) return { kind: 'unreadable-note', message: `a note the report cannot read: ${json.slice(0, 200)}`, doc, lines: null };
  return {
    kind: 'repeated-duties',
    message:
      `${r.data.count} work items or duties read "${r.data.text}", numbers aside: the duplicates analysis compares them as one wording ` +
      `and pairs each at most ${PAIRS_PER_NODE} times`,
    doc,
    lines: null,
  };
}

/** The whole report, every entry with its document and lines. */
export async function qualityReport(db: Db): Promise<QualityReport> {
  const r = await db.read(async (tx) => ({
    vacant: await tx.query(q.vacantPosts, {}),
    noLead: await tx.query(q.itemsWithoutLead, {}),
    several: await tx.query(q.itemsWithSeveralLeads, {}),
    codes: await tx.query(q.codesWithoutFlowchart, {}),
    unreferenced: await tx.query(q.flowchartsUnreferenced, {}),
    variants: await tx.query(q.nameVariants, {}),
    same: await tx.query(q.sameNameInBureaus, {}),
    docs: await tx.query(q.documentFindings, {}),
  }));
  const byPlace = (x: Where, y: Where) => (x.doc ?? '').localeCompare(y.doc ?? '') || (x.lines?.[0] ?? 0) - (y.lines?.[0] ?? 0);
  return {
    vacantPosts: r.vacant.map(({ a, b, doc, ...x }) => ({ ...x, ...where(doc, a, b) })),
    itemsWithoutLead: r.noLead.map(({ a, b, doc, ...x }) => ({ ...x, ...where(doc, a, b) })),
    itemsWithSeveralLeads: r.several.map(({ a, b, doc, ...x }) => ({ ...x, ...where(doc, a, b) })),
    codesWithoutFlowchart: r.codes.map((c) => ({ ...c, items: c.items.map(({ a, b, doc, ...x }) => ({ ...x, ...where(doc, a, b) })).sort(byPlace) })),
    flowchartsUnreferenced: r.unreferenced.map(({ a, b, doc, ...x }) => ({ ...x, ...where(doc, a, b) })),
    nameVariantsMerged: r.variants,
    possibleSamePerson: r.same,
    parserFindings: r.docs.flatMap((d) => [
      ...(d.findings ?? []).map((json) => findingOf(json, d.doc)),
      ...(d.repeated ?? []).map((json) => repeatedOf(json, d.doc)),
    ]),
  };
}
