/**
 * Reporting lines inferred from the tables. No evidence, no edge: posts no rule places are returned as unplaced.
 *
 * Rules, in the order they are tried (a post may get one edge per distinct target, with every basis that gave it):
 *  1. deputy → principal: a 副职 post reports to the 正职 post of its unit.
 *  2. department: a department's staff posts report to its 副职, or to its 正职 where it has none.
 *  3. 分管 centre: a centre's posts report to the deputy whose functions name the centre after 分管.
 *  4. assistant list: a post reports to the deputy whose item lists the post's lead among its 辅助人员.
 *  5. deputy leads: a post led by the person who holds a deputy post reports to that post.
 *  6. section head: a bureau post led by the person a remark names as head of a section reports to the
 *     deputy who 分管 that section.
 */

export interface PostFacts {
  id: string;
  unitId: string;
  unitKind: string;
  unitName: string;
  /** the bureau this post's unit belongs to (itself for a bureau) */
  bureauId: string;
  kind: 'principal' | 'deputy' | 'staff';
  title: string;
  leads: string[];
  assistants: string[];
  /** unit ids named after 分管 in this post's functions */
  oversees: string[];
  doc: string;
  lineStart: number;
}

export interface SectionHeadFacts {
  person: string;
  unitId: string;
  bureauId: string;
  doc: string;
  lineStart: number;
}

export interface ReportingEdge {
  from: string;
  to: string;
  rules: string[];
  /** why, with the source line of the evidence */
  basis: string;
}

export interface ReportingResult {
  edges: ReportingEdge[];
  /** principals: the top of their unit */
  heads: string[];
  /** staff and deputy posts no rule placed */
  unplaced: string[];
}

const at = (p: { doc: string; lineStart: number }) => `${p.doc}:${p.lineStart}`;

/** Applies the rules above to every post: reporting edges with their basis, the principals, the posts left unplaced. */
export function inferReporting(posts: PostFacts[], sectionHeads: SectionHeadFacts[]): ReportingResult {
  const edges = new Map<string, ReportingEdge>();
  const add = (from: PostFacts, to: PostFacts, rule: string, basis: string) => {
    if (from.id === to.id) return;
    const key = `${from.id}→${to.id}`;
    const e = edges.get(key);
    if (e) {
      if (!e.rules.includes(rule)) {
        e.rules.push(rule);
        e.basis += `; ${basis}`;
      }
    } else edges.set(key, { from: from.id, to: to.id, rules: [rule], basis });
  };
  const byUnit = (unitId: string, kind: PostFacts['kind']) => posts.filter((p) => p.unitId === unitId && p.kind === kind);
  const deputiesOf = (bureauId: string) => posts.filter((p) => p.kind === 'deputy' && p.unitId === bureauId);

  for (const p of posts) {
    if (p.kind === 'principal') continue;
    if (p.kind === 'deputy') {
      for (const head of byUnit(p.unitId, 'principal')) add(p, head, 'deputy-principal', `副职 reports to the 正职 of ${p.unitName} (${at(head)})`);
      continue;
    }
    if (p.unitKind === 'department') {
      const deputies = byUnit(p.unitId, 'deputy');
      const targets = deputies.length ? deputies : byUnit(p.unitId, 'principal');
      for (const t of targets)
        add(p, t, 'department', `${p.unitName}: posts report to its ${t.kind === 'deputy' ? '副职' : '正职 (it has no 副职)'} (${at(t)})`);
      continue;
    }
    const deputies = deputiesOf(p.bureauId);
    for (const d of deputies) {
      if (p.unitKind === 'centre' && d.oversees.includes(p.unitId)) {
        add(p, d, 'oversees-centre', `${d.title} 分管 ${p.unitName} (${at(d)})`);
      }
      const named = p.leads.filter((l) => d.assistants.includes(l));
      if (named.length) add(p, d, 'assistant-list', `${d.title} lists ${named.join('、')}, who leads this post, among its 辅助人员 (${at(d)})`);
      const same = p.leads.filter((l) => d.leads.includes(l));
      if (same.length) add(p, d, 'deputy-leads', `${same.join('、')} holds ${d.title} and leads this post (${at(d)})`);
      if (p.unitKind === 'bureau') {
        for (const h of sectionHeads.filter((h) => h.bureauId === p.bureauId && p.leads.includes(h.person) && d.oversees.includes(h.unitId))) {
          add(p, d, 'section-head', `${h.person} heads a section ${d.title} 分管 (${h.doc}:${h.lineStart}; ${at(d)})`);
        }
      }
    }
  }
  const placed = new Set([...edges.values()].map((e) => e.from));
  return {
    edges: [...edges.values()].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to)),
    heads: posts.filter((p) => p.kind === 'principal').map((p) => p.id),
    unplaced: posts.filter((p) => p.kind !== 'principal' && !placed.has(p.id)).map((p) => p.id),
  };
}
