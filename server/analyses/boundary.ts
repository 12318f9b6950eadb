/**
 * The 职责边界清单: one row per duty carried in several places, built from the clusters of duplicate statements and
 * from pairs of whole posts, with
 * every unit and post involved, their texts and source lines, and a suggested lead unit (牵头) and assisting units
 * (配合). The suggestion reads the texts: the unit that 负责/拟定/组织/监督 leads, one that 承担…辅助/技术支撑/配合
 * assists; an administrative unit before a centre of its own; the unit named first otherwise. It is a suggestion
 * and says so.
 */
import { clusters } from './duplicates.ts';

export interface BoundarySide {
  id: string;
  bureau: string;
  unit: string;
  post: string;
  text: string;
  doc: string;
  line: number;
}

export interface BoundaryPair {
  key: string;
  grain: 'statement' | 'post';
  score: number;
  reason: string;
  mark: { verdict: 'duplicate' | 'not-duplicate'; note: string } | null;
  a: BoundarySide;
  b: BoundarySide;
}

export interface BoundaryRow {
  /** the shortest text of the cluster: the duty in the fewest words */
  duty: string;
  units: string[];
  members: BoundarySide[];
  score: number;
  reasons: string[];
  /** confirmed when a user marked any of its pairs a duplicate; likely otherwise */
  mark: 'confirmed' | 'likely';
  notes: string[];
  lead: string;
  assisting: string[];
}

const LEADS = /负责|拟定|拟订|制定|组织|监督|审批|审核|指导|管理/;
const ASSISTS = /辅助|事务性|技术支撑|技术服务|技术保障|服务保障|配合|协助|参与|初审|承担/;
const CENTRE = /(中心|站|所|队|院)$/;

/** How much a unit's texts read as leading the duty rather than assisting in it. */
function leadScore(unit: string, texts: string[]): number {
  let s = CENTRE.test(unit) ? -2 : 0;
  for (const t of texts) s += (LEADS.test(t) ? 1 : 0) - (ASSISTS.test(t) ? 1 : 0);
  return s;
}

const unitName = (s: BoundarySide) => (s.bureau === s.unit ? s.unit : `${s.bureau}/${s.unit}`);

/**
 * The rows of the list, most places first, then by score. Statements one duty joins are one row however many
 * places write it; two whole posts are a row of their own, since a post alike to two others in different ways
 * would otherwise chain unrelated posts into one row.
 */
export function boundaryRows(pairs: BoundaryPair[]): BoundaryRow[] {
  const sides = new Map(pairs.flatMap((p) => [p.a, p.b]).map((s) => [s.id, s]));
  const pairsOf = new Map<string, BoundaryPair[]>();
  for (const p of pairs) for (const id of [p.a.id, p.b.id]) pairsOf.set(id, [...(pairsOf.get(id) ?? []), p]);
  const statements = pairs.filter((p) => p.grain === 'statement');
  const groups = [
    ...clusters(statements.map((p) => ({ a: p.a.id, b: p.b.id, score: p.score }))).map((ids) => ({ ids, own: ids.flatMap((id) => pairsOf.get(id) ?? []) })),
    ...pairs.filter((p) => p.grain === 'post').map((p) => ({ ids: [p.a.id, p.b.id], own: [p] })),
  ];
  const rows = groups.map(({ ids, own: all }): BoundaryRow => {
    const members = ids.map((id) => sides.get(id)!);
    const own = [...new Set(all)];
    const units = [...new Set(members.map(unitName))];
    const ranked = units
      .map((u, order) => ({
        u,
        order,
        s: leadScore(
          u,
          members.filter((m) => unitName(m) === u).map((m) => m.text),
        ),
      }))
      .sort((x, y) => y.s - x.s || x.order - y.order);
    return {
      duty: members.map((m) => m.text).reduce((x, y) => ([...y].length < [...x].length ? y : x)),
      units,
      members,
      score: Math.max(...own.map((p) => p.score)),
      reasons: [...new Set(own.map((p) => p.reason))],
      mark: own.some((p) => p.mark?.verdict === 'duplicate') ? 'confirmed' : 'likely',
      notes: [...new Set(own.map((p) => p.mark?.note ?? '').filter(Boolean))],
      lead: ranked[0]!.u,
      assisting: ranked.slice(1).map((r) => r.u),
    };
  });
  return rows.sort((x, y) => y.units.length - x.units.length || y.score - x.score || x.duty.localeCompare(y.duty));
}
