/**
 * Links the workflow codes written in the tables to the flowcharts printed after them. Codes belong to their
 * bureau, so this runs per document. The same code links at once; a code whose form differs (03-1 / 3-1-1,
 * 08 / 08-1) links only where the code's shape and the titles agree; everything else is reported.
 */
import type { Flowchart, Unit, WorkflowLink } from '../model/document.ts';
import { unpad } from './text.ts';

const segments = (code: string) => code.split('-').map((s) => String(Number(s)));

/** How strongly a printed flowchart code's shape says it stands for a table code (0 = not at all), and why. */
function shapeEvidence(table: string, chart: string): { weight: number; why: string } {
  const t = segments(table);
  const c = segments(chart);
  const starts = (long: string[], short: string[]) => long.length > short.length && long.slice(0, short.length).join('-') === short.join('-');
  if (t.join('-') === c.join('-')) return { weight: 3, why: 'same code without leading zeros' };
  if (t[0] === c[0] && t.at(-1) === c.at(-1) && c.length === t.length + 1) return { weight: 1, why: `same first and last part (${table} / ${chart})` };
  if (starts(c, t)) return { weight: 0.8, why: `flowchart code ${chart} extends ${table}` };
  if (t.length === c.length && t.length >= 3 && t.slice(1).join('-') === c.slice(1).join('-'))
    return { weight: 0.6, why: `same parts after the first (${table} / ${chart})` };
  if (starts(t, c)) return { weight: 0.5, why: `table code ${table} extends flowchart code ${chart}` };
  return { weight: 0, why: '' };
}

function bigrams(s: string): Set<string> {
  const t = unpad(s).replace(/(工作)?流程图?|工作|[，、。“”"（）()]/g, '');
  const out = new Set<string>();
  for (let i = 0; i + 1 < t.length; i++) out.add(t.slice(i, i + 2));
  return out;
}

/** Dice coefficient of character bigrams: how alike an item's title and a flowchart's title read. */
export function titleSimilarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  if (x.size === 0 || y.size === 0) return 0;
  let common = 0;
  for (const g of x) if (y.has(g)) common++;
  return (2 * common) / (x.size + y.size);
}

/** Links each workflow code cited in the tables to a printed flowchart, with the basis for each link. */
export function linkWorkflowCodes(units: Unit[], flowcharts: Flowchart[]): WorkflowLink[] {
  const uses = new Map<string, string[]>(); // table code → titles of the items citing it
  for (const u of units)
    for (const p of u.posts) for (const i of p.workItems) for (const c of i.workflowCodes) uses.set(c, [...(uses.get(c) ?? []), i.title ?? p.title]);
  const charts = new Map(flowcharts.map((f) => [f.code, f]));
  const links: WorkflowLink[] = [];
  const linkedCharts = new Set<string>();

  for (const code of [...uses.keys()].sort()) {
    const exact = charts.get(code);
    if (exact) {
      links.push({ code, flowchart: exact.code, basis: 'same code' });
      linkedCharts.add(exact.code);
    }
  }
  // the rest: every (code, flowchart) pair with some code evidence, best first, each side used once
  const open = [...uses.keys()].filter((c) => !charts.has(c)).sort();
  const pairs = open.flatMap((code) =>
    flowcharts
      .filter((f) => !uses.has(f.code))
      .map((f) => {
        const shape = shapeEvidence(code, f.code);
        const sim = Math.max(...uses.get(code)!.map((t) => titleSimilarity(t, f.title)));
        return { code, f, shape, sim, score: shape.weight + sim };
      })
      .filter((p) => p.shape.weight > 0 && (p.shape.weight >= 0.8 || p.sim >= 0.25)),
  );
  pairs.sort((a, b) => b.score - a.score || a.code.localeCompare(b.code));
  const linkedCodes = new Set<string>();
  for (const p of pairs) {
    if (linkedCodes.has(p.code) || linkedCharts.has(p.f.code)) continue;
    links.push({ code: p.code, flowchart: p.f.code, basis: `${p.shape.why}${p.sim >= 0.25 ? `; titles alike (${p.sim.toFixed(2)})` : ''}` });
    linkedCodes.add(p.code);
    linkedCharts.add(p.f.code);
  }
  for (const code of open) {
    if (!linkedCodes.has(code)) links.push({ code, flowchart: null, basis: 'no flowchart printed with this code, nor one whose code and title clearly match' });
  }
  for (const f of flowcharts) {
    if (!linkedCharts.has(f.code)) links.push({ code: null, flowchart: f.code, basis: 'no work item refers to this flowchart' });
  }
  return links;
}
